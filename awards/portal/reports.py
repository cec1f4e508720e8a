"""The grant's reports under /my/reports/: a task list, a screen per section, the attachments,
a summary listing every problem, and sending. Every member reads; administrators and editors
write and send; anyone else learns nothing (404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.applying.storage import stored_file_response
from awards.followup.reports import services
from awards.followup.reports.forms import (
    TEXT_FIELDS,
    ReportAttachmentForm,
    ReportFiguresForm,
    ReportTextForm,
)
from awards.followup.reports.models import Report, ReportAttachment
from awards.followup.reports.rules import (
    SECTION_TITLES,
    report_may_read,
    report_may_write,
    report_problems,
    section_statuses,
)
from awards.followup.reports.selectors import (
    report_figures,
    report_for_member,
    report_indicators,
    report_rows,
)


def _report(request, pk: int) -> Report:
    report = report_for_member(user=request.user, pk=pk)
    if report is None:
        raise Http404  # strangers do not learn which reports exist
    return report


def _section_url(report: Report, section: str) -> str:
    if section == "attachments":
        return reverse("reports:attachments", kwargs={"pk": report.pk})
    return reverse("reports:section", kwargs={"pk": report.pk, "section": section})


def _anchor(field: str) -> str:
    """The id of the input a problem is about (both text sections call theirs "text")."""
    return "text" if field in ("status_text", "learned") else field


def _context(request, report: Report, **extra) -> dict:
    indicators = report_indicators(report=report)
    figures = report_figures(report=report)
    problems = [
        {"message": p.message, "url": f"{_section_url(report, p.section)}#id_{_anchor(p.field)}"}
        for p in report_problems(report=report, indicators=indicators, figures=figures)
    ]
    sections = [
        {**status.__dict__, "url": _section_url(report, status.key)}
        for status in section_statuses(
            report=report,
            indicators=indicators,
            figures=figures,
            attachment_count=report.attachments.count(),
        )
    ]
    application = report.grant.award.application
    return {
        "report": report,
        "grant": report.grant,
        "application": application,
        "rows": report_rows(report=report),
        "attachments": list(report.attachments.all()),
        "last_return": report.returns.first(),
        "sections": sections,
        "problems": problems,
        "can_write": report_may_write(user=request.user, report=report) and report.is_editable,
        "nav_section": "my",
        **extra,
    }


def _require_writable(request, report: Report) -> None:
    if not report_may_write(user=request.user, report=report):
        raise PermissionDenied(_("Bare administratorer og redaktører kan skrive rapporten."))


@login_required
def report_detail(request, pk: int):
    report = _report(request, pk)
    return render(request, "awards/reports/task_list.html", _context(request, report))


@login_required
def report_section(request, pk: int, section: str):
    report = _report(request, pk)
    if section not in ("status", "figures", "learned"):
        raise Http404
    rows = report_rows(report=report)

    def make_form(data=None):
        initial = {"version": report.version}
        if section == "figures":
            initial |= {f"indicator_{row.indicator.pk}": row.actual for row in rows}
            return ReportFiguresForm(data, rows=rows, initial=initial)
        initial["text"] = getattr(report, TEXT_FIELDS[section][0])
        return ReportTextForm(data, section=section, initial=initial)

    form, errors, status = make_form(), [], 200
    if request.method == "POST":
        _require_writable(request, report)
        form = make_form(request.POST)
        if form.is_valid():
            try:
                if section == "figures":
                    services.report_save_figures(
                        report=report,
                        by=request.user,
                        figures=form.figures(),
                        version=form.cleaned_data["version"],
                    )
                else:
                    services.report_save_text(
                        report=report,
                        by=request.user,
                        field=TEXT_FIELDS[section][0],
                        text=form.cleaned_data["text"],
                        version=form.cleaned_data["version"],
                    )
            except ValidationError as error:
                errors, status = error.messages, 400
            else:
                messages.success(request, _("Lagret."))
                if request.POST.get("then") == "stay":
                    return redirect(_section_url(report, section))
                return redirect("reports:detail", pk=report.pk)
        else:
            status = 400
    context = _context(
        request,
        report,
        form=form,
        errors=errors,
        section=section,
        section_title=SECTION_TITLES[section],
    )
    return render(request, "awards/reports/section.html", context, status=status)


@login_required
def report_attachments(request, pk: int):
    report = _report(request, pk)
    form, errors, status = ReportAttachmentForm(), [], 200
    if request.method == "POST":
        _require_writable(request, report)
        form = ReportAttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.report_attach(
                    report=report, by=request.user, uploaded=form.cleaned_data["file"]
                )
            except ValidationError as error:
                errors, status = error.messages, 400
            else:
                messages.success(request, _("Vedlegget er lastet opp."))
                return redirect("reports:attachments", pk=report.pk)
        else:
            status = 400
    context = _context(request, report, form=form, errors=errors)
    return render(request, "awards/reports/attachments.html", context, status=status)


@login_required
@require_POST
def report_attachment_delete(request, pk: int, attachment_pk: int):
    report = _report(request, pk)
    _require_writable(request, report)
    attachment = get_object_or_404(ReportAttachment, pk=attachment_pk, report=report)
    try:
        services.report_detach(attachment=attachment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Vedlegget er fjernet."))
    return redirect("reports:attachments", pk=report.pk)


@login_required
def report_attachment_download(request, pk: int):
    attachment = get_object_or_404(ReportAttachment.objects.select_related("report"), pk=pk)
    if not report_may_read(user=request.user, report=attachment.report):
        raise Http404
    return stored_file_response(
        request,
        attachment.file,
        filename=attachment.name,
        content_type=attachment.content_type,
        back_url=reverse("reports:attachments", kwargs={"pk": attachment.report_id}),
    )


@login_required
def report_summary(request, pk: int):
    report = _report(request, pk)
    return render(request, "awards/reports/summary.html", _context(request, report))


@login_required
@require_POST
def report_submit_view(request, pk: int):
    report = _report(request, pk)
    _require_writable(request, report)
    try:
        services.report_submit(report=report, by=request.user)
    except ValidationError as error:
        context = _context(request, report, errors=error.messages)
        return render(request, "awards/reports/summary.html", context, status=400)
    messages.success(request, _("Rapporten er sendt til Innovasjon Norge."))
    return redirect("reports:summary", pk=report.pk)
