"""Two approvers at once, each in its own transaction and connection: the grant's row lock
takes them one after the other, so one approval goes through and the sum stays within the grant."""

import pytest

from awards.followup.payments import services
from awards.models import PayoutRequest
from tests.awards.followup.test_concurrency import _together

from .conftest import pay, request_payout

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_approvers_approving_the_same_request_at_once_approve_it_once(
    accepted, org_admin, checker, approver, second_approver
):
    payout = services.payout_check(payout=request_payout(accepted, by=org_admin), by=checker)
    results = _together(
        lambda: services.payout_approve(payout=payout, by=approver).state,
        lambda: services.payout_approve(payout=payout, by=second_approver).state,
    )
    assert results.count("approved") == 1
    assert "status Godkjent" in next(r for r in results if r != "approved")
    payout.refresh_from_db()
    assert payout.approved_amount == 450_000


def test_two_advisers_paying_at_once_never_pay_more_than_the_grant(
    accepted, org_admin, checker, approver, second_approver
):
    pay(request_payout(accepted, by=org_admin), checker=checker, approver=approver)
    payout = request_payout(accepted, by=org_admin, personnel=2_000_000, other=1_000_000)
    payout = services.payout_approve(
        payout=services.payout_check(payout=payout, by=checker), by=approver
    )
    results = _together(
        lambda: services.payout_mark_paid(payout=payout, by=checker).state,
        lambda: services.payout_mark_paid(payout=payout, by=second_approver).state,
    )
    assert results.count("paid") == 1
    assert "status Utbetalt" in next(r for r in results if r != "paid")
    paid = sum(i.paid_amount for i in accepted.instalments.all())
    assert paid == 1_200_000 <= accepted.award.amount
    assert PayoutRequest.objects.filter(grant=accepted, state="paid").count() == 2
