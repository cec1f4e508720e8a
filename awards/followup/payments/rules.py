"""The rules of money after acceptance, shared by the pages and the services.

How much an instalment may pay (``payable_cap``):

* the grant's share of the costs is ``grant amount / total of the approved budget``, at most 1
  (a budget of 0 kr counts as a share of 1);
* an advance instalment (``is_advance``) pays its amount without documented costs;
* any other instalment pays at most what the documented costs earn, less what the grant has
  paid already (the advance included): ``floor(documented × share) − paid on other
  instalments``, never below 0 and never above the instalment's own amount.

So a grant never pays more than its amount (the instalments add up to it), and never more than
its share of the costs documented so far, once the advance has been earned back.
"""

from __future__ import annotations

import calendar
import datetime as dt
from fractions import Fraction

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.formatting import format_long_date

from .models import COST_KINDS, GrantCondition, Instalment


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def split_amount(amount: int, percents: list[int]) -> list[int]:
    """Whole kroner per share; the last share takes the rounding so the sum is ``amount``."""
    parts = [amount * percent // 100 for percent in percents[:-1]]
    return [*parts, amount - sum(parts)]


def budget_by_kind(application) -> dict[str, int]:
    """The approved budget per line (kind of cost), summed over the cost plan's years."""
    totals = {kind: 0 for kind, _label in COST_KINDS}
    for line in application.cost_lines.all():
        for kind in totals:
            totals[kind] += getattr(line, kind)
    return totals


def grant_share(*, grant_amount: int, budget_total: int) -> Fraction:
    if budget_total <= 0:
        return Fraction(1)
    return min(Fraction(1), Fraction(grant_amount, budget_total))


def payable_cap(
    *,
    instalment: Instalment,
    documented: int,
    grant_amount: int,
    budget_total: int,
    paid_before: int,
) -> int:
    """The most this instalment may pay now (see the module's text)."""
    if instalment.is_advance:
        return instalment.amount
    earned = int(documented * grant_share(grant_amount=grant_amount, budget_total=budget_total))
    return max(0, min(instalment.amount, earned - paid_before))


def payout_deadline_for(*, decision, award) -> dt.date | None:
    """The decision's payout deadline, or the project's end plus the configured months."""
    if decision is not None and decision.payout_deadline:
        return decision.payout_deadline
    if award.project_ends_on:
        return add_months(
            award.project_ends_on, settings.UTLYSNING_PAYOUT_DEADLINE_MONTHS_AFTER_PROJECT
        )
    return None


def extension_limit(grant) -> dt.date | None:
    """The latest payout deadline an extension may set: the scheme's months after the first."""
    first = grant.payout_deadline_extended_from or grant.payout_deadline
    if first is None:
        return None
    return add_months(first, settings.UTLYSNING_PAYOUT_EXTENSION_MAX_MONTHS)


def next_instalment(grant) -> Instalment | None:
    """The first instalment no request has been paid for yet."""
    return grant.instalments.exclude(requests__state="paid").order_by("order").first()


def is_last(instalment: Instalment) -> bool:
    return not instalment.grant.instalments.filter(order__gt=instalment.order).exists()


def request_refusals(
    *, grant, instalment: Instalment | None, now: dt.datetime | None = None, deadline: bool = True
):
    """Why the organisation may not ask for a payout now, as messages (empty: it may). An
    approval checks the same without the deadline: a request sent in time may be approved late."""
    from awards.followup.models import Grant

    now = now or timezone.now()
    if grant.state not in Grant.PAYABLE_STATES:
        if grant.state == Grant.State.OFFERED:
            return [_("Tilskuddet må være akseptert før dere kan be om utbetaling.")]
        return [
            _("Det kan ikke bes om utbetaling av et tilsagn med status %(state)s.")
            % {"state": grant.get_state_display()}
        ]
    if instalment is None:
        return [_("Hele tilskuddet er utbetalt eller avregnet.")]
    problems = []
    if deadline and grant.payout_deadline and timezone.localdate(now) > grant.payout_deadline:
        problems.append(
            _("Fristen for å be om utbetaling gikk ut %(date)s.")
            % {"date": format_long_date(grant.payout_deadline)}
        )
    gates = [GrantCondition.Gate.FIRST_PAYOUT]
    last = is_last(instalment)
    if last:
        gates.append(GrantCondition.Gate.FINAL_PAYOUT)
    unmet = grant.conditions.filter(gate__in=gates, approved_at__isnull=True)
    for condition in unmet:
        problems.append(
            _("Særvilkåret «%(text)s» må være dokumentert og godkjent først.")
            % {"text": condition.text[:80]}
        )
    if last and grant.final_report_approved_at is None:
        problems.append(_("Sluttutbetalingen kan først bes om når sluttrapporten er godkjent."))
    return problems
