"""Appeals in the admin: the list with the deadline and the days since each came in, and the
handling page (case handler, impartiality, provisional answer, reverse, uphold and forward, the
appeal body's outcome). Everything is written through ``awards/appeals/services.py``."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.applying.storage import stored_file_response
from awards.admin.forms import DecisionForm, DeclarationForm
from awards.appeals import services
from awards.appeals.forms import (
    ForwardForm,
    HandlerForm,
    OutcomeForm,
    ProvisionalForm,
    ReasonForm,
)
from awards.appeals.models import Appeal
from awards.appeals.rules import days_since_received, needs_provisional_answer
from awards.appeals.selectors import appeal_list
from awards.assessment.selectors import application_score_table
from awards.permissions import is_adviser
from calls.admin_history import GuardedHistoryAdmin
from calls.admin_lists import BigListAdmin

from .common import ReadOnlyAdminMixin
from .views.common import _context

ACTIONS = ("handler", "declare", "provisional", "reverse", "forward", "outcome", "bundle")


@admin.register(Appeal)
class AppealAdmin(BigListAdmin, ReadOnlyAdminMixin, GuardedHistoryAdmin):
    list_display = [
        "application_link",
        "organisation",
        "state",
        "lodged_at",
        "deadline",
        "late",
        "days_received",
        "case_handler",
    ]
    # The first column links to the handling page itself, not to the read-only change form.
    list_display_links = None
    list_filter = ["state", "late", "application__call"]
    list_select_related = [
        "application__organisation",
        "application__call",
        "organisation",
        "case_handler",
        "letter",
    ]
    search_fields = ["application__title", "application__reference", "organisation__name"]
    date_hierarchy = "lodged_at"

    # Advisers only: partner reviewers never see appeals.
    def has_module_permission(self, request):
        return is_adviser(request.user)

    def has_view_permission(self, request, obj=None):
        return is_adviser(request.user)

    def get_queryset(self, request):
        return appeal_list()

    @admin.display(description=gettext_lazy("Søknad"))
    def application_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:awards_appeal_handle", args=[obj.pk]),
            obj.application.title,
        )

    @admin.display(description=gettext_lazy("Dager siden mottatt"))
    def days_received(self, obj):
        days = days_since_received(appeal=obj, today=timezone.localdate())
        if needs_provisional_answer(appeal=obj, now=timezone.now()):
            return format_html(
                '<strong class="appeal-overdue">{}</strong> ({})', days, _("over en måned")
            )
        return days

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/handle/", wrap(appeal_handle_view), name="awards_appeal_handle"),
            path(
                "<int:pk>/documents/<str:kind>/",
                wrap(appeal_documents_view),
                name="awards_appeal_documents",
            ),
            *super().get_urls(),
        ]


def _appeal(request, pk: int) -> Appeal:
    if not is_adviser(request.user):
        raise PermissionDenied
    return get_object_or_404(
        Appeal.objects.select_related(
            "application__organisation",
            "application__call__scheme",
            "decision__decided_by",
            "letter",
            "lodged_by",
            "case_handler",
        ),
        pk=pk,
    )


def _decision_form(appeal: Appeal, data=None) -> DecisionForm:
    case = getattr(appeal.application, "case", None)
    return DecisionForm(
        data,
        stage=appeal.application.call.stage,
        eligibility=case.eligibility if case else None,
        prefix="decision",
    )


def _forms(appeal: Appeal) -> dict:
    return {
        "handler": HandlerForm(prefix="handler"),
        "declare": DeclarationForm(prefix="declare"),
        "provisional": ProvisionalForm(prefix="provisional"),
        "reverse": ReasonForm(prefix="reverse"),
        "decision": _decision_form(appeal),
        "forward": ForwardForm(prefix="forward"),
        "outcome": OutcomeForm(prefix="outcome"),
    }


def _run(request, appeal: Appeal, action: str, forms: dict) -> bool:
    post = request.POST
    by = request.user
    if action == "bundle":
        if appeal.state != Appeal.State.UPHELD_FORWARDED and not appeal.bundle_pdf:
            raise ValidationError(_("Sakens dokumenter lages når klagen sendes klageinstansen."))
        from awards.appeals.bundle import appeal_bundle_enqueue

        appeal_bundle_enqueue(appeal_id=appeal.pk)
        messages.success(request, _("Sakens dokumenter lages på nytt."))
        return True
    if action == "reverse":
        reason = forms["reverse"] = ReasonForm(post, prefix="reverse")
        decision = forms["decision"] = _decision_form(appeal, post)
        if not (reason.is_valid() and decision.is_valid()):
            return False
        services.appeal_reverse(
            appeal=appeal,
            by=by,
            reason=reason.cleaned_data["reason"],
            **{k: v for k, v in decision.cleaned_data.items() if k != "change_reason"},
        )
        messages.success(request, _("Vedtaket er omgjort, og det nye vedtaksbrevet er sendt."))
        return True
    form_class = type(forms[action])
    form = forms[action] = form_class(post, prefix=action)
    if not form.is_valid():
        return False
    data = form.cleaned_data
    if action == "handler":
        services.appeal_assign_handler(appeal=appeal, handler=data["handler"], by=by)
        messages.success(request, _("Saksbehandleren er satt."))
    elif action == "declare":
        services.appeal_declare(
            appeal=appeal, impartial=data["impartial"], reason=data.get("reason", ""), by=by
        )
        messages.success(request, _("Habiliteten er registrert."))
    elif action == "provisional":
        services.appeal_provisional_answer(appeal=appeal, expected_by=data["expected_by"], by=by)
        messages.success(request, _("Det foreløpige svaret er sendt."))
    elif action == "forward":
        services.appeal_forward(appeal=appeal, by=by, comment=data["comment"])
        messages.success(
            request,
            _("Klagen er sendt klageinstansen. Sakens dokumenter lages nå i bakgrunnen."),
        )
    elif action == "outcome":
        services.appeal_record_outcome(
            appeal=appeal, outcome=data["outcome"], text=data["text"], by=by
        )
        messages.success(request, _("Klageinstansens avgjørelse er registrert og brevet sendt."))
    return True


def appeal_handle_view(request, pk: int):
    appeal = _appeal(request, pk)
    forms = _forms(appeal)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            raise Http404
        try:
            done = _run(request, appeal, action, forms)
        except ValidationError as error:
            target = forms["decision"] if action == "reverse" else forms.get(action)
            if target is not None and target.is_bound and hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    target.add_error(field if field in target.fields else None, errors)
            else:
                for message in error.messages:
                    messages.error(request, message)
            done = False
        if done:
            return HttpResponseRedirect(request.path)
        status = 400
    now = timezone.now()
    is_handler = appeal.case_handler_id == request.user.pk
    context = _context(
        request,
        title=str(appeal),
        appeal=appeal,
        application=appeal.application,
        decision=appeal.decision,
        forms=forms,
        score_table=application_score_table(application=appeal.application, submitted_only=True),
        letters=list(appeal.application.letters.order_by("sent_at", "pk")),
        days=days_since_received(appeal=appeal, today=timezone.localdate(now)),
        overdue=needs_provisional_answer(appeal=appeal, now=now),
        is_handler=is_handler,
        may_review=is_handler
        and appeal.handler_declared_at is not None
        and appeal.state == Appeal.State.UNDER_REVIEW,
    )
    return TemplateResponse(request, "admin/awards/appeal.html", context, status=status)


def appeal_documents_view(request, pk: int, kind: str):
    """The appeal's attachment, or its bundled case documents as PDF or ZIP."""
    appeal = _appeal(request, pk)
    fields = {
        "pdf": (appeal.bundle_pdf, f"klagesak-{appeal.pk}.pdf", "application/pdf"),
        "zip": (appeal.bundle_zip, f"klagesak-{appeal.pk}.zip", "application/zip"),
        "attachment": (
            appeal.attachment,
            appeal.attachment_name,
            appeal.attachment_content_type,
        ),
    }
    if kind not in fields or not fields[kind][0]:
        raise Http404
    field, filename, content_type = fields[kind]
    return stored_file_response(request, field, filename=filename, content_type=content_type)
