"""Reports in the admin: read only, with the figures against the targets, the files, every
version sent back, and a form to approve the report or send it back with a comment (both
through the report services)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.applying.storage import stored_file_response
from awards.followup.reports import services
from awards.followup.reports.forms import ReportReturnForm
from awards.followup.reports.selectors import report_rows
from awards.models import Report, ReportAttachment
from calls.admin_history import GuardedHistoryAdmin

from .common import ReadOnlyAdminMixin


@admin.register(Report)
class ReportAdmin(ReadOnlyAdminMixin, GuardedHistoryAdmin):
    list_display = ["__str__", "kind", "due_on", "status", "submitted_at", "approved_at"]
    list_filter = ["status", "kind", "grant__award__application__call"]
    list_select_related = ["grant__award__application__organisation"]
    search_fields = [
        "grant__award__application__title",
        "grant__award__application__reference",
        "grant__award__application__organisation__name",
    ]
    date_hierarchy = "due_on"
    fields = [
        "grant",
        "kind",
        "due_on",
        "status",
        "status_text",
        "learned",
        "submitted_at",
        "submitted_by",
        "approved_at",
        "approved_by",
    ]
    change_form_template = "admin/awards/report_change_form.html"

    def get_urls(self):
        return [
            path(
                "<int:pk>/decide/",
                self.admin_site.admin_view(require_POST(self.decide_view)),
                name="awards_report_decide",
            ),
            path(
                "<int:pk>/file/<int:attachment_pk>/",
                self.admin_site.admin_view(self.file_view),
                name="awards_report_file",
            ),
            *super().get_urls(),
        ]

    def file_view(self, request, pk: int, attachment_pk: int):
        """A report's file for staff who may view reports."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        attachment = get_object_or_404(ReportAttachment, pk=attachment_pk, report_id=pk)
        return stored_file_response(
            request,
            attachment.file,
            filename=attachment.name,
            content_type=attachment.content_type,
            back_url=reverse("admin:awards_report_change", args=[pk]),
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context |= {
                "report": obj,
                "rows": report_rows(report=obj),
                "attachments": list(obj.attachments.all()),
                "returns": list(obj.returns.select_related("returned_by")),
                "may_decide": obj.status == Report.Status.SUBMITTED
                and request.user.has_perm(services.REVIEW_REPORT),
            }
            context.setdefault("return_form", ReportReturnForm())
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _refused(self, request, report: Report, form, errors):
        """The report page again with the messages and what the adviser wrote."""
        for error in errors:
            messages.error(request, error)
        request.method = "GET"  # the page is shown, not saved: the admin's form is read-only
        return self.change_view(request, str(report.pk), extra_context={"return_form": form})

    def decide_view(self, request, pk: int):
        if not request.user.has_perm(services.REVIEW_REPORT):
            raise PermissionDenied
        report = get_object_or_404(Report, pk=pk)
        form = ReportReturnForm(request.POST)
        back = reverse("admin:awards_report_change", args=[report.pk])
        try:
            if request.POST.get("decision") == "approve":
                services.report_approve(report=report, by=request.user)
                messages.success(request, _("Rapporten er godkjent."))
            elif form.is_valid():
                services.report_return(
                    report=report, by=request.user, comment=form.cleaned_data["comment"]
                )
                messages.success(request, _("Rapporten er sendt tilbake til organisasjonen."))
            else:
                errors = [error for errors in form.errors.values() for error in errors]
                return self._refused(request, report, form, errors)
        except ValidationError as error:
            return self._refused(request, report, form, error.messages)
        return redirect(back)
