"""Case files in the admin."""

from __future__ import annotations

from django.contrib import admin

from awards.models import Case
from calls.admin_history import GuardedHistoryAdmin
from calls.admin_lists import BigListAdmin


@admin.register(Case)
class CaseAdmin(BigListAdmin, GuardedHistoryAdmin):
    list_display = ["application", "case_owner", "eligibility", "proposed_amount"]
    list_filter = ["eligibility", "application__call"]
    ordering = ["-pk"]  # newest first, by the primary key (the model's order joins applications)
    list_select_related = ["application", "case_owner"]
    search_fields = ["application__title", "application__reference"]
    readonly_fields = [
        "application",
        "eligibility",
        "eligibility_reason",
        "eligibility_checked_by",
        "eligibility_checked_at",
        "case_owner",
        "proposed_amount",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
