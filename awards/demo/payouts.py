"""Payouts for the 2015 call's grants in the demo: every grant accepted, most paid in part (the
advance, some also the instalment on progress), the last two paid in full with their final
reports approved and closed. The amounts follow the illustrative awards and are marked so."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from awards import audit
from awards.followup.models import Grant
from awards.followup.payments.models import Instalment, PayoutRequest
from awards.followup.payments.services import instalments_create
from calls.models import Call

# Per grant, in the order of the call's awards: how many instalments have been paid.
PAID_INSTALMENTS = [1, 2, 1, 2, 1, 2, 1, 1, 3, 3]


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _pay(grant: Grant, instalment: Instalment, *, day: dt.date) -> None:
    amount = instalment.amount
    payout = PayoutRequest(
        grant=grant,
        instalment=instalment,
        state=PayoutRequest.State.PAID,
        personnel=amount * 2,  # the grant paid half of the project's costs
        status_text="Illustrerende data: prosjektet går som planlagt.",
        declaration=True,
        submitted_at=_at(day - dt.timedelta(days=20)),
        checked_at=_at(day - dt.timedelta(days=10)),
        approved_at=_at(day - dt.timedelta(days=5)),
        approved_amount=amount,
        paid_at=_at(day),
        paid_amount=amount,
    )
    audit.save(payout, by=None, reason="Demodata")
    instalment.paid_amount, instalment.paid_at = amount, payout.paid_at
    audit.save(instalment, by=None, reason="Demodata")


def load_payouts_2015(call: Call) -> None:
    """Grants, instalments and payouts for the 2015 awards; a second run changes nothing."""
    awards = call.applications.filter(award__isnull=False).order_by("reference")
    for award, paid in zip(
        (application.award for application in awards), PAID_INSTALMENTS, strict=False
    ):
        if Grant.objects.filter(award=award).exists():
            continue
        offered = award.decided_at
        grant = Grant(
            award=award,
            state=Grant.State.IN_PROGRESS,
            offered_at=offered,
            accept_by=offered + dt.timedelta(weeks=4),
            accepted_at=offered + dt.timedelta(weeks=2),
            payout_deadline=(offered + dt.timedelta(days=3 * 365)).date(),
        )
        audit.save(grant, by=None, reason="Demodata")
        instalments_create(grant=grant, by=None)
        first_day = timezone.localdate(offered) + dt.timedelta(days=30)
        for order, instalment in enumerate(grant.instalments.order_by("order")[:paid]):
            _pay(grant, instalment, day=first_day + dt.timedelta(days=330 * order))
        if paid == grant.instalments.count():
            grant.final_report_approved_at = _at(first_day + dt.timedelta(days=640))
            grant.state, grant.closed_at = (
                Grant.State.CLOSED,
                _at(first_day + dt.timedelta(days=700)),
            )
            audit.save(grant, by=None, reason="Demodata")
