"""The only changes to an application's state after it is sent.

Applicants send and withdraw (``applying``); from then on the assessment side moves the
application on by calling these functions, never by writing ``Application.status`` itself. Each
one locks the application's row, checks that the step makes sense from where the application is
now, records who did it (simple-history's ``_history_user``) and updates the instance it is given.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Application

Status = Application.Status

OUTCOME_STATUSES = Application.DECIDED_STATUSES
# A sent application can be decided, and a decision can be changed; drafts and withdrawn ones not.
DECIDABLE_STATUSES = (Status.SUBMITTED, Status.UNDER_REVIEW, *OUTCOME_STATUSES)


def _locked_status(application: Application) -> str:
    return (
        Application.objects.select_for_update(of=("self",))
        .values_list("status", flat=True)
        .get(pk=application.pk)
    )


def _save(application: Application, *, by, reason: str, fields: tuple[str, ...]) -> None:
    application._history_user = by
    if reason:
        application._change_reason = reason
    application.save(update_fields=[*fields, "updated_at"])


def _not_sent() -> ValidationError:
    return ValidationError(
        _("Søknaden er ikke sendt inn, så saksbehandlingen kan ikke endre den."), code="not_sent"
    )


@transaction.atomic
def application_mark_under_review(*, application: Application, by) -> Application:
    """A sent application is taken up by the advisers; one already further along is left as is."""
    status = _locked_status(application)
    if status not in DECIDABLE_STATUSES:
        raise _not_sent()
    if status == Status.SUBMITTED:
        application.status = Status.UNDER_REVIEW
        _save(application, by=by, reason="", fields=("status",))
    return application


@transaction.atomic
def application_record_outcome(
    *, application: Application, status: str, by, reason: str = ""
) -> Application:
    """Invited, awarded or rejected, as decided. The applicant sees it once it is announced."""
    if status not in OUTCOME_STATUSES:
        raise ValidationError(
            _("Utfallet av en søknad er invitert, innvilget eller avslått."), code="outcome"
        )
    if _locked_status(application) not in DECIDABLE_STATUSES:
        raise _not_sent()
    application.status = status
    _save(application, by=by, reason=reason, fields=("status",))
    return application


@transaction.atomic
def application_announce_outcome(
    *, application: Application, by, at: dt.datetime | None = None
) -> Application:
    """The applicant has been told the outcome (the decision letter is sent) at ``at``: what
    they see follows this letter until the next one is sent."""
    status = _locked_status(application)
    if status not in OUTCOME_STATUSES:
        raise ValidationError(
            _("Søknaden har ikke noe utfall ennå, så det er ingenting å kunngjøre."),
            code="no_outcome",
        )
    application.outcome_announced_at = at or timezone.now()
    application.announced_status = status
    _save(application, by=by, reason="", fields=("outcome_announced_at", "announced_status"))
    return application
