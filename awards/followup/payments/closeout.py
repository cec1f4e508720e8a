"""The end of a grant: the final report's approval, closing (underspend goes back to the call),
cancelling, repayment claims, and the one extension of the payout deadline."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import audit
from awards.followup.models import Grant
from awards.permissions import MANAGE_GRANT
from calls.formatting import format_long_date

from . import rules
from .models import PayoutRequest, RepaymentClaim
from .services import _require_staff, lock_grant, paid_total


def _last_paid(grant: Grant) -> bool:
    last = grant.instalments.order_by("-order").first()
    return last is not None and last.requests.filter(state=PayoutRequest.State.PAID).exists()


def _close(grant: Grant, *, by, reason: str) -> Grant:
    grant.state = Grant.State.CLOSED
    grant.closed_at = timezone.now()
    grant.released_amount = max(0, (grant.award.amount or 0) - paid_total(grant))
    return audit.save(grant, by=by, reason=reason)


def close_if_done(*, grant: Grant, by) -> bool:
    """Close a locked grant whose final report is approved and whose last instalment is paid."""
    if grant.state in Grant.PAYABLE_STATES and grant.final_report_approved_at and _last_paid(grant):
        _close(grant, by=by, reason=_("Sluttrapporten er godkjent og siste utbetaling er gjort."))
        return True
    return False


@transaction.atomic
def record_final_report_approved(grant: Grant, *, by, now: dt.datetime | None = None) -> Grant:
    """Called when an adviser approves the final report: the last share may now be asked for,
    and a grant whose last instalment is already paid closes."""
    grant = lock_grant(grant)
    if grant.state not in Grant.PAYABLE_STATES:
        raise ValidationError(
            _("Sluttrapport kan ikke godkjennes for et tilsagn med status %(state)s.")
            % {"state": grant.get_state_display()},
            code="state",
        )
    grant.final_report_approved_at = now or timezone.now()
    grant.state = Grant.State.FINAL_REPORT
    audit.save(grant, by=by, reason=_("Sluttrapporten er godkjent."))
    close_if_done(grant=grant, by=by)
    return grant


@transaction.atomic
def grant_close(*, grant: Grant, by, cancel_remainder: bool = False) -> Grant:
    """Close a grant: when the final report is approved and the last payout paid, or, with
    ``cancel_remainder``, giving up what is not paid. The rest goes back to the call."""
    _require_staff(by, MANAGE_GRANT)
    grant = lock_grant(grant)
    if grant.state not in Grant.PAYABLE_STATES:
        raise ValidationError(
            _("Tilsagnet har status %(state)s og kan ikke avsluttes.")
            % {"state": grant.get_state_display()},
            code="state",
        )
    if grant.payout_requests.filter(state=PayoutRequest.State.APPROVED).exists():
        raise ValidationError(
            _("En godkjent utbetaling venter. Merk den som utbetalt eller send den tilbake først."),
            code="pending",
        )
    if cancel_remainder:
        return _close(grant, by=by, reason=_("Avsluttet; resten av tilskuddet er trukket tilbake."))
    if not (grant.final_report_approved_at and _last_paid(grant)):
        raise ValidationError(
            _(
                "Tilsagnet kan avsluttes når sluttrapporten er godkjent og siste utbetaling er "
                "gjort, eller ved å trekke tilbake resten."
            ),
            code="not_done",
        )
    return _close(grant, by=by, reason=_("Avsluttet."))


@transaction.atomic
def grant_cancel(*, grant: Grant, by, reason: str) -> Grant:
    """The adviser cancels the grant, with a reason; what is not paid goes back to the call."""
    _require_staff(by, MANAGE_GRANT)
    grant = lock_grant(grant)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Skriv hvorfor tilsagnet kanselleres."), code="reason")
    if grant.state not in (Grant.State.OFFERED, *Grant.PAYABLE_STATES):
        raise ValidationError(
            _("Tilsagnet har status %(state)s og kan ikke kanselleres.")
            % {"state": grant.get_state_display()},
            code="state",
        )
    grant.state = Grant.State.CANCELLED
    grant.cancelled_at, grant.cancel_reason = timezone.now(), reason
    grant.released_amount = max(0, (grant.award.amount or 0) - paid_total(grant))
    return audit.save(grant, by=by, reason=_("Kansellert: %(reason)s") % {"reason": reason})


@transaction.atomic
def repayment_claim_register(*, grant: Grant, by, amount: int, reason: str) -> RepaymentClaim:
    """A claim to pay back part of what was paid, with a reason."""
    _require_staff(by, MANAGE_GRANT)
    grant = lock_grant(grant)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Skriv grunnen til kravet om tilbakebetaling."), code="reason")
    claimed = sum(claim.amount for claim in grant.repayment_claims.all())
    paid = paid_total(grant)
    if not amount or amount <= 0 or claimed + amount > paid:
        raise ValidationError(
            _(
                "Kravet må være mellom 1 kr og det som er utbetalt og ikke alt krevd tilbake "
                "(%(left)s kr)."
            )
            % {"left": paid - claimed},
            code="amount",
        )
    claim = RepaymentClaim(
        grant=grant, amount=amount, reason=reason, registered_by=by, registered_at=timezone.now()
    )
    return audit.save(claim, by=by, reason=_("Krav om tilbakebetaling registrert."))


@transaction.atomic
def payout_deadline_extend(*, grant: Grant, by, new_deadline: dt.date, reason: str) -> Grant:
    """Extend the payout deadline once, with a reason, within the scheme's limit."""
    _require_staff(by, MANAGE_GRANT)
    grant = lock_grant(grant)
    reason = (reason or "").strip()
    if grant.payout_deadline_extended_from is not None:
        raise ValidationError(
            _("Utbetalingsfristen er allerede forlenget én gang og kan ikke forlenges igjen."),
            code="once",
        )
    if grant.payout_deadline is None:
        raise ValidationError(_("Tilsagnet har ingen utbetalingsfrist å forlenge."), code="none")
    if not reason:
        raise ValidationError(_("Skriv hvorfor fristen forlenges."), code="reason")
    if new_deadline is None or new_deadline <= grant.payout_deadline:
        raise ValidationError(
            _("Den nye fristen må være etter dagens frist (%(date)s).")
            % {"date": format_long_date(grant.payout_deadline)},
            code="earlier",
        )
    limit = rules.extension_limit(grant)
    if new_deadline > limit:
        raise ValidationError(
            _("Fristen kan ikke forlenges lenger enn til %(date)s.")
            % {"date": format_long_date(limit)},
            code="limit",
        )
    grant.payout_deadline_extended_from = grant.payout_deadline
    grant.payout_deadline = new_deadline
    grant.payout_deadline_extension_reason = reason
    return audit.save(grant, by=by, reason=_("Utbetalingsfristen er forlenget."))


def on_final_report_approved(report, *, by) -> None:
    """The reports' hook (``awards/followup/reports/hooks.py``), run after an approved final
    report is committed: the grant records it in a transaction of its own."""
    with transaction.atomic():
        record_final_report_approved(report.grant, by=by)
