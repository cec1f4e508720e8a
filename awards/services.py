"""Every change an adviser or reviewer makes in the assessment of a call.

Each function checks the rules, runs in one transaction, locks what it must, records who did it
(simple-history's ``_history_user``) and raises ValidationError with a message a person can act on.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import outcomes
from applications.models import Application, Membership
from applications.orgnr import format_orgnr
from calls.models import Call

from .letters import render_letter
from .models import Award, Case, Decision, Letter, LetterTemplate, ReviewAssignment, Score

DECIDABLE_STATUSES = {
    Application.Status.SUBMITTED,
    Application.Status.UNDER_REVIEW,
    Application.Status.INVITED,
    Application.Status.AWARDED,
    Application.Status.REJECTED,
}

logger = logging.getLogger(__name__)


def _by(obj, by):
    obj._history_user = by
    return obj


def _save(obj, *, by, reason: str = "", clean: bool = True):
    _by(obj, by)
    if reason:
        obj._change_reason = reason
    if clean:
        obj.full_clean()
    obj.save()
    return obj


def case_for(application: Application) -> Case:
    case = Case.objects.filter(application=application).first()
    return case or Case(application=application)


# --- Formal check and case owner --------------------------------------------------------------


@transaction.atomic
def case_check_eligibility(
    *, application: Application, eligible: bool, reason: str = "", by
) -> Case:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status in {Application.Status.DRAFT, Application.Status.WITHDRAWN}:
        raise ValidationError(_("Bare innsendte søknader kan kontrolleres."))
    reason = (reason or "").strip()
    if not eligible and not reason:
        raise ValidationError(_("Oppgi hvorfor søknaden ikke oppfyller de formelle kravene."))
    case = case_for(application)
    case.eligibility = Case.Eligibility.ELIGIBLE if eligible else Case.Eligibility.INELIGIBLE
    case.eligibility_reason = reason
    case.eligibility_checked_by = by
    case.eligibility_checked_at = timezone.now()
    _save(case, by=by)
    outcomes.application_mark_under_review(application=application, by=by)
    return case


@transaction.atomic
def case_assign_owner(*, application: Application, owner, by) -> Case:
    if owner is not None and not owner.has_perm("awards.manage_assessment"):
        raise ValidationError(_("Saksbehandleren må være rådgiver."))
    case = case_for(Application.objects.select_for_update().get(pk=application.pk))
    case.case_owner = owner
    return _save(case, by=by)


# --- Reviewers and impartiality ---------------------------------------------------------------


def reviewer_conflicting_orgnrs(*, reviewer, application: Application) -> set[str]:
    """Organisation numbers the reviewer acts for that are the applicant or one of its partners."""
    own = set(
        Membership.objects.filter(user=reviewer).values_list("organisation__orgnr", flat=True)
    )
    if not own:
        return set()
    involved = {application.organisation.orgnr}
    involved |= {orgnr for orgnr in application.partners.values_list("orgnr", flat=True) if orgnr}
    return own & involved


@transaction.atomic
def assignment_create(*, application: Application, reviewer, role: str, by) -> ReviewAssignment:
    if not reviewer.is_active or not reviewer.is_staff:
        raise ValidationError(
            _("%(person)s har ikke tilgang til saksbehandlingen.") % {"person": reviewer}
        )
    if not reviewer.has_perm("awards.score_application"):
        raise ValidationError(_("%(person)s kan ikke vurdere søknader.") % {"person": reviewer})
    if role not in ReviewAssignment.Role.values:
        raise ValidationError(_("Velg en rolle for fagvurdereren."))
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status in {Application.Status.DRAFT, Application.Status.WITHDRAWN}:
        raise ValidationError(_("Bare innsendte søknader kan fordeles til vurdering."))
    assignment = ReviewAssignment.objects.filter(application=application, reviewer=reviewer).first()
    if assignment is None:
        assignment = ReviewAssignment(application=application, reviewer=reviewer, assigned_by=by)
    assignment.role = role
    conflicts = reviewer_conflicting_orgnrs(reviewer=reviewer, application=application)
    if conflicts:
        assignment.impartiality = ReviewAssignment.Impartiality.CONFLICT
        assignment.conflict_is_automatic = True
        assignment.conflict_reason = _(
            "Fagvurdereren handler for en organisasjon som er søker eller partner "
            "(org.nr. %(orgnr)s)."
        ) % {"orgnr": ", ".join(format_orgnr(orgnr) for orgnr in sorted(conflicts))}
        assignment.declared_at = timezone.now()
    return _save(assignment, by=by)


@transaction.atomic
def assignment_declare(
    *, assignment: ReviewAssignment, impartial: bool, reason: str = "", by
) -> ReviewAssignment:
    assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.reviewer_id != by.pk:
        raise ValidationError(_("Bare fagvurdereren selv kan erklære habilitet."))
    if assignment.conflict_is_automatic:
        raise ValidationError(
            _("Du er inhabil fordi organisasjonen din er søker eller partner i prosjektet.")
        )
    if assignment.is_submitted:
        raise ValidationError(_("Vurderingen er sendt inn; habiliteten kan ikke endres nå."))
    reason = (reason or "").strip()
    if impartial:
        assignment.impartiality = ReviewAssignment.Impartiality.IMPARTIAL
        assignment.conflict_reason = ""
    else:
        if not reason:
            raise ValidationError(_("Skriv hvorfor du er inhabil."))
        assignment.impartiality = ReviewAssignment.Impartiality.CONFLICT
        assignment.conflict_reason = reason
    assignment.declared_at = timezone.now()
    return _save(assignment, by=by, reason=reason)


# --- Scores -----------------------------------------------------------------------------------


@transaction.atomic
def scores_save(
    *, assignment: ReviewAssignment, scores: dict[int, tuple[int | None, str]], submit: bool, by
) -> ReviewAssignment:
    """Save a reviewer's scores as a draft, or submit them (then every criterion needs a score)."""
    assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.reviewer_id != by.pk:
        raise ValidationError(_("Bare fagvurdereren selv kan gi karakterer."))
    if not assignment.can_score:
        raise ValidationError(_("Erklær deg habil før du vurderer søknaden."))
    if assignment.is_submitted:
        raise ValidationError(_("Vurderingen er allerede sendt inn."))
    criteria = list(assignment.application.call.criteria.all())
    existing = {score.criterion_id: score for score in assignment.scores.all()}
    errors = []
    for criterion in criteria:
        value, comment = scores.get(criterion.pk, (None, ""))
        if value is not None and not criterion.scale_min <= value <= criterion.scale_max:
            errors.append(
                _("«%(criterion)s»: gi en karakter fra %(min)s til %(max)s.")
                % {
                    "criterion": criterion.name,
                    "min": criterion.scale_min,
                    "max": criterion.scale_max,
                }
            )
            continue
        if submit and value is None:
            errors.append(_("«%(criterion)s» mangler karakter.") % {"criterion": criterion.name})
            continue
        score = existing.get(criterion.pk) or Score(assignment=assignment, criterion=criterion)
        if score.pk and score.score == value and score.comment == (comment or ""):
            continue
        score.score = value
        score.comment = comment or ""
        _save(score, by=by)
    if errors:
        raise ValidationError(errors)
    if submit:
        if not criteria:
            raise ValidationError(_("Utlysningen har ingen vurderingskriterier."))
        assignment.submitted_at = timezone.now()
        _save(assignment, by=by)
    return assignment


# --- Ranking ----------------------------------------------------------------------------------


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
    return _save(case, by=by)


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
    if outcome not in Decision.Outcome.values:
        raise ValidationError(_("Velg vedtak."))
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
            raise ValidationError(_("Oppgi et beløp større enn 0 kr."))
        if amount > application.requested_amount:
            raise ValidationError(
                _("Beløpet kan ikke være større enn søkt beløp (%(requested)s kr).")
                % {"requested": application.requested_amount}
            )
        if amount > call.max_amount_per_project:
            raise ValidationError(
                _("Beløpet er større enn maks per prosjekt i utlysningen (%(max)s kr).")
                % {"max": call.max_amount_per_project}
            )
        awarded = (
            Award.objects.filter(application__call=call)
            .exclude(application=application)
            .aggregate(total=Sum("amount"))["total"]
            or 0
        )
        if awarded + amount > call.budget:
            raise ValidationError(
                _(
                    "Tilsagnet går over rammen: %(awarded)s kr er allerede tildelt av "
                    "%(budget)s kr, så det er %(left)s kr igjen."
                )
                % {"awarded": awarded, "budget": call.budget, "left": call.budget - awarded}
            )
    else:
        amount = None
        conditions = ""
        payout_deadline = None
    if outcome == Decision.Outcome.REJECT:
        if rejection_reason not in Decision.RejectionReason.values:
            raise ValidationError(_("Velg en avslagsgrunn fra listen."))
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
        raise ValidationError(_("Brevet om vedtaket er sendt. Oppgi hvorfor vedtaket endres."))
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
    _save(decision, by=by, reason=change_reason)

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
        award.amount = amount
        award.decided_at = now
        award.is_published = False  # published again once the new letter is sent
        award.is_illustrative = False
        _save(award, by=by, reason=change_reason)
    elif award is not None:
        _by(award, by)
        award._change_reason = change_reason or _("Vedtaket ble endret til avslag.")
        award.delete()
    return decision


# --- Letters ----------------------------------------------------------------------------------


def _recipients(application: Application) -> list[str]:
    return sorted(
        {
            email
            for email in Membership.objects.filter(
                organisation_id=application.organisation_id, user__is_active=True
            ).values_list("user__email", flat=True)
            if email
        }
    )


@transaction.atomic
def letter_send(*, application: Application, by, base_url: str = "") -> Letter:
    """Send the letter about the application's decision; ``base_url`` (``https://host``) makes
    the link in the e-mail absolute."""
    application = (
        Application.objects.select_for_update()
        .select_related("organisation", "call")
        .get(pk=application.pk)
    )
    decision = Decision.objects.select_for_update().filter(application=application).first()
    if decision is None:
        raise ValidationError(
            _("«%(title)s» har ikke noe vedtak ennå.") % {"title": application.title}
        )
    if decision.letter_sent_at:
        raise ValidationError(
            _("Brevet om vedtaket for «%(title)s» er allerede sendt.")
            % {"title": application.title}
        )
    templates = {t.kind: t for t in LetterTemplate.objects.filter(call=application.call)}
    now = timezone.now()
    rendered = render_letter(
        decision=decision, templates=templates, sent_on=timezone.localdate(now)
    )
    recipients = _recipients(application)
    letter = _save(
        Letter(
            application=application,
            decision=decision,
            kind=rendered.kind,
            subject=rendered.subject,
            body=rendered.body,
            recipients=", ".join(recipients),
            appeal_deadline=rendered.appeal_deadline,
            sent_at=now,
            sent_by=by,
        ),
        by=by,
    )
    decision.letter_sent_at = now
    _save(decision, by=by)
    outcomes.application_announce_outcome(application=application, at=now, by=by)
    if recipients:
        base = base_url.rstrip("/")
        pdf_url = reverse("awards:letter_pdf", kwargs={"pk": letter.pk})
        body = (
            f"{rendered.body}\n\n"
            f"Brevet finnes også på {base}{letter.get_absolute_url()} "
            f"(PDF: {base}{pdf_url})."
        )
        message = EmailMessage(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + rendered.subject,
            body=body,
            to=recipients,
        )
        transaction.on_commit(lambda: _send_letter_mail(message, letter))
    return letter


def _send_letter_mail(message: EmailMessage, letter: Letter) -> None:
    """The letter is kept and shown on /my/ whatever happens to the e-mail; a failure is logged."""
    try:
        message.send(fail_silently=False)
    except Exception:
        logger.exception("Could not e-mail letter %s", letter.pk)


def letters_send_for_call(*, call: Call, by, base_url: str = "") -> list[Letter]:
    """Send every letter of the call whose decision has none yet; each in its own transaction."""
    pending = (
        Decision.objects.filter(application__call=call, letter_sent_at__isnull=True)
        .select_related("application")
        .order_by("application__pk")
    )
    return [
        letter_send(application=decision.application, by=by, base_url=base_url)
        for decision in pending
    ]


# --- Publication ------------------------------------------------------------------------------


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
        _save(award, by=by, reason=_("Resultatene ble publisert."))
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
    return _save(award, by=by, reason=reason)
