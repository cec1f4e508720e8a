"""The rules of a change request, shared by the form, the admin and the services. Each check
returns the problems as messages a person can act on (empty: the change may be made)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from awards.followup.models import Grant
from awards.followup.payments.models import COST_KINDS, PayoutRequest
from awards.followup.payments.rules import budget_by_kind, extension_limit
from calls.formatting import format_kroner, format_long_date

COST_LABELS = dict(COST_KINDS)

# The states in which a grant's terms can still be changed.
CHANGEABLE_STATES = Grant.PAYABLE_STATES


def grant_refusals(grant: Grant) -> list[str]:
    """Why no change request can be made on the grant now."""
    if grant.state not in CHANGEABLE_STATES:
        if grant.state == Grant.State.OFFERED:
            return [_("Tilskuddet må være akseptert før dere kan søke om endringer.")]
        return [
            _("Det kan ikke søkes om endringer i et tilsagn med status %(state)s.")
            % {"state": grant.get_state_display()}
        ]
    return []


def open_request_refusal() -> str:
    return _(
        "Det er allerede en endringssøknad til behandling for dette tilsagnet. Vent på svaret "
        "før dere sender en ny."
    )


def budget_lines(grant: Grant) -> dict[str, int]:
    """The approved budget per line as the grant's terms say it now."""
    if grant.budget_lines:
        return {kind: int(grant.budget_lines.get(kind, 0)) for kind, _label in COST_KINDS}
    return budget_by_kind(grant.award.application)


def documented_by_line(grant: Grant) -> dict[str, int]:
    """The costs documented per line in approved or paid payout requests. A request reports
    the costs so far, so the most any of them reported counts."""
    documented = {kind: 0 for kind, _label in COST_KINDS}
    approved = grant.payout_requests.filter(
        state__in=[PayoutRequest.State.APPROVED, PayoutRequest.State.PAID]
    )
    for payout in approved:
        for kind in documented:
            documented[kind] = max(documented[kind], getattr(payout, kind))
    return documented


def project_end_problems(*, grant: Grant, new_end: dt.date | None, today: dt.date) -> list[str]:
    if new_end is None:
        return [_("Skriv den nye datoen for prosjektslutt.")]
    problems = []
    if new_end <= today:
        problems.append(_("Den nye prosjektslutten må være etter i dag."))
    current = grant.current_project_end
    if current and new_end <= current:
        problems.append(
            _("Den nye prosjektslutten må være etter dagens prosjektslutt (%(date)s).")
            % {"date": format_long_date(current)}
        )
    return problems


def payout_deadline_problems(*, grant: Grant, new_deadline: dt.date | None) -> list[str]:
    if new_deadline is None:
        return [_("Skriv den nye fristen for utbetaling.")]
    if grant.payout_deadline is None:
        return [_("Tilsagnet har ingen utbetalingsfrist å endre.")]
    if grant.payout_deadline_extended_from is not None:
        return [_("Utbetalingsfristen er allerede forlenget én gang og kan ikke forlenges igjen.")]
    problems = []
    if new_deadline <= grant.payout_deadline:
        problems.append(
            _("Den nye fristen må være etter dagens frist (%(date)s).")
            % {"date": format_long_date(grant.payout_deadline)}
        )
    limit = extension_limit(grant)
    if limit and new_deadline > limit:
        problems.append(
            _("Fristen kan ikke settes senere enn %(date)s.") % {"date": format_long_date(limit)}
        )
    return problems


def budget_after(budget: dict[str, int], moves: list[dict]) -> dict[str, int]:
    after = dict(budget)
    for move in moves:
        after[move["from"]] -= move["amount"]
        after[move["to"]] += move["amount"]
    return after


def budget_moves_problems(*, grant: Grant, moves: list[dict]) -> list[str]:
    """Moves keep the total, use the budget's lines, and leave no line below 0 or below what
    approved payout requests have documented on it."""
    if not moves:
        return [_("Før opp minst én flytting mellom budsjettposter.")]
    problems = []
    for move in moves:
        if move.get("from") not in COST_LABELS or move.get("to") not in COST_LABELS:
            return [_("Velg budsjettposter fra listen.")]
        if move["from"] == move["to"]:
            problems.append(_("En flytting må gå fra én budsjettpost til en annen."))
        if not isinstance(move.get("amount"), int) or move["amount"] <= 0:
            problems.append(_("Beløpet som flyttes, må være et helt antall kroner over 0."))
    if problems:
        return problems
    budget = budget_lines(grant)
    # Each move takes from one line what it gives another, so the total stays as it is.
    after = budget_after(budget, moves)
    documented = documented_by_line(grant)
    for kind, label in COST_KINDS:
        if after[kind] < 0:
            problems.append(
                _("%(line)s kan ikke bli lavere enn 0 kr (budsjettet er %(amount)s).")
                % {"line": label, "amount": format_kroner(budget[kind])}
            )
        elif after[kind] < documented[kind]:
            problems.append(
                _(
                    "%(line)s kan ikke bli lavere enn det som er dokumentert i godkjente "
                    "anmodninger om utbetaling (%(amount)s)."
                )
                % {"line": label, "amount": format_kroner(documented[kind])}
            )
    return problems


def leader_problems(*, name: str, email: str) -> list[str]:
    problems = []
    if not (name or "").strip():
        problems.append(_("Skriv navnet på den nye prosjektlederen."))
    if not (email or "").strip():
        problems.append(_("Skriv e-postadressen til den nye prosjektlederen."))
    return problems


def request_problems(*, grant: Grant, change, today: dt.date | None = None) -> list[str]:
    """Every problem with a change request's values against the grant's terms now."""
    today = today or timezone.localdate()
    kind = change.kind
    if kind == "project_period":
        return project_end_problems(grant=grant, new_end=change.new_project_end, today=today)
    if kind == "payout_deadline":
        return payout_deadline_problems(grant=grant, new_deadline=change.new_payout_deadline)
    if kind == "budget_lines":
        return budget_moves_problems(grant=grant, moves=change.budget_moves)
    if kind == "partners":
        if not (change.partner_change or "").strip():
            return [_("Beskriv endringen av partnere.")]
        return []
    if kind == "project_leader":
        return leader_problems(name=change.new_leader_name, email=change.new_leader_email)
    return [_("Velg hva dere vil endre.")]


def describe(change) -> str:
    """What the request asks for, in one line of bokmål (for the letter and the pages)."""
    kind = change.kind
    if kind == "project_period":
        return _("prosjektslutt flyttet til %(date)s") % {
            "date": format_long_date(change.new_project_end)
        }
    if kind == "payout_deadline":
        return _("frist for utbetaling flyttet til %(date)s") % {
            "date": format_long_date(change.new_payout_deadline)
        }
    if kind == "budget_lines":
        return "; ".join(
            _("%(amount)s flyttet fra %(from)s til %(to)s")
            % {
                "amount": format_kroner(move["amount"]),
                "from": COST_LABELS[move["from"]].lower(),
                "to": COST_LABELS[move["to"]].lower(),
            }
            for move in change.budget_moves
        )
    if kind == "partners":
        return _("endring av partnere: %(text)s") % {"text": change.partner_change.strip()}
    return _("ny prosjektleder %(name)s (%(email)s)") % {
        "name": change.new_leader_name,
        "email": change.new_leader_email,
    }
