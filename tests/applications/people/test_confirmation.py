"""The first registration of an organisation number waits for an adviser to confirm it: drafts
can be prepared, nothing can be sent."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from applications.applying import submission
from applications.models import Membership, Organisation
from applications.people import services
from awards import roles
from tests.factories import MembershipFactory, StaffFactory, UserFactory, complete_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered():
    user = UserFactory(email="forst@example.org")
    organisation, _request = services.organisation_register(
        user=user, orgnr="974760673", name="Klyngen", kind="cluster"
    )
    return organisation, user


def test_the_first_registration_of_a_number_is_pending(registered):
    organisation, _user = registered
    assert organisation.confirmation_pending
    assert organisation.confirmed_at is None


def test_a_pending_organisation_prepares_a_draft_but_cannot_send_it(registered):
    organisation, user = registered
    draft = complete_draft(organisation=organisation)
    with pytest.raises(ValidationError, match="ennå ikke bekreftet"):
        submission.application_submit(application=draft, by=user)
    services.organisation_confirm(organisation=organisation, by=StaffFactory())
    sent = submission.application_submit(application=draft, by=user)
    assert sent.reference


def test_an_adviser_confirms_it_in_the_admin_with_the_typed_data_beside_it(client, registered):
    organisation, user = registered
    adviser = StaffFactory(username="adviser", group=roles.ADVISER)
    client.force_login(adviser)
    url = reverse("admin:applications_organisation_changelist")
    listing = client.get(url, {"confirmation_pending__exact": "1"}).content.decode()
    assert "Klyngen" in listing and "forst@example.org" in listing
    assert "enhetsregisteret/oppslag/enheter/974760673" in listing
    client.post(url, {"action": "confirm_organisations", "_selected_action": [organisation.pk]})
    organisation.refresh_from_db()
    assert not organisation.confirmation_pending
    assert organisation.confirmed_by == adviser


def test_people_who_cannot_confirm_do_not_get_the_action(client, registered):
    organisation, _user = registered
    client.force_login(StaffFactory(username="reviewer", group=roles.PARTNER_REVIEWER))
    url = reverse("admin:applications_organisation_changelist")
    client.post(url, {"action": "confirm_organisations", "_selected_action": [organisation.pk]})
    organisation.refresh_from_db()
    assert organisation.confirmation_pending


def test_organisations_made_elsewhere_are_not_pending():
    membership = MembershipFactory(role=Membership.Role.ADMIN)
    assert not Organisation.objects.get(pk=membership.organisation_id).confirmation_pending
