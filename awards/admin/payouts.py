"""Payout requests and special conditions in the admin. The lists are read only; every step
(check, approve, send back, mark paid; approve or reject evidence) is an action that calls its
service, with the amount or message typed above the list."""

from __future__ import annotations

import csv
import io

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.amounts import parse_kroner
from applications.applying.storage import stored_file_response
from awards.followup.payments import services
from awards.followup.payments.models import COST_KINDS
from awards.followup.payments.rules import budget_by_kind
from awards.models import GrantCondition, PayoutRequest
from awards.permissions import APPROVE_PAYOUT, CHECK_PAYOUT
from awards.spreadsheets import csv_safe, xlsx_append_text_safe
from calls.admin_history import GuardedHistoryAdmin
from calls.formatting import format_kroner

from .common import ReadOnlyAdminMixin


class PayoutActionForm(ActionForm):
    amount = forms.CharField(label=gettext_lazy("Beløp (kr)"), required=False)
    message = forms.CharField(label=gettext_lazy("Melding"), required=False, max_length=2000)


def _amount(request) -> int | None:
    return parse_kroner(request.POST.get("amount"))


def _run(modeladmin, request, queryset, step, done: str) -> None:
    """Run ``step`` on each selected row; refusals are shown, nothing is half done."""
    count = 0
    for obj in queryset:
        try:
            step(obj)
            count += 1
        except PermissionDenied as error:
            modeladmin.message_user(request, str(error) or _("Ingen tilgang."), messages.ERROR)
        except ValidationError as error:
            modeladmin.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
    if count:
        modeladmin.message_user(request, done % {"count": count}, messages.SUCCESS)


EXPORT_HEADER = [
    "referanse",
    "organisasjon",
    "organisasjonsnummer",
    "prosjekt",
    "andel",
    "godkjent_belop",
    "godkjent",
    "kontrollert_av",
    "godkjent_av",
    "utbetalt_belop",
    "utbetalt",
]


def _export_rows(queryset):
    for payout in queryset.filter(state__in=["approved", "paid"]).select_related(
        "grant__award__application__organisation", "instalment", "checked_by", "approved_by"
    ):
        application = payout.grant.award.application
        yield [
            application.reference,
            application.organisation.name,
            application.organisation.orgnr,
            application.title,
            payout.instalment.label,
            payout.approved_amount,
            timezone.localtime(payout.approved_at).strftime("%Y-%m-%d %H:%M"),
            str(payout.checked_by or ""),
            str(payout.approved_by or ""),
            payout.paid_amount or "",
            timezone.localtime(payout.paid_at).strftime("%Y-%m-%d") if payout.paid_at else "",
        ]


@admin.register(PayoutRequest)
class PayoutRequestAdmin(ReadOnlyAdminMixin, GuardedHistoryAdmin):
    list_display = [
        "grant",
        "instalment",
        "state",
        "documented_display",
        "submitted_at",
        "checked_by",
        "approved_by",
        "approved_amount",
        "paid_amount",
    ]
    list_filter = ["state", "grant__award__application__call"]
    list_select_related = [
        "grant__award__application__organisation",
        "grant__award__application__decision",
        "instalment",
        "checked_by",
        "approved_by",
    ]
    search_fields = ["grant__award__application__title", "grant__award__application__reference"]
    action_form = PayoutActionForm
    actions = [
        "check_requests",
        "approve_requests",
        "return_requests",
        "mark_paid",
        "export_csv",
        "export_xlsx",
    ]
    readonly_fields = ["budget_table", "files"]
    exclude = ["accounts", "confirmation"]

    @admin.display(description=gettext_lazy("Dokumenterte kostnader"))
    def documented_display(self, obj):
        return format_kroner(obj.documented)

    @admin.display(description=gettext_lazy("Kostnader mot budsjett"))
    def budget_table(self, obj):
        budget = budget_by_kind(obj.grant.award.application)
        rows = format_html_join(
            "",
            "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td></tr>",
            (
                (label, format_kroner(budget[kind]), format_kroner(getattr(obj, kind)))
                for kind, label in COST_KINDS
            ),
        )
        return format_html(
            "<table><thead><tr><th scope='col'>{}</th><th scope='col'>{}</th>"
            "<th scope='col'>{}</th></tr></thead><tbody>{}</tbody></table><p>{}</p>",
            _("Budsjettpost"),
            _("Budsjett"),
            _("Påløpt så langt"),
            rows,
            _("Kan godkjennes nå: %(cap)s") % {"cap": format_kroner(services.payable_now(obj))},
        )

    @admin.display(description=gettext_lazy("Vedlegg"))
    def files(self, obj):
        links = [
            format_html(
                '<a href="{}">{}</a>',
                reverse("admin:awards_payoutrequest_file", args=[obj.pk, field]),
                getattr(obj, f"{field}_name"),
            )
            for field in ("accounts", "confirmation")
            if getattr(obj, field)
        ]
        return format_html(" · ".join(["{}"] * len(links)), *links) if links else "–"

    def get_urls(self):
        return [
            path(
                "<int:pk>/file/<str:field>/",
                self.admin_site.admin_view(self.file_view),
                name="awards_payoutrequest_file",
            ),
            *super().get_urls(),
        ]

    def file_view(self, request, pk: int, field: str):
        if field not in ("accounts", "confirmation") or not self.has_view_permission(request):
            raise Http404
        payout = get_object_or_404(PayoutRequest, pk=pk)
        stored = getattr(payout, field)
        if not stored:
            raise Http404
        return stored_file_response(
            request,
            stored,
            filename=getattr(payout, f"{field}_name"),
            content_type=getattr(payout, f"{field}_content_type"),
        )

    @admin.action(description=gettext_lazy("Kontroller (første godkjenning)"))
    def check_requests(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda p: services.payout_check(payout=p, by=request.user),
            _("%(count)s anmodninger er kontrollert."),
        )

    @admin.action(
        description=gettext_lazy("Godkjenn utbetaling (andre godkjenning; beløp valgfritt)")
    )
    def approve_requests(self, request, queryset):
        try:
            amount = _amount(request)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        _run(
            self,
            request,
            queryset,
            lambda p: services.payout_approve(payout=p, by=request.user, amount=amount),
            _("%(count)s utbetalinger er godkjent."),
        )

    @admin.action(description=gettext_lazy("Send tilbake til organisasjonen (med melding)"))
    def return_requests(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda p: services.payout_return(
                payout=p, by=request.user, message=request.POST.get("message", "")
            ),
            _("%(count)s anmodninger er sendt tilbake."),
        )

    @admin.action(description=gettext_lazy("Merk som utbetalt (beløp valgfritt)"))
    def mark_paid(self, request, queryset):
        try:
            amount = _amount(request)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        _run(
            self,
            request,
            queryset,
            lambda p: services.payout_mark_paid(payout=p, by=request.user, amount=amount),
            _("%(count)s utbetalinger er merket som utbetalt."),
        )

    @admin.action(description=gettext_lazy("Eksporter godkjente utbetalinger (CSV)"))
    def export_csv(self, request, queryset):
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow(EXPORT_HEADER)
        for row in _export_rows(queryset):
            writer.writerow([csv_safe(value) for value in row])
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="utbetalinger.csv"'
        return response

    @admin.action(description=gettext_lazy("Eksporter godkjente utbetalinger (XLSX)"))
    def export_xlsx(self, request, queryset):
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "Utbetalinger"
        sheet.append(EXPORT_HEADER)
        for row in _export_rows(queryset):
            xlsx_append_text_safe(sheet, row)
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="utbetalinger.xlsx"'
        return response

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm(CHECK_PAYOUT):
            for name in ("check_requests", "return_requests", "mark_paid"):
                actions.pop(name, None)
        if not request.user.has_perm(APPROVE_PAYOUT):
            actions.pop("approve_requests", None)
        return actions


class ConditionActionForm(ActionForm):
    comment = forms.CharField(
        label=gettext_lazy("Begrunnelse ved avvisning"), required=False, max_length=2000
    )


@admin.register(GrantCondition)
class GrantConditionAdmin(ReadOnlyAdminMixin, GuardedHistoryAdmin):
    list_display = ["text", "grant", "gate", "status_display", "evidence_link", "approved_by"]
    list_filter = ["gate", "grant__award__application__call"]
    list_select_related = ["grant__award__application__organisation", "approved_by"]
    search_fields = ["text", "grant__award__application__title"]
    action_form = ConditionActionForm
    actions = ["approve_evidence", "reject_evidence"]
    exclude = ["evidence"]

    @admin.display(description=gettext_lazy("Status"))
    def status_display(self, obj):
        return obj.get_status_display()

    @admin.display(description=gettext_lazy("Dokumentasjon"))
    def evidence_link(self, obj):
        if not obj.evidence:
            return "–"
        url = reverse("admin:awards_grantcondition_file", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.evidence_name)

    def get_urls(self):
        return [
            path(
                "<int:pk>/file/",
                self.admin_site.admin_view(self.file_view),
                name="awards_grantcondition_file",
            ),
            *super().get_urls(),
        ]

    def file_view(self, request, pk: int):
        if not self.has_view_permission(request):
            raise Http404
        condition = get_object_or_404(GrantCondition, pk=pk)
        if not condition.evidence:
            raise Http404
        return stored_file_response(
            request,
            condition.evidence,
            filename=condition.evidence_name,
            content_type=condition.evidence_content_type,
        )

    @admin.action(description=gettext_lazy("Godkjenn dokumentasjonen"))
    def approve_evidence(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda c: services.condition_approve(condition=c, by=request.user),
            _("%(count)s særvilkår er godkjent."),
        )

    @admin.action(description=gettext_lazy("Avvis dokumentasjonen (med begrunnelse)"))
    def reject_evidence(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda c: services.condition_reject(
                condition=c, by=request.user, comment=request.POST.get("comment", "")
            ),
            _("%(count)s særvilkår er avvist."),
        )
