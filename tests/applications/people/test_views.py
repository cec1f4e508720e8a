"""The screens for organisations and people, the person's own data and deleting an account."""

import pytest

from applications.models import Organisation
from tests.factories import (
    MembershipFactory,
    UserFactory,
    complete_draft,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("orgnr", "message"),
    [
        ("974 760 674", "kontrollsifferet stemmer ikke"),
        ("12345", "må ha 9 sifre"),
        ("abc def ghi", "bare inneholde sifre"),
        ("<script>alert(1)</script>", "bare inneholde sifre"),
        ("9" * 200, "for langt"),
    ],
)
def test_a_bad_organisation_number_is_shown_with_a_message(client, orgnr, message):
    client.force_login(UserFactory())
    response = client.post(
        "/my/organisations/new/", {"orgnr": orgnr, "name": "Klyngen", "kind": "cluster"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "<script>alert(1)</script>" not in html
    assert 'value="Klyngen"' in html  # what was typed is kept
    assert not Organisation.objects.filter(name="Klyngen").exists()


def test_registering_an_organisation_then_seeing_it_on_my_page(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/my/organisations/new/",
        {"orgnr": "974 760 673", "name": "Klyngen", "kind": "cluster", "website": "klyngen.no"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/my/"
    assert "Du handler for Klyngen som Administrator" in response.content.decode()


def test_deleting_the_account_needs_a_confirmation_and_then_logs_out(client):
    membership = MembershipFactory(role="admin")
    client.force_login(membership.user)
    assert "ds-error-summary" in client.post("/my/delete-account/", {}).content.decode()
    response = client.post("/my/delete-account/", {"confirm": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert not type(membership.user).objects.filter(pk=membership.user.pk).exists()
    assert Organisation.objects.filter(pk=membership.organisation_id).exists()


def test_the_last_administrator_is_told_to_hand_over_first(client):
    admin = MembershipFactory(role="admin")
    MembershipFactory(organisation=admin.organisation, role="editor")
    client.force_login(admin.user)
    html = client.get("/my/delete-account/").content.decode()
    assert "Gi en av dem administratorrollen" in html
    html = client.post("/my/delete-account/", {"confirm": "on"}).content.decode()
    assert "eneste administratoren" in html


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/"])
def test_registering_never_redirects_to_another_site(client, target):
    client.force_login(UserFactory())
    response = client.post(
        f"/my/organisations/new/?next={target}",
        {"orgnr": "974 760 673", "name": "Klyngen", "kind": "cluster"},
    )
    assert response["Location"] == "/my/"


def test_registering_from_the_start_page_returns_there(client):
    call = complete_draft().call
    client.force_login(UserFactory())
    start = f"/my/calls/{call.slug}/start/"
    html = client.get(start).content.decode()
    assert f"/my/organisations/new/?next={start}" in html
    response = client.post(
        f"/my/organisations/new/?next={start}",
        {"orgnr": "974 760 673", "name": "Klyngen", "kind": "cluster"},
    )
    assert response["Location"] == start


def test_the_invitation_page_names_the_organisation_and_refuses_a_used_link(client):
    from applications.people import services

    admin = MembershipFactory(role="admin")
    _invitation, token = services.invitation_create(
        organisation=admin.organisation,
        email="kollega@example.org",
        role="editor",
        by=admin.user,
        link_for=str,
    )
    colleague = UserFactory(email="kollega@example.org")
    client.force_login(colleague)
    html = client.get(f"/my/invitations/{token}/").content.decode()
    assert admin.organisation.name in html
    assert "rollen redaktør" in html
    response = client.post(f"/my/invitations/{token}/", follow=True)
    assert response.redirect_chain[-1][0] == "/my/"
    html = client.get(f"/my/invitations/{token}/").content.decode()
    assert "allerede brukt eller er utløpt" in html
    assert admin.organisation.name not in html.split("<main", 1)[1].split("</main>")[0]


def test_the_only_member_is_told_what_happens_to_the_organisation(client):
    membership = MembershipFactory(role="admin")
    client.force_login(membership.user)
    html = client.get("/my/delete-account/").content.decode()
    assert "Du er den eneste personen i disse organisasjonene" in html
    assert membership.organisation.name in html
