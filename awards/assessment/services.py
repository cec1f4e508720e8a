"""The assessment of an application: formal check, case owner, reviewers, impartiality, scores.

Each function checks the rules, runs in one transaction, locks what it must, records who did it
and raises ValidationError with a message a person can act on.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import outcomes
from applications.models import Application, Membership
from applications.orgnr import format_orgnr
from awards import audit

from .models import Case, ReviewAssignment, Score


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
    audit.save(case, by=by)
    outcomes.application_mark_under_review(application=application, by=by)
    return case


@transaction.atomic
def case_assign_owner(*, application: Application, owner, by) -> Case:
    if owner is not None and not owner.has_perm("awards.manage_assessment"):
        raise ValidationError(_("Saksbehandleren må være rådgiver."))
    case = case_for(Application.objects.select_for_update().get(pk=application.pk))
    case.case_owner = owner
    return audit.save(case, by=by)


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
    return audit.save(assignment, by=by)


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
    return audit.save(assignment, by=by, reason=reason)


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
        audit.save(score, by=by)
    if errors:
        raise ValidationError(errors)
    if submit:
        if not criteria:
            raise ValidationError(_("Utlysningen har ingen vurderingskriterier."))
        assignment.submitted_at = timezone.now()
        audit.save(assignment, by=by)
    return assignment
