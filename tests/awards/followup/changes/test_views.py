"""/my/grants/<pk>/changes/new/ and the grant page's list of changes: administrators and editors
ask, readers read, other organisations, reviewers and advisers learn nothing through /my/."""

import pytest

from awards.followup.changes import services
from awards.models import ChangeRequest
from tests.factories import MembershipFactory, UserFactory

from .conftest import ask, pdf

pytestmark = pytest.mark.django_db


def _url(grant):
    return f"/my/grants/{grant.pk}/changes/new/"


def _form(**extra):
    return {
        "kind": "project_period",
        "reason": "Rekrutteringen til første kull tok lengre tid.",
        "new_project_end": "2028-12-31",
        **extra,
    }


def test_an_editor_asks_and_the_grant_page_lists_it(client, accepted, org_editor):
    client.force_login(org_editor)
    page = client.get(_url(accepted)).content.decode()
    assert "Søk om endring" in page and "Personalkostnader" in page
    response = client.post(_url(accepted), _form(), follow=True)
    page = response.content.decode()
    assert "Endringssøknaden er sendt." in page
    assert "Lengre prosjektperiode" in page and "Til behandling" in page
    change = ChangeRequest.objects.get(grant=accepted)
    assert (change.requested_by, str(change.new_project_end)) == (org_editor, "2028-12-31")


def test_an_administrator_asks_to_move_money_between_lines(client, accepted, org_admin):
    client.force_login(org_admin)
    response = client.post(
        _url(accepted),
        _form(
            kind="budget_lines",
            new_project_end="",
            move_0_from="personnel",
            move_0_to="equipment",
            move_0_amount="250 000 kr",
        ),
    )
    assert response.status_code == 302
    change = ChangeRequest.objects.get(grant=accepted)
    assert change.budget_moves == [{"from": "personnel", "to": "equipment", "amount": 250_000}]


def test_a_reader_reads_the_changes_but_may_not_ask(client, accepted, org_admin, org_reader):
    ask(accepted, by=org_admin)
    client.force_login(org_reader)
    page = client.get(f"/my/grants/{accepted.pk}/").content.decode()
    assert "Lengre prosjektperiode" in page
    assert _url(accepted) not in page
    assert client.get(_url(accepted)).status_code == 403
    assert client.post(_url(accepted), _form(new_project_end="2029-01-31")).status_code == 403
    assert ChangeRequest.objects.count() == 1


@pytest.mark.parametrize("who", ["stranger", "reviewer", "adviser"])
def test_others_get_a_404(client, accepted, org_admin, who, request):
    change = ask(
        accepted, by=org_admin, kind="partners", partner_change="Ny partner.", uploaded=pdf()
    )
    if who == "stranger":
        person = UserFactory(username="stranger", email="annen@org.no")
        MembershipFactory(user=person, role="admin")  # of another organisation
    else:
        person = request.getfixturevalue(who)
    client.force_login(person)
    assert client.get(_url(accepted)).status_code == 404
    assert client.post(_url(accepted), _form()).status_code == 404
    assert client.get(f"/my/grants/changes/{change.pk}/file/").status_code == 404
    assert client.get(f"/my/grants/{accepted.pk}/").status_code == 404


def test_the_organisation_downloads_the_attachment(client, accepted, org_admin, org_reader):
    change = ask(
        accepted, by=org_admin, kind="partners", partner_change="Ny partner.", uploaded=pdf()
    )
    client.force_login(org_reader)
    response = client.get(f"/my/grants/changes/{change.pk}/file/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_anonymous_people_are_sent_to_log_in(client, accepted):
    response = client.get(_url(accepted))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_bad_date_gets_a_norwegian_message_and_keeps_the_input(client, accepted, org_admin):
    client.force_login(org_admin)
    response = client.post(_url(accepted), _form(new_project_end="31.12.20288"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Skriv datoen som dd.mm.åååå." in page
    assert "Rekrutteringen til første kull tok lengre tid." in page
    assert not ChangeRequest.objects.exists()


def test_a_broken_rule_shows_its_message_and_keeps_the_input(client, accepted, org_admin):
    client.force_login(org_admin)
    response = client.post(_url(accepted), _form(new_project_end="2027-06-30"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Endringssøknaden er ikke sendt" in page
    assert "etter dagens prosjektslutt" in page
    assert 'value="2027-06-30"' in page
    assert not ChangeRequest.objects.exists()


def test_a_half_filled_move_is_named(client, accepted, org_admin):
    client.force_login(org_admin)
    response = client.post(
        _url(accepted), _form(kind="budget_lines", move_0_from="personnel", move_0_amount="5")
    )
    assert response.status_code == 400
    assert "Velg både budsjettposten det flyttes fra og til." in response.content.decode()


def test_an_open_request_blocks_a_new_one_on_the_page(client, accepted, org_admin):
    ask(accepted, by=org_admin)
    client.force_login(org_admin)
    page = client.get(_url(accepted)).content.decode()
    assert "allerede en endringssøknad til behandling" in page
    response = client.post(_url(accepted), _form(new_project_end="2029-06-30"))
    assert response.status_code == 400
    assert ChangeRequest.objects.count() == 1


def test_the_grant_page_shows_the_new_end_and_the_letter(client, accepted, org_admin, adviser):
    change = services.change_request_approve(change=ask(accepted, by=org_admin), by=adviser)
    client.force_login(org_admin)
    page = client.get(f"/my/grants/{accepted.pk}/").content.decode()
    assert "31. desember 2028" in page
    assert f"/my/letters/{change.letter_id}/" in page
    letter = client.get(f"/my/letters/{change.letter_id}/")
    assert letter.status_code == 200
    assert "prosjektslutt flyttet til 31. desember 2028" in letter.content.decode()


def test_no_link_to_ask_before_acceptance(client, offered, org_admin):
    client.force_login(org_admin)
    assert _url(offered) not in client.get(f"/my/grants/{offered.pk}/").content.decode()
    page = client.get(_url(offered)).content.decode()
    assert "må være akseptert før dere kan søke om endringer" in page


def test_my_page_still_links_the_offer_letter_after_a_change_letter(
    client, accepted, org_admin, adviser
):
    offer = accepted.award.application.letters.get(kind="offer")
    change = services.change_request_approve(change=ask(accepted, by=org_admin), by=adviser)
    client.force_login(org_admin)
    page = client.get("/my/").content.decode()
    assert f"/my/letters/{offer.pk}/" in page
    assert f"/my/letters/{change.letter_id}/" not in page
