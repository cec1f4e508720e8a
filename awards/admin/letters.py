"""Letters and letter templates in the admin."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from awards.models import Letter, LetterTemplate
from calls.admin_history import GuardedHistoryAdmin
from calls.admin_lists import BigListAdmin

from .common import ReadOnlyAdminMixin


@admin.register(Letter)
class LetterAdmin(BigListAdmin, ReadOnlyAdminMixin, GuardedHistoryAdmin):
    list_display = [
        "subject",
        "application",
        "kind",
        "sent_at",
        "sent_by",
        "appeal_deadline",
        "delivery_status",
    ]
    list_filter = ["kind", "delivery_status", "application__call"]
    list_select_related = ["application", "sent_by"]
    search_fields = ["subject", "application__title", "application__reference"]
    # The kept PDF has no public address: it opens through the checked download view.
    exclude = ["document"]
    readonly_fields = ["pdf"]

    @admin.display(description=_("PDF"))
    def pdf(self, obj):
        url = reverse("letters:pdf", kwargs={"pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, _("Last ned brevet som PDF"))


@admin.register(LetterTemplate)
class LetterTemplateAdmin(GuardedHistoryAdmin):
    list_display = ["call", "kind", "subject"]
    list_filter = ["kind", "call"]
    list_select_related = ["call"]
    search_fields = ["call__title", "subject"]
    change_form_template = "admin/awards/lettertemplate_change_form.html"

    def get_changeform_initial_data(self, request):
        from awards.letters.texts import DEFAULT_TEXTS

        initial = super().get_changeform_initial_data(request)
        kind = initial.get("kind") or LetterTemplate.Kind.OFFER
        subject, body = DEFAULT_TEXTS.get(kind, DEFAULT_TEXTS["offer"])
        return {"kind": kind, "subject": subject, "body": body, **initial}

    def render_change_form(self, request, context, *args, **kwargs):
        from awards.letters.texts import PLACEHOLDERS

        context["placeholders"] = PLACEHOLDERS
        return super().render_change_form(request, context, *args, **kwargs)
