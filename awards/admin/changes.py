"""Change requests in the admin: open ones first, read only; approving and rejecting are
actions that call the services, with the comment typed above the list (needed to reject)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.applying.storage import stored_file_response
from awards.followup.changes import rules, services
from awards.models import ChangeRequest
from calls.admin_history import GuardedHistoryAdmin

from .common import ReadOnlyAdminMixin


class ChangeActionForm(ActionForm):
    comment = forms.CharField(
        label=gettext_lazy("Kommentar (står i brevet; må fylles ut ved avslag)"),
        required=False,
        max_length=3000,
    )


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ReadOnlyAdminMixin, GuardedHistoryAdmin):
    list_display = ["grant", "kind", "state", "requested_at", "requested_by", "decided_by"]
    list_filter = ["state", "kind", "grant__award__application__call"]
    list_select_related = [
        "grant__award__application__organisation",
        "grant__award__application__decision",
        "requested_by",
        "decided_by",
    ]
    search_fields = ["grant__award__application__title", "grant__award__application__reference"]
    action_form = ChangeActionForm
    actions = ["approve_requests", "reject_requests"]
    readonly_fields = ["asked_for", "problems_now", "file", "letter_link"]
    exclude = ["attachment", "attachment_content_type", "letter"]

    def get_queryset(self, request):
        # Open requests first, then the newest.
        return (
            super()
            .get_queryset(request)
            .annotate(
                open_first=Case(
                    When(state=ChangeRequest.State.OPEN, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("open_first", "-requested_at", "-pk")
        )

    @admin.display(description=gettext_lazy("Det organisasjonen ber om"))
    def asked_for(self, obj):
        return rules.describe(obj)

    @admin.display(description=gettext_lazy("Hindringer mot vilkårene nå"))
    def problems_now(self, obj):
        if obj.state != ChangeRequest.State.OPEN:
            return "–"
        problems = rules.grant_refusals(obj.grant) + rules.request_problems(
            grant=obj.grant, change=obj
        )
        return " ".join(problems) or _("Ingen: endringen kan godkjennes.")

    @admin.display(description=gettext_lazy("Vedlegg"))
    def file(self, obj):
        if not obj.attachment:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:awards_changerequest_file", args=[obj.pk]),
            obj.attachment_name,
        )

    @admin.display(description=gettext_lazy("Brev"))
    def letter_link(self, obj):
        if not obj.letter_id:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:awards_letter_change", args=[obj.letter_id]),
            obj.letter.subject,
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/file/",
                self.admin_site.admin_view(self.file_view),
                name="awards_changerequest_file",
            ),
            *super().get_urls(),
        ]

    def file_view(self, request, pk: int):
        if not self.has_view_permission(request):
            raise Http404
        change = get_object_or_404(ChangeRequest, pk=pk)
        if not change.attachment:
            raise Http404
        return stored_file_response(
            request,
            change.attachment,
            filename=change.attachment_name,
            content_type=change.attachment_content_type,
        )

    def _run(self, request, queryset, step, done: str) -> None:
        count = 0
        for change in queryset:
            try:
                step(change)
                count += 1
            except PermissionDenied as error:
                self.message_user(request, str(error) or _("Ingen tilgang."), messages.ERROR)
            except ValidationError as error:
                self.message_user(request, f"{change}: {' '.join(error.messages)}", messages.ERROR)
        if count:
            self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Godkjenn endringen (brevet sendes)"))
    def approve_requests(self, request, queryset):
        comment = request.POST.get("comment", "")
        self._run(
            request,
            queryset,
            lambda c: services.change_request_approve(change=c, by=request.user, comment=comment),
            _("%(count)s endringssøknader er godkjent."),
        )

    @admin.action(description=gettext_lazy("Avslå endringen (med kommentar; brevet sendes)"))
    def reject_requests(self, request, queryset):
        comment = request.POST.get("comment", "")
        self._run(
            request,
            queryset,
            lambda c: services.change_request_reject(change=c, by=request.user, comment=comment),
            _("%(count)s endringssøknader er avslått."),
        )
