"""Calls in the admin with the assessment's pages: ranking board, letters, publication.

The call admin of the lower app is extended here and re-registered.
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import path

from awards.admin.views import ranking as ranking_views
from awards.admin.views import ranking_award
from awards.models import LetterTemplate
from calls.admin import CallAdmin
from calls.models import Call


class LetterTemplateInline(admin.StackedInline):
    model = LetterTemplate
    extra = 0
    fields = ["kind", "subject", "body"]

    def get_queryset(self, request):
        # Each template is named by its call; the rows are ordered by the call's table already.
        return super().get_queryset(request).select_related("call")


class AssessmentCallAdmin(CallAdmin):
    inlines = [*CallAdmin.inlines, LetterTemplateInline]
    change_form_template = "admin/awards/call_change_form.html"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:call_id>/ranking/",
                wrap(ranking_views.ranking_view),
                name="calls_call_ranking",
            ),
            path(
                "<int:call_id>/ranking/export.<str:fmt>",
                wrap(ranking_views.ranking_export),
                name="calls_call_ranking_export",
            ),
            path(
                "<int:call_id>/ranking/award/",
                wrap(ranking_award.ranking_award_view),
                name="calls_call_ranking_award",
            ),
            path(
                "<int:call_id>/letters/send/",
                wrap(ranking_views.letters_send_view),
                name="calls_call_send_letters",
            ),
            path(
                "<int:call_id>/letters/retry/",
                wrap(ranking_views.letters_retry_view),
                name="calls_call_retry_letters",
            ),
            path(
                "<int:call_id>/publish/",
                wrap(ranking_views.publish_view),
                name="calls_call_publish",
            ),
            *super().get_urls(),
        ]


admin.site.unregister(Call)
admin.site.register(Call, AssessmentCallAdmin)
