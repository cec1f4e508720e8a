"""Proposed amounts, decisions (award, rejection, invitation) and publication of the results.

Each function checks the rules, runs in one transaction, locks what it must, records who did it
and raises ValidationError with a message a person can act on.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import outcomes
from applications.models import Application
from awards import audit
from awards.assessment.models import Case
from awards.assessment.services import case_for
from calls.formatting import format_kroner
from calls.models import Call

from .declarations import decision_declare_batch, decision_maker_require_impartial
from .models import Award, Decision
from .ranking import call_ranking, released_by_application
from .rules import call_require_closed, rejection_reasons_for

DECIDABLE_STATUSES = {
    Application.Status.SUBMITTED,
    Application.Status.UNDER_REVIEW,
    Application.Status.INVITED,
    Application.Status.AWARDED,
    Application.Status.REJECTED,
}


@transaction.atomic
def proposed_amount_set(*, application: Application, amount: int | None, by) -> Case:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if Decision.objects.filter(application=application).exists():
        raise ValidationError(
            _("«%(title)s» er allerede avgjort; endre vedtaket i stedet for forslaget.")
            % {"title": application.title}
        )
    if amount is not None:
        if amount < 0:
            raise ValidationError(_("Foreslått beløp kan ikke være negativt."))
        if amount > application.requested_amount:
            raise ValidationError(
                _("Foreslått beløp for «%(title)s» er større enn søkt beløp.")
                % {"title": application.title}
            )
    case = case_for(application)
    if case.proposed_amount == amount:
        return case
    case.proposed_amount = amount
    return audit.save(case, by=by)


# --- Decisions --------------------------------------------------------------------------------


@transaction.atomic
def decision_make(
    *,
    application: Application,
    outcome: str,
    amount: int | None = None,
    conditions: str = "",
    payout_deadline: dt.date | None = None,
    rejection_reason: str = "",
    rejection_text: str = "",
    change_reason: str = "",
    by,
) -> Decision:
    """Award, reject or invite. The call row is locked so two advisers cannot overspend it."""
    call = Call.objects.select_for_update().get(pk=application.call_id)
    application = (
        Application.objects.select_for_update()
        .select_related("organisation")
        .get(pk=application.pk)
    )
    if application.status not in DECIDABLE_STATUSES:
        raise ValidationError(_("Søknaden er ikke sendt inn og kan ikke avgjøres."))
    # Impartiality binds the decision-maker too (forvaltningsloven § 6): an adviser who acts for
    # the applicant or a partner is blocked, as a reviewer would be, and every decision-maker
    # declares themselves impartial first (declarations.py).
    decision_maker_require_impartial(user=by, application=application)
    call_require_closed(call=call)
    if outcome not in Decision.Outcome.values:
        raise ValidationError({"outcome": _("Velg vedtak.")})
    if call.stage == Call.Stage.SKETCH and outcome == Decision.Outcome.AWARD:
        raise ValidationError(
            _("En prosjektskisse kan inviteres til søknad eller avslås, ikke innvilges.")
        )
    if call.stage == Call.Stage.APPLICATION and outcome == Decision.Outcome.INVITE:
        raise ValidationError(_("Bare prosjektskisser kan inviteres til søknad."))
    case = Case.objects.filter(application=application).first()
    if outcome != Decision.Outcome.REJECT and (
        case is None or case.eligibility != Case.Eligibility.ELIGIBLE
    ):
        raise ValidationError(
            _("Søknaden må være kontrollert og oppfylle de formelle kravene før den innvilges.")
        )

    if outcome == Decision.Outcome.AWARD:
        if amount is None or amount <= 0:
            raise ValidationError({"amount": _("Oppgi et beløp større enn 0 kr.")})
        if amount > application.requested_amount:
            raise ValidationError(
                {
                    "amount": _("Beløpet kan ikke være større enn søkt beløp (%(requested)s).")
                    % {"requested": format_kroner(application.requested_amount)}
                }
            )
        if amount > call.max_amount_per_project:
            raise ValidationError(
                {
                    "amount": _("Beløpet er større enn maks per prosjekt i utlysningen (%(max)s).")
                    % {"max": format_kroner(call.max_amount_per_project)}
                }
            )
        awarded = (
            Decision.objects.filter(application__call=call, outcome=Decision.Outcome.AWARD)
            .exclude(application=application)
            .aggregate(total=Sum("amount"))["total"]
            or 0
        )
        # Money that declined, lapsed and closed grants gave back is available again.
        awarded -= sum(
            given_back
            for application_id, given_back in released_by_application(call=call).items()
            if application_id != application.pk
        )
        if awarded + amount > call.budget:
            raise ValidationError(
                {
                    "amount": _(
                        "Tilsagnet går over rammen: %(awarded)s er allerede tildelt av "
                        "%(budget)s, så det er %(left)s igjen."
                    )
                    % {
                        "awarded": format_kroner(awarded),
                        "budget": format_kroner(call.budget),
                        "left": format_kroner(call.budget - awarded),
                    }
                }
            )
    else:
        amount = None
        conditions = ""
        payout_deadline = None
    if outcome == Decision.Outcome.REJECT:
        if rejection_reason not in Decision.RejectionReason.values:
            raise ValidationError({"rejection_reason": _("Velg en avslagsgrunn fra listen.")})
        eligibility = case.eligibility if case else None
        if rejection_reason not in rejection_reasons_for(eligibility=eligibility):
            raise ValidationError(
                {
                    "rejection_reason": ValidationError(
                        _(
                            "«%(reason)s» stemmer ikke med den formelle kontrollen: søknaden "
                            "er «%(check)s»."
                        )
                        % {
                            "reason": Decision.RejectionReason(rejection_reason).label,
                            "check": Case.Eligibility(eligibility).label,
                        },
                        code="reason_contradicts_case",
                    )
                }
            )
    else:
        rejection_reason = ""

    previous = Decision.objects.filter(application=application).first()
    decision = previous or Decision(application=application)
    change_reason = (change_reason or "").strip()
    changed = previous is None or (
        previous.outcome,
        previous.amount,
        previous.conditions,
        previous.payout_deadline,
        previous.rejection_reason,
        previous.rejection_text,
    ) != (outcome, amount, conditions, payout_deadline, rejection_reason, rejection_text)
    if previous is not None and previous.letter_sent_at and changed and not change_reason:
        raise ValidationError(
            {"change_reason": _("Brevet om vedtaket er sendt. Oppgi hvorfor vedtaket endres.")}
        )
    if previous is not None and not changed:
        return previous

    now = timezone.now()
    decision.outcome = outcome
    decision.amount = amount
    decision.conditions = conditions or ""
    decision.payout_deadline = payout_deadline
    decision.rejection_reason = rejection_reason
    decision.rejection_text = rejection_text or ""
    decision.change_reason = change_reason
    decision.decided_by = by
    decision.decided_at = now
    decision.letter_sent_at = None
    audit.save(decision, by=by, reason=change_reason)

    outcomes.application_record_outcome(
        application=application,
        status={
            Decision.Outcome.AWARD: Application.Status.AWARDED,
            Decision.Outcome.REJECT: Application.Status.REJECTED,
            Decision.Outcome.INVITE: Application.Status.INVITED,
        }[outcome],
        by=by,
        reason=change_reason,
    )

    award = Award.objects.filter(application=application).first()
    if outcome == Decision.Outcome.AWARD:
        award = award or Award(application=application)
        award.decided_at = now
        award.is_published = False  # published again once the new letter is sent
        award.is_illustrative = False
        audit.save(award, by=by, reason=change_reason)
    elif award is not None:
        audit.attribute(award, by=by)
        award._change_reason = change_reason or _("Vedtaket ble endret til avslag.")
        award.delete()
    return decision


@transaction.atomic
def decisions_award_above_line(
    *,
    call: Call,
    by,
    expected: dict[int, int] | None = None,
    payout_deadline: dt.date | None = None,
    impartial: bool = False,
) -> list[Decision]:
    """Award every undecided application above the funding line its proposed amount, each
    through ``decision_make`` and its rules, in one transaction: all of them or none.
    ``impartial`` is the person's one declaration covering them all, recorded per application.

    ``expected`` is what the person confirmed (application id → amount); when the board has
    changed since, nothing is decided and they are asked to look again.
    """
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.stage == Call.Stage.SKETCH:
        raise ValidationError(
            _("Prosjektskisser inviteres eller avslås én og én fra saken, ikke fra rangeringen."),
            code="sketch",
        )
    call_require_closed(call=call)
    ranking = call_ranking(call=call)
    rows = ranking.to_award
    if not rows:
        raise ValidationError(
            _("Ingen søknader over streken venter på vedtak."), code="nothing_to_award"
        )
    planned = {row.application.pk: row.proposed for row in rows}
    if expected is not None and planned != expected:
        raise ValidationError(
            _(
                "Rangeringen er endret siden du så over listen. Se over den igjen før du "
                "fatter vedtakene."
            ),
            code="changed",
        )
    awarded = ranking.awarded_total
    total = awarded + sum(planned.values())
    if total > call.budget:
        raise ValidationError(
            _(
                "Vedtakene går over rammen: %(awarded)s er allerede tildelt, og %(now)s til "
                "gir %(total)s av %(budget)s."
            )
            % {
                "awarded": format_kroner(awarded),
                "now": format_kroner(total - awarded),
                "total": format_kroner(total),
                "budget": format_kroner(call.budget),
            },
            code="over_budget",
        )
    decision_declare_batch(
        applications=[row.application for row in rows], impartial=impartial, by=by
    )
    decisions = []
    for row in rows:
        try:
            decisions.append(
                decision_make(
                    application=row.application,
                    outcome=Decision.Outcome.AWARD,
                    amount=row.proposed,
                    payout_deadline=payout_deadline,
                    by=by,
                )
            )
        except ValidationError as error:
            raise ValidationError(
                [
                    _("«%(title)s»: %(message)s")
                    % {"title": row.application.title, "message": message}
                    for message in error.messages
                ],
                code="refused",
            ) from error
    return decisions


@transaction.atomic
def results_publish(*, call: Call, by) -> tuple[int, int]:
    """Publish the call's awards whose letters are sent. Returns (published, waiting for letter)."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    awards = list(
        Award.objects.select_for_update()
        .filter(application__call=call, application__decision__outcome=Decision.Outcome.AWARD)
        .select_related("application__decision")
    )
    published = waiting = 0
    for award in awards:
        if not award.application.decision.letter_sent_at:
            waiting += 1
            continue
        if award.is_published:
            continue
        award.is_published = True
        audit.save(award, by=by, reason=_("Resultatene ble publisert."))
        published += 1
    if not published and not any(a.is_published for a in awards):
        if waiting:
            raise ValidationError(
                _("Ingen tilsagn kan publiseres før brevene er sendt (%(count)s venter).")
                % {"count": waiting}
            )
        raise ValidationError(_("Utlysningen har ingen tilsagn å publisere."))
    return published, waiting


@transaction.atomic
def award_unpublish(*, award: Award, reason: str, by) -> Award:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Oppgi hvorfor tildelingen tas ut av den offentlige listen."))
    award = Award.objects.select_for_update().get(pk=award.pk)
    if not award.is_published:
        raise ValidationError(_("Tildelingen er ikke publisert."))
    award.is_published = False
    return audit.save(award, by=by, reason=reason)
