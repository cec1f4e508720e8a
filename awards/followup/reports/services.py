"""The only writes of a grant's reports: made from the call's schedule when the grant is
accepted, written by the organisation section by section, sent, and approved or sent back by an
adviser. Each write locks the report and records who did it."""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.applying.storage import STORAGE_ERRORS
from applications.files import check_upload, sanitise_filename
from awards import audit
from calls.reporting import ReportSchedule

from .. import services as grant_services
from ..models import Grant
from . import hooks
from .models import Report, ReportAttachment, ReportFigure, ReportReturn
from .notify import report_notify
from .rules import report_may_write, report_problems
from .selectors import report_figures, report_indicators, report_snapshot

logger = logging.getLogger(__name__)

REVIEW_REPORT = "awards.review_report"
MAX_ATTACHMENTS = 20


def project_period(grant: Grant) -> tuple[dt.date, dt.date]:
    """The grant's project period, or the application's, or a year from acceptance."""
    award, application = grant.award, grant.award.application
    starts = award.project_starts_on or application.project_start
    if starts is None:
        starts = timezone.localdate(grant.accepted_at or timezone.now())
    ends = award.project_ends_on or application.project_end
    if ends is None or ends < starts:
        ends = starts + dt.timedelta(days=365)
    return starts, ends


@transaction.atomic
def reports_create(*, grant: Grant, by) -> list[Report]:
    """The reports an accepted grant owes, per its call's schedule (once: a second call adds
    nothing)."""
    call = grant.award.application.call
    schedule = ReportSchedule.objects.filter(call=call).first() or ReportSchedule(call=call)
    starts, ends = project_period(grant)
    made = []
    for kind, due_on in schedule.due_dates(starts_on=starts, ends_on=ends).items():
        if Report.objects.filter(grant=grant, kind=kind).exists():
            continue
        report = Report(grant=grant, kind=kind, due_on=due_on)
        made.append(audit.save(report, by=by, reason=_("Rapporten er opprettet.")))
    return made


def _locked(report: Report) -> Report:
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("grant__award__application__call", "grant")
        .get(pk=report.pk)
    )


def _require_writer(report: Report, by) -> None:
    if not report_may_write(user=by, report=report):
        raise PermissionDenied(_("Bare administratorer og redaktører kan skrive rapporten."))


# A grant that ended before it ran (or was cancelled) reports nothing more.
ENDED_STATES = (
    Grant.State.DECLINED,
    Grant.State.LAPSED,
    Grant.State.CANCELLED,
    Grant.State.CLOSED,
)


def _require_editable(report: Report) -> None:
    if report.grant.state in ENDED_STATES:
        raise ValidationError(
            _("Tilsagnet er avsluttet (status: %(state)s). Rapporten kan ikke endres.")
            % {"state": report.grant.get_state_display()},
            code="grant_ended",
        )
    if not report.is_editable:
        raise ValidationError(
            _("Rapporten kan ikke endres nå (status: %(status)s).")
            % {"status": report.get_status_display()},
            code="state",
        )


def _require_version(report: Report, version: int | None) -> None:
    if version is not None and version != report.version:
        raise ValidationError(
            _("Noen andre har lagret rapporten etter at du åpnet den. Se over og lagre på nytt."),
            code="conflict",
        )


@transaction.atomic
def report_save_text(
    *, report: Report, by, field: str, text: str, version: int | None = None
) -> Report:
    """Save the report's status text or what was learned (a draft: may be empty)."""
    if field not in ("status_text", "learned"):
        raise ValueError(field)
    report = _locked(report)
    _require_writer(report, by)
    _require_editable(report)
    _require_version(report, version)
    setattr(report, field, (text or "").strip())
    report.version += 1
    return audit.save(report, by=by, reason=_("Rapporten er endret."))


@transaction.atomic
def report_save_figures(
    *, report: Report, by, figures: dict[int, int | None], version: int | None = None
) -> Report:
    """Save the actual figure per indicator id; an empty one is removed (still a draft)."""
    report = _locked(report)
    _require_writer(report, by)
    _require_editable(report)
    _require_version(report, version)
    known = {indicator.pk for indicator in report_indicators(report=report)}
    for indicator_id, actual in figures.items():
        if indicator_id not in known:
            raise ValidationError(_("Indikatoren hører ikke til denne utlysningen."))
        if actual is None:
            ReportFigure.objects.filter(report=report, indicator_id=indicator_id).delete()
            continue
        if actual < 0:
            raise ValidationError(_("Tallene kan ikke være negative."), code="negative")
        figure = ReportFigure.objects.filter(report=report, indicator_id=indicator_id).first()
        figure = figure or ReportFigure(report=report, indicator_id=indicator_id)
        figure.actual = actual
        audit.save(figure, by=by, reason=_("Tall i rapporten er endret."))
    report.version += 1
    return audit.save(report, by=by, reason=_("Rapporten er endret."))


def report_attach(*, report: Report, by, uploaded) -> ReportAttachment:
    """Store a file with the report (private storage, checked by content)."""
    with transaction.atomic():
        report = _locked(report)
        _require_writer(report, by)
        _require_editable(report)
        if report.attachments.count() >= MAX_ATTACHMENTS:
            raise ValidationError(
                _("En rapport kan ha høyst %(max)s vedlegg.") % {"max": MAX_ATTACHMENTS},
                code="too_many",
            )
        kind = check_upload(uploaded, max_mb=report.grant.award.application.call.max_attachment_mb)
        attachment = ReportAttachment(
            report=report,
            name=sanitise_filename(uploaded.name, extension=kind.extension),
            content_type=kind.content_type,
            size=uploaded.size,
            uploaded_by=by,
        )
        try:
            attachment.file.save(f"{secrets.token_hex(16)}.{kind.extension}", uploaded, save=False)
        except STORAGE_ERRORS:
            logger.exception("The private storage refused a report file for %s", report.pk)
            raise ValidationError(
                _(
                    "Filen kunne ikke lagres fordi fillageret ikke svarer akkurat nå. "
                    "Prøv igjen om noen minutter."
                ),
                code="storage",
            ) from None
        return audit.save(attachment, by=by, reason=_("Vedlegg lagt til i rapporten."))


@transaction.atomic
def report_detach(*, attachment: ReportAttachment, by) -> None:
    report = _locked(attachment.report)
    _require_writer(report, by)
    _require_editable(report)
    audit.attribute(attachment, by=by, reason=_("Vedlegg fjernet fra rapporten."))
    attachment.delete()


@transaction.atomic
def report_submit(*, report: Report, by, now: dt.datetime | None = None) -> Report:
    """Send the report to the advisers: by an administrator or editor, with nothing missing.
    A sent final report moves the grant to "final report"."""
    now = now or timezone.now()
    report = _locked(report)
    _require_writer(report, by)
    _require_editable(report)
    problems = report_problems(
        report=report,
        indicators=report_indicators(report=report),
        figures=report_figures(report=report),
    )
    if problems:
        raise ValidationError([problem.message for problem in problems], code="incomplete")
    report.status = Report.Status.SUBMITTED
    report.submitted_at = now
    report.submitted_by = by
    audit.save(report, by=by, reason=_("Rapporten er sendt."))
    if report.kind == Report.Kind.FINAL:
        grant_services.grant_final_report_submitted(grant=report.grant, by=by)
    report_notify(report=report, event="submitted")
    return report


def _require_reviewer(by) -> None:
    if not by.has_perm(REVIEW_REPORT):
        raise PermissionDenied(_("Du har ikke tilgang til å behandle rapporter."))


def _require_submitted(report: Report) -> None:
    if report.status != Report.Status.SUBMITTED:
        raise ValidationError(
            _("Bare en sendt rapport kan behandles (status: %(status)s).")
            % {"status": report.get_status_display()},
            code="state",
        )


def report_approve(*, report: Report, by, now: dt.datetime | None = None) -> Report:
    """An adviser approves a sent report. After the commit of an approved final report, every
    function in ``hooks.on_final_report_approved`` runs."""
    now = now or timezone.now()
    with transaction.atomic():
        report = _locked(report)
        _require_reviewer(by)
        _require_submitted(report)
        report.status = Report.Status.APPROVED
        report.approved_at = now
        report.approved_by = by
        audit.save(report, by=by, reason=_("Rapporten er godkjent."))
        if report.kind == Report.Kind.FINAL:
            transaction.on_commit(lambda: _after_final_approval(report, by=by))
    return report


def _after_final_approval(report: Report, *, by) -> None:
    for hook in hooks.on_final_report_approved:
        hook(report, by=by)


@transaction.atomic
def report_return(*, report: Report, by, comment: str, now: dt.datetime | None = None) -> Report:
    """An adviser sends a sent report back with a comment: it opens for editing again, and the
    version sent back is kept."""
    now = now or timezone.now()
    report = _locked(report)
    _require_reviewer(by)
    _require_submitted(report)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Skriv hva organisasjonen må rette."), code="comment")
    ReportReturn.objects.create(
        report=report,
        comment=comment,
        snapshot=report_snapshot(report=report),
        returned_at=now,
        returned_by=by,
    )
    report.status = Report.Status.RETURNED
    report.version += 1
    audit.save(report, by=by, reason=_("Rapporten er sendt tilbake."))
    report_notify(report=report, event="returned")
    return report
