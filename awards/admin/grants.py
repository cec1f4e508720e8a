"""Grants in the admin: read only, their state moves through the follow-up services."""

from __future__ import annotations

from django.contrib import admin

from awards.models import Grant
from calls.admin_history import GuardedHistoryAdmin
from calls.admin_lists import BigListAdmin

from .common import ReadOnlyAdminMixin


@admin.register(Grant)
class GrantAdmin(BigListAdmin, ReadOnlyAdminMixin, GuardedHistoryAdmin):
    list_display = ["award", "state", "offered_at", "accept_by", "accepted_at", "answered_by"]
    list_filter = ["state", "award__application__call"]
    list_select_related = ["award__application__organisation", "answered_by"]
    search_fields = [
        "award__application__title",
        "award__application__reference",
        "award__application__organisation__name",
    ]
    date_hierarchy = "offered_at"
