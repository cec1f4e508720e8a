"""The decision-maker's impartiality (forvaltningsloven § 6): the same declaration and the same
automatic block on one's own organisation as for reviewers, before a decision is made.

A declaration is kept per application and person, with its history. A declared conflict stands:
whoever declared it cannot decide that case.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from awards import audit
from awards.assessment.rules import staff_conflict_reason, staff_require_impartial

from .models import DecisionDeclaration


def _conflict_message(declaration: DecisionDeclaration) -> str:
    return _(
        "Du har erklært deg inhabil i saken («%(reason)s») og kan ikke fatte vedtak i den. En "
        "annen rådgiver må avgjøre den."
    ) % {"reason": declaration.conflict_reason}


def decision_maker_require_impartial(*, user, application: Application) -> None:
    """Refuses unless the person has declared themselves impartial on this application and
    does not act for the applicant or a partner."""
    staff_require_impartial(user=user, application=application)
    declaration = DecisionDeclaration.objects.filter(application=application, user=user).first()
    if declaration is None:
        raise ValidationError(
            _("Erklær at du er habil i saken før du fatter vedtak."), code="not_declared"
        )
    if not declaration.impartial:
        raise ValidationError(_conflict_message(declaration), code="declared_conflict")


@transaction.atomic
def decision_declare(
    *, application: Application, impartial: bool, reason: str = "", by
) -> DecisionDeclaration:
    """The decision-maker's own declaration on one application. Declaring impartiality is
    refused when their organisation is the applicant or a partner, and after they declared a
    conflict; declaring a conflict needs a reason."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    declaration = (
        DecisionDeclaration.objects.select_for_update()
        .filter(application=application, user=by)
        .first()
    )
    reason = (reason or "").strip()
    if declaration is not None and not declaration.impartial:
        if not impartial and reason == declaration.conflict_reason:
            return declaration
        raise ValidationError(_conflict_message(declaration), code="declared_conflict")
    if impartial:
        staff_require_impartial(user=by, application=application)
        if declaration is not None:
            return declaration
    elif not reason:
        raise ValidationError(_("Skriv hvorfor du er inhabil."), code="no_reason")
    declaration = declaration or DecisionDeclaration(application=application, user=by)
    declaration.impartial = impartial
    declaration.conflict_reason = "" if impartial else reason
    declaration.declared_at = timezone.now()
    return audit.save(
        declaration,
        by=by,
        reason=_("Erklært habil")
        if impartial
        else _("Erklært inhabil: %(reason)s") % {"reason": reason},
    )


def batch_conflicts(*, applications: list[Application], user) -> list[str]:
    """The applications of a batch the person may not decide, each named with why: their
    organisation is the applicant or a partner, or they declared a conflict."""
    declared = dict(
        DecisionDeclaration.objects.filter(
            application__in=applications, user=user, impartial=False
        ).values_list("application_id", "conflict_reason")
    )
    conflicts = []
    for application in applications:
        reason = staff_conflict_reason(user=user, application=application)
        if reason:
            conflicts.append(
                _("«%(title)s»: %(reason)s") % {"title": application.title, "reason": reason}
            )
        elif application.pk in declared:
            conflicts.append(
                _("«%(title)s»: du har erklært deg inhabil («%(reason)s»).")
                % {"title": application.title, "reason": declared[application.pk]}
            )
    return conflicts


def decision_declare_batch(*, applications: list[Application], impartial: bool, by) -> None:
    """One declaration covering every application of a batch, recorded per application. Any
    conflict, automatic or declared, refuses the whole batch and names the applications."""
    conflicts = batch_conflicts(applications=applications, user=by)
    if conflicts:
        raise ValidationError(
            [_("Du er inhabil i noen av sakene, så ingen vedtak er fattet."), *conflicts],
            code="conflict",
        )
    if not impartial:
        raise ValidationError(
            _("Bekreft at du er habil i alle sakene før du fatter vedtakene."),
            code="not_declared",
        )
    for application in applications:
        decision_declare(application=application, impartial=True, by=by)
