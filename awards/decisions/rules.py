"""Rules that other screens and apps check against the decisions: money, and when a call's
applications may be decided."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.assessment.models import Case
from calls.formatting import format_deadline
from calls.models import Call
from calls.templatetags.utlysning import format_kroner

from .models import Decision


def call_awarded_total(*, call: Call) -> int:
    """What the call's award decisions add up to."""
    if call.pk is None:
        return 0
    return (
        Decision.objects.filter(
            application__call_id=call.pk, outcome=Decision.Outcome.AWARD
        ).aggregate(total=Sum("amount"))["total"]
        or 0
    )


def call_check_budget(*, call: Call) -> None:
    """A call's budget may not go below what is already awarded from it (run by Call.clean)."""
    if call.budget is None:
        return
    awarded = call_awarded_total(call=call)
    if call.budget < awarded:
        raise ValidationError(
            {
                "budget": _(
                    "Rammen kan ikke være lavere enn det som allerede er tildelt: "
                    "%(awarded)s. Endre vedtakene først."
                )
                % {"awarded": format_kroner(awarded)}
            }
        )


def call_require_closed(*, call: Call, now=None) -> None:
    """Deciding, inviting and sending letters wait until the call's deadline has passed: until
    then applicants may still send, and every application is weighed against all the others."""
    now = now or timezone.now()
    if now < call.closes_at:
        raise ValidationError(
            _(
                "Søknadsfristen for «%(call)s» er %(deadline)s. Vedtak, invitasjoner og brev "
                "venter til fristen har gått ut."
            )
            % {"call": call.title, "deadline": format_deadline(call.closes_at)},
            code="call_open",
        )


def rejection_reasons_for(*, eligibility: str | None) -> list[str]:
    """The rejection reasons that agree with the formal check: an application that passed it
    cannot be rejected for failing it, and one that failed it was never weighed against the
    others (so neither its score nor the budget is the reason)."""
    reasons = Decision.RejectionReason
    if eligibility == Case.Eligibility.ELIGIBLE:
        return [value for value in reasons.values if value != reasons.NOT_ELIGIBLE]
    if eligibility == Case.Eligibility.INELIGIBLE:
        return [reasons.NOT_ELIGIBLE, reasons.OUTSIDE_AREA, reasons.OTHER]
    return list(reasons.values)
