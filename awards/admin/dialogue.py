"""Messages and internal notes in the admin: lists and history only, for advisers. They are
written on the case page (the services apply); nobody edits or deletes one."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from awards.models import InternalNote, Message
from calls.admin_history import GuardedHistoryAdmin
from calls.admin_lists import BigListAdmin

from .common import ReadOnlyAdminMixin


class _CaseLinkMixin:
    @admin.display(description=_("saksbehandling"))
    def case_link(self, obj):
        url = reverse("admin:awards_case", args=[obj.application_id])
        return format_html('<a href="{}#dialogue">{}</a>', url, _("Åpne"))


@admin.register(Message)
class MessageAdmin(BigListAdmin, ReadOnlyAdminMixin, _CaseLinkMixin, GuardedHistoryAdmin):
    list_display = [
        "created_at",
        "application",
        "author",
        "from_adviser",
        "shared_with_reviewers",
        "case_link",
    ]
    list_filter = ["from_adviser", "shared_with_reviewers", "application__call"]
    ordering = ["-created_at", "-pk"]  # newest first, by the index on created_at
    list_select_related = ["application", "author"]
    search_fields = ["application__title", "application__reference", "text"]
    # The file has no public address: it opens through the checked download view.
    exclude = ["attachment"]
    readonly_fields = ["file"]

    @admin.display(description=_("vedlegg"))
    def file(self, obj):
        if not obj.attachment:
            return "–"
        url = reverse("dialogue:attachment", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.attachment_name)


@admin.register(InternalNote)
class InternalNoteAdmin(BigListAdmin, ReadOnlyAdminMixin, _CaseLinkMixin, GuardedHistoryAdmin):
    list_display = ["created_at", "application", "author", "case_link"]
    list_filter = ["application__call"]
    ordering = ["-pk"]  # newest first, by the primary key (the model's order joins applications)
    list_select_related = ["application", "author"]
    search_fields = ["application__title", "application__reference", "text"]
