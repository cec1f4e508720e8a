"""Advisers in the admin: conditions added on the grant, evidence approved, payout requests
checked and approved by two people through list actions, and the export for the finance system."""

import csv
import io

import pytest
from openpyxl import load_workbook

from awards.followup.payments import services
from awards.models import GrantCondition, PayoutRequest

from .conftest import pdf, request_payout

pytestmark = pytest.mark.django_db

LIST = "/admin/awards/payoutrequest/"


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.UTLYSNING_STAFF_MFA_REQUIRED = False


def _act(client, action, payout, **extra):
    return client.post(
        LIST, {"action": action, "_selected_action": [payout.pk], **extra}, follow=True
    )


def test_two_advisers_approve_in_two_steps_and_mark_paid(
    client, accepted, org_admin, checker, approver
):
    payout = request_payout(accepted, by=org_admin)
    client.force_login(checker)
    page = client.get(f"{LIST}{payout.pk}/change/").content.decode()
    assert "Kan godkjennes nå" in page
    assert "approve_requests" not in client.get(LIST).content.decode()  # not the checker's right
    assert (
        "1 anmodninger er kontrollert." in _act(client, "check_requests", payout).content.decode()
    )
    client.force_login(approver)
    response = _act(client, "approve_requests", payout, amount="400 000")
    assert "1 utbetalinger er godkjent." in response.content.decode()
    payout.refresh_from_db()
    assert (payout.state, payout.approved_amount, payout.approved_by) == (
        "approved",
        400_000,
        approver,
    )
    client.force_login(checker)
    _act(client, "mark_paid", payout)
    payout.refresh_from_db()
    assert (payout.state, payout.paid_amount) == ("paid", 400_000)


def test_the_checker_cannot_approve_through_the_admin_either(client, accepted, org_admin, approver):
    payout = request_payout(accepted, by=org_admin)
    client.force_login(approver)
    _act(client, "check_requests", payout)
    response = _act(client, "approve_requests", payout)
    assert "Den som kontrollerte anmodningen kan ikke også godkjenne den." in (
        response.content.decode()
    )
    payout.refresh_from_db()
    assert payout.state == "checked"


def test_sending_back_needs_a_message(client, accepted, org_admin, checker):
    payout = request_payout(accepted, by=org_admin)
    client.force_login(checker)
    assert "Skriv hva organisasjonen må rette" in (
        _act(client, "return_requests", payout, message="").content.decode()
    )
    _act(client, "return_requests", payout, message="Regnskapet mangler signatur")
    payout.refresh_from_db()
    assert (payout.state, payout.return_message) == ("returned", "Regnskapet mangler signatur")


def test_a_bad_amount_is_refused_with_a_message(client, accepted, org_admin, checker, approver):
    payout = services.payout_check(payout=request_payout(accepted, by=org_admin), by=checker)
    client.force_login(approver)
    response = _act(client, "approve_requests", payout, amount="tusen")
    assert "Skriv beløpet med tall i hele kroner" in response.content.decode()
    payout.refresh_from_db()
    assert payout.state == "checked"


def test_the_export_lists_approved_payouts_for_the_finance_system(
    client, accepted, org_admin, checker, approver
):
    payout = services.payout_check(payout=request_payout(accepted, by=org_admin), by=checker)
    services.payout_approve(payout=payout, by=approver)
    client.force_login(checker)
    response = _act(client, "export_csv", payout)
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    assert rows[0][0] == "referanse"
    assert rows[1][5] == "450000"
    response = _act(client, "export_xlsx", payout)
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=6).value == 450_000


def test_an_adviser_adds_a_condition_on_the_grant_and_approves_its_evidence(
    client, accepted, org_admin, checker
):
    client.force_login(checker)
    url = f"/admin/awards/grant/{accepted.pk}/change/"
    assert client.get(url).status_code == 200
    data = {
        "conditions-TOTAL_FORMS": "1",
        "conditions-INITIAL_FORMS": "0",
        "conditions-0-text": "Avtale med fagskolen",
        "conditions-0-gate": "before_first_payout",
        "instalments-TOTAL_FORMS": "0",
        "instalments-INITIAL_FORMS": "3",
        "payout_requests-TOTAL_FORMS": "0",
        "payout_requests-INITIAL_FORMS": "0",
        "repayment_claims-TOTAL_FORMS": "0",
        "repayment_claims-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    condition = GrantCondition.objects.get(grant=accepted)
    assert condition.history.first().history_user == checker
    services.condition_evidence_submit(condition=condition, by=org_admin, uploaded=pdf())
    client.post(
        "/admin/awards/grantcondition/",
        {"action": "approve_evidence", "_selected_action": [condition.pk]},
    )
    condition.refresh_from_db()
    assert (condition.status, condition.approved_by) == ("approved", checker)
    assert client.get(f"/admin/awards/grantcondition/{condition.pk}/file/").status_code == 200


def test_the_grant_actions_extend_the_deadline_and_cancel(client, accepted, checker):
    client.force_login(checker)
    url = "/admin/awards/grant/"
    first = accepted.payout_deadline
    response = client.post(
        url,
        {
            "action": "extend_deadline",
            "_selected_action": [accepted.pk],
            "date": "i morgen",
            "reason": "Sykdom",
        },
        follow=True,
    )
    assert "Skriv den nye fristen som ÅÅÅÅ-MM-DD" in response.content.decode()
    accepted.refresh_from_db()
    assert accepted.payout_deadline == first
    client.post(
        url,
        {"action": "cancel_grants", "_selected_action": [accepted.pk], "reason": "Trukket"},
    )
    accepted.refresh_from_db()
    assert (accepted.state, accepted.cancel_reason) == ("cancelled", "Trukket")
    assert PayoutRequest.objects.count() == 0


def test_the_board_shows_what_a_closed_grant_left_unpaid(
    client, accepted, org_admin, checker, approver
):
    from django.urls import reverse

    from awards.followup.payments import closeout

    from .conftest import pay

    board = reverse("admin:calls_call_ranking", args=[accepted.award.application.call_id])
    client.force_login(checker)
    assert "underspend-total" not in client.get(board).content.decode()
    pay(request_payout(accepted, by=org_admin), checker=checker, approver=approver)
    closeout.grant_close(grant=accepted, by=checker, cancel_remainder=True)
    page = client.get(board).content.decode()
    assert "Frigjort ved avslutning" in page
    assert "1\u00a0050\u00a0000\u00a0kr" in page.split("underspend-total")[1][:80]
