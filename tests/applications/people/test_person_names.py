"""People are shown by the name they gave, else their e-mail address, never a made-up username."""

import pytest
from django.core import mail

from applications.applying import submission
from applications.models import Membership
from applications.people import services
from calls.formatting import person_name, person_with_address
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, complete_draft

pytestmark = pytest.mark.django_db


def test_a_person_is_their_name_else_their_address_never_the_username():
    named = UserFactory(username="kari.074716", first_name="Kari", last_name="Nordmann")
    unnamed = UserFactory(username="ola.551203", email="ola@example.org")
    assert person_name(named) == str(named) == "Kari Nordmann"
    assert person_name(unnamed) == str(unnamed) == "ola@example.org"
    assert person_with_address(named) == "Kari Nordmann (kari.074716@example.org)"
    assert person_with_address(unnamed) == "ola@example.org"


def test_the_members_page_shows_names_and_addresses_not_usernames(client):
    admin = MembershipFactory(
        role=Membership.Role.ADMIN,
        user=UserFactory(username="kari.074716", first_name="Kari", last_name="Nordmann"),
    )
    MembershipFactory(
        organisation=admin.organisation,
        role=Membership.Role.EDITOR,
        user=UserFactory(username="per.118822", email="per@example.org"),
    )
    client.force_login(admin.user)
    html = client.get(f"/my/organisations/{admin.organisation_id}/people/").content.decode()
    assert '<th scope="row" role="rowheader">Kari Nordmann</th>' in html
    assert "kari.074716@example.org" in html  # the address is still shown beside the name
    assert '<th scope="row" role="rowheader">per@example.org</th>' in html
    assert "Rolle for Kari Nordmann" in html
    assert ">kari.074716<" not in html and ">per.118822<" not in html


def test_the_header_shows_the_signed_in_person_by_name(client):
    user = UserFactory(first_name="Kari", last_name="Nordmann")
    client.force_login(user)
    html = client.get("/my/").content.decode()
    assert '<span class="muted site-header__user">Kari Nordmann</span>' in html


def test_a_person_changes_their_name_on_the_account_page(client):
    user = UserFactory()
    client.force_login(user)
    assert "Skriv inn navnet ditt" in client.get("/my/").content.decode()
    response = client.post("/my/name/", {"full_name": "Kari  Anne\r\nNordmann"})
    assert response["Location"] == "/my/"
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Kari Anne", "Nordmann")
    html = client.get("/my/").content.decode()
    assert "Du er registrert som Kari Anne Nordmann" in html
    assert 'value="Kari Anne Nordmann"' in client.get("/my/name/").content.decode()


def test_an_empty_name_is_refused_with_a_message(client):
    user = UserFactory(first_name="Kari", last_name="Nordmann")
    client.force_login(user)
    response = client.post("/my/name/", {"full_name": "   "})
    assert response.status_code == 200
    assert "Skriv inn fullt navn, for eksempel Kari Nordmann." in response.content.decode()
    user.refresh_from_db()
    assert user.get_full_name() == "Kari Nordmann"


def test_invitations_and_access_requests_name_the_person(client, committed):
    organisation = OrganisationFactory(name="Klyngen")
    admin = MembershipFactory(
        organisation=organisation,
        role=Membership.Role.ADMIN,
        user=UserFactory(first_name="Kari", last_name="Nordmann"),
    )
    with committed():
        services.invitation_create(
            organisation=organisation,
            email="ny@example.org",
            role=Membership.Role.EDITOR,
            by=admin.user,
            link_for=lambda token: f"https://example.org/{token}",
        )
    assert mail.outbox[-1].body.startswith("Kari Nordmann har invitert deg")
    asker = UserFactory(username="ola.551203", first_name="Ola", last_name="Nordmann")
    with committed():
        services.access_request_create(organisation=organisation, user=asker)
    assert mail.outbox[-1].body.startswith(f"Ola Nordmann ({asker.email}) ber om tilgang")


def test_the_application_pages_name_who_saved_and_sent_it(client):
    application = complete_draft()
    editor = MembershipFactory(
        organisation=application.organisation,
        role=Membership.Role.EDITOR,
        user=UserFactory(username="kari.074716", first_name="Kari", last_name="Nordmann"),
    ).user
    application = submission.application_submit(application=application, by=editor)
    application.last_saved_by, application.last_saved_at = editor, application.submitted_at
    application.save(update_fields=["last_saved_by", "last_saved_at"])
    client.force_login(editor)
    html = client.get(f"/my/applications/{application.pk}/receipt/").content.decode()
    assert "<dd>Kari Nordmann</dd>" in html
    html = client.get(f"/my/applications/{application.pk}/summary/").content.decode()
    assert "av Kari Nordmann" in html  # last saved by
