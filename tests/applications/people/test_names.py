"""Organisation and person names are one line: a line break typed in never reaches a header."""

import pytest
from django.core import mail

from applications.models import Membership, Organisation
from applications.people import services
from applications.people.names import single_line
from tests.admin_forms import change_form_data
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_control_characters_and_line_breaks_become_single_spaces():
    assert single_line(" Lag\r\nog\tforening\x00\x1b \u2028AS ") == "Lag og forening AS"


def test_a_line_break_in_a_registered_name_is_cleaned(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/my/organisations/new/",
        {"orgnr": "974760673", "name": "Klyngen\r\nBcc: x@example.org", "kind": "cluster"},
    )
    assert response.status_code < 500
    assert Organisation.objects.get(orgnr="974760673").name == "Klyngen Bcc: x@example.org"


def test_an_old_name_with_a_line_break_still_lets_others_ask_for_access_and_be_invited(
    client, committed
):
    organisation = OrganisationFactory()
    Organisation.objects.filter(pk=organisation.pk).update(name="Gammel\nklynge")
    organisation.refresh_from_db()
    admin = MembershipFactory(organisation=organisation, role=Membership.Role.ADMIN)
    with committed():
        services.access_request_create(organisation=organisation, user=UserFactory())
    assert "\n" not in mail.outbox[-1].subject
    with committed():
        invitation, token = services.invitation_create(
            organisation=organisation,
            email="ny@example.org",
            role=Membership.Role.EDITOR,
            by=admin.user,
            link_for=lambda token: f"/my/invitations/{token}/",
        )
    assert "\n" not in mail.outbox[-1].subject
    client.force_login(UserFactory(email="ny@example.org"))
    assert client.get(f"/my/invitations/{token}/").status_code == 200


def test_a_persons_name_typed_in_the_admin_is_one_line(client):
    boss = UserFactory(username="boss", is_staff=True, is_superuser=True)
    client.force_login(boss)
    person = UserFactory(username="person")
    url = f"/admin/auth/user/{person.pk}/change/"
    data = change_form_data(client.get(url).content.decode())
    data.update(first_name=["Kari\r\nNordmann"])
    client.post(url, {k: v for k, v in data.items() if v})
    person.refresh_from_db()
    assert person.first_name == "Kari Nordmann"
