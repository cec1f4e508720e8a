"""Advisers in the admin: the list with open requests first, approve and reject as actions
(a comment is needed to reject), and nothing for staff without the right."""

import pytest

from awards.followup.changes import services
from awards.models import ChangeRequest

from .conftest import ask, pdf

pytestmark = pytest.mark.django_db

LIST = "/admin/awards/changerequest/"


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.UTLYSNING_STAFF_MFA_REQUIRED = False


def _act(client, action, change, **extra):
    return client.post(
        LIST, {"action": action, "_selected_action": [change.pk], **extra}, follow=True
    )


def test_open_requests_come_first(client, accepted, org_admin, adviser):
    decided = services.change_request_reject(
        change=ask(accepted, by=org_admin), by=adviser, comment="Nei."
    )
    open_one = ask(accepted, by=org_admin, new_project_end=decided.new_project_end)
    client.force_login(adviser)
    response = client.get(LIST)
    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    assert [row.pk for row in rows] == [open_one.pk, decided.pk]


def test_an_adviser_approves_from_the_list(client, accepted, org_admin, adviser):
    change = ask(accepted, by=org_admin)
    client.force_login(adviser)
    page = client.get(f"{LIST}{change.pk}/change/").content.decode()
    assert "prosjektslutt flyttet til 31. desember 2028" in page
    assert "Ingen: endringen kan godkjennes." in page
    response = _act(client, "approve_requests", change, comment="Godkjent.")
    assert "1 endringssøknader er godkjent." in response.content.decode()
    change.refresh_from_db()
    accepted.refresh_from_db()
    assert change.state == "approved" and accepted.project_end == change.new_project_end


def test_rejecting_without_a_comment_is_refused(client, accepted, org_admin, adviser):
    change = ask(accepted, by=org_admin)
    client.force_login(adviser)
    response = _act(client, "reject_requests", change)
    assert "Skriv hvorfor endringen avslås" in response.content.decode()
    change.refresh_from_db()
    assert change.state == "open"
    _act(client, "reject_requests", change, comment="Prosjektet må holde planen.")
    change.refresh_from_db()
    assert change.state == "rejected"
    assert "Prosjektet må holde planen." in change.letter.body


def test_the_adviser_opens_the_attachment(client, accepted, org_admin, adviser):
    change = ask(
        accepted, by=org_admin, kind="partners", partner_change="Ny partner.", uploaded=pdf()
    )
    client.force_login(adviser)
    assert "pdf" in client.get(f"{LIST}{change.pk}/change/").content.decode()
    response = client.get(f"{LIST}{change.pk}/file/")
    assert response.status_code == 200


def test_a_reviewer_sees_no_change_requests(client, accepted, org_admin, reviewer):
    change = ask(accepted, by=org_admin)
    client.force_login(reviewer)
    assert client.get(LIST).status_code == 403
    assert client.get(f"{LIST}{change.pk}/file/").status_code in (403, 404)
    client.post(LIST, {"action": "approve_requests", "_selected_action": [change.pk]})
    assert ChangeRequest.objects.get(pk=change.pk).state == "open"
