"""Review assignments and scores in the admin."""

from __future__ import annotations

from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from awards.admin.views import review as review_views
from awards.models import ReviewAssignment, Score
from calls.admin_history import GuardedHistoryAdmin
from calls.admin_lists import BigListAdmin

from .common import ReadOnlyAdminMixin, _is_adviser


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(BigListAdmin, GuardedHistoryAdmin):
    # The action first, so it is in view on a narrow screen; the title leads to the review (or,
    # for advisers, to the case), never to the raw record.
    list_display = [
        "call",
        "reviewer",
        "role",
        "impartiality",
        "submitted_at",
    ]
    list_filter = ["impartiality", "role", "application__call"]
    list_select_related = ["application__call", "reviewer"]
    search_fields = [
        "application__title",
        "application__reference",
        "application__organisation__name",
        "reviewer__email",
    ]
    list_display_links = None
    # Newest first, by an index; the model's order (by application) sorts the whole table.
    ordering = ["-assigned_at", "-pk"]
    raw_id_fields = ["application", "reviewer"]
    readonly_fields = ["conflict_is_automatic", "declared_at", "submitted_at", "assigned_by"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if _is_adviser(request) or request.user.is_superuser:
            return queryset
        return queryset.filter(reviewer=request.user)

    def history_queryset(self, request):
        queryset = super().history_queryset(request)
        if _is_adviser(request) or request.user.is_superuser:
            return queryset
        # A reviewer's own assignments, once they have declared themselves impartial on them.
        return queryset.filter(impartiality=ReviewAssignment.Impartiality.IMPARTIAL)

    def has_add_permission(self, request):
        return False  # advisers assign from the case page or the list action (the rules apply)

    def has_change_permission(self, request, obj=None):
        # Impartiality is declared on the review page, the application and reviewer are set
        # when assigning: nobody changes an assignment here.
        return False

    @admin.display(description=_("utlysning"), ordering="application__call__title")
    def call(self, obj):
        return obj.application.call

    def get_list_display(self, request):
        """The link to the review page first, for the reviewer's own assignments only; then the
        application's title, leading to the review (own) or the case page (advisers)."""
        adviser = _is_adviser(request) or request.user.is_superuser

        @admin.display(description=_("vurdering"))
        def review_link(obj):
            if obj.reviewer_id != request.user.pk:
                return "–"
            return format_html(
                '<a href="{}">{}</a>',
                reverse("admin:awards_review", args=[obj.pk]),
                _("Inhabil")
                if obj.impartiality == ReviewAssignment.Impartiality.CONFLICT
                else _("Se vurderingen")
                if obj.is_submitted
                else _("Vurder"),
            )

        @admin.display(description=_("søknad"), ordering="application__title")
        def application_link(obj):
            if obj.reviewer_id == request.user.pk:
                url = reverse("admin:awards_review", args=[obj.pk])
            elif adviser:
                url = reverse("admin:awards_case", args=[obj.application_id])
            else:
                return str(obj.application)
            return format_html('<a href="{}">{}</a>', url, obj.application)

        return [review_link, application_link, *self.list_display]

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:assignment_id>/review/", wrap(review_views.review_view), name="awards_review"
            ),
            *super().get_urls(),
        ]


@admin.register(Score)
class ScoreAdmin(BigListAdmin, ReadOnlyAdminMixin, GuardedHistoryAdmin):
    """Read-only: scores are given on the reviewer's page; the history shows every change."""

    list_display = ["assignment", "criterion", "score", "updated_at"]
    list_filter = ["assignment__application__call"]
    ordering = ["-pk"]  # newest first, by the primary key (the model's order joins three tables)
    list_select_related = ["assignment__reviewer", "assignment__application", "criterion"]
    search_fields = ["assignment__application__title", "assignment__reviewer__email"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if _is_adviser(request) or request.user.is_superuser:
            return queryset
        return queryset.none()
