"""Applications in the admin, as the assessment sees them: the case page, filters and actions.

The application admin of the lower app is extended here (awards may import it, not the other
way round) and re-registered.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from applications.admin import ApplicationAdmin
from applications.models import Application
from awards.admin.forms import BulkAssignForm
from awards.admin.views import case as case_views
from awards.admin.views import corrections as correction_views
from awards.admin.views import dialogue as dialogue_views
from awards.admin.views.ranking import letter_sent_message
from awards.assessment import services as assessment_services
from awards.dialogue.selectors import with_unread_for_adviser
from awards.letters import services as letter_services
from awards.models import Case, ReviewAssignment
from calls.templatetags.utlysning import format_kroner

from .common import _is_adviser
from .filters import (
    AssignedToMeFilter,
    ConflictFilter,
    DistrictFlagFilter,
    EligibilityFilter,
    UnreadMessagesFilter,
)


class AssessmentApplicationAdmin(ApplicationAdmin):
    list_display = [
        "reference",
        "title",
        "organisation",
        "county",
        "call",
        "requested_amount_display",
        "status",
        "eligibility",
        "district_flag",
        "assessment_link",
        "unread_messages",
    ]
    list_filter = [
        "call",
        "status",
        # Every county (a small table), not only those with applications: that list would
        # scan every application on each page.
        "organisation__county",
        EligibilityFilter,
        AssignedToMeFilter,
        ConflictFilter,
        DistrictFlagFilter,
    ]
    list_select_related = ["organisation__county", "call", "case"]
    actions = ["mark_eligible", "assign_reviewers", "send_letters"]
    change_list_template = "admin/awards/application_change_list.html"
    change_form_template = "admin/awards/application_change_form.html"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if _is_adviser(request) or request.user.is_superuser:
            return with_unread_for_adviser(queryset, user=request.user)
        # A partner reviewer sees only what is assigned to them and they have declared
        # themselves impartial on, and never a draft.
        return queryset.filter(
            review_assignments__reviewer=request.user,
            review_assignments__impartiality=ReviewAssignment.Impartiality.IMPARTIAL,
        ).exclude(status=Application.Status.DRAFT)

    def history_versions(self, request, versions):
        if _is_adviser(request) or request.user.is_superuser:
            return versions
        # The applicant's drafts (before it was sent) are theirs, not the reviewer's.
        return versions.exclude(status=Application.Status.DRAFT)

    def has_change_permission(self, request, obj=None):
        return _is_adviser(request) and super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # Status follows the formal check and the decisions; it is not typed in.
        return [*fields, "status"] if obj is not None else fields

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not _is_adviser(request):
            actions.pop("mark_eligible", None)
            actions.pop("assign_reviewers", None)
        if not request.user.has_perm("awards.send_letters"):
            actions.pop("send_letters", None)
        return actions

    @admin.display(description=_("fylke"), ordering="organisation__county__name")
    def county(self, obj):
        return obj.organisation.county or "–"

    @admin.display(description=_("søkt beløp"), ordering="requested_amount")
    def requested_amount_display(self, obj):
        return format_kroner(obj.requested_amount)

    @admin.display(description=_("formell kontroll"))
    def eligibility(self, obj):
        case = getattr(obj, "case", None)
        if case is None:
            return Case.Eligibility.UNCHECKED.label
        return case.get_eligibility_display()

    @admin.display(description=_("utenfor virkeområdet"), boolean=True)
    def district_flag(self, obj):
        return obj.outside_district_area

    @admin.display(description=_("saksbehandling"))
    def assessment_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:awards_case", args=[obj.pk]), _("Åpne")
        )

    def get_list_display(self, request):
        fields = list(super().get_list_display(request))
        if not _is_adviser(request):
            fields.remove("assessment_link")
            fields.remove("unread_messages")
        return fields

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if _is_adviser(request) or request.user.is_superuser:
            filters.append(UnreadMessagesFilter)
        return filters

    @admin.display(description=_("nye meldinger"), ordering="unread_messages")
    def unread_messages(self, obj):
        count = getattr(obj, "unread_messages", 0)
        return count or "–"

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            # Summed with the count, over at most COUNT_CAP applications (calls/admin_lists.py).
            total = changelist.paginator.total("requested")
            response.context_data["requested_total"] = (
                None if total is None else format_kroner(total)
            )
        return response

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:application_id>/assessment/", wrap(case_views.case_view), name="awards_case"
            ),
            path(
                "<int:application_id>/assessment/letter/",
                wrap(case_views.letter_preview_view),
                name="awards_letter_preview",
            ),
            path(
                "<int:application_id>/assessment/message/",
                wrap(dialogue_views.case_message_post),
                name="awards_case_message",
            ),
            path(
                "<int:application_id>/assessment/note/",
                wrap(dialogue_views.case_note_add),
                name="awards_case_note",
            ),
            path(
                "<int:application_id>/assessment/more-information/",
                wrap(correction_views.case_correction_request),
                name="awards_case_correction",
            ),
            path(
                "message/<int:message_id>/share/",
                wrap(dialogue_views.message_share),
                name="awards_message_share",
            ),
            *super().get_urls(),
        ]

    @admin.action(description=_("Merk som formelt godkjent"))
    def mark_eligible(self, request, queryset):
        if not _is_adviser(request):
            raise PermissionDenied
        done = 0
        for application in queryset:
            try:
                assessment_services.case_check_eligibility(
                    application=application, eligible=True, by=request.user
                )
                done += 1
            except ValidationError as error:
                self.message_user(
                    request, f"{application}: {' '.join(error.messages)}", messages.ERROR
                )
        self.message_user(
            request, gettext("%(count)s søknader er merket som formelt godkjent.") % {"count": done}
        )

    @admin.action(description=_("Tildel fagvurderer og saksbehandler"))
    def assign_reviewers(self, request, queryset):
        if not _is_adviser(request):
            raise PermissionDenied
        if "apply" in request.POST:
            form = BulkAssignForm(request.POST)
            if form.is_valid():
                assigned = conflicts = 0
                for application in queryset:
                    try:
                        assignment = assessment_services.assignment_create(
                            application=application,
                            reviewer=form.cleaned_data["reviewer"],
                            role=form.cleaned_data["role"],
                            by=request.user,
                        )
                        if form.cleaned_data["case_owner"]:
                            assessment_services.case_assign_owner(
                                application=application,
                                owner=form.cleaned_data["case_owner"],
                                by=request.user,
                            )
                    except ValidationError as error:
                        self.message_user(
                            request, f"{application}: {' '.join(error.messages)}", messages.ERROR
                        )
                        continue
                    if assignment.conflict_is_automatic:
                        conflicts += 1
                    else:
                        assigned += 1
                self.message_user(
                    request,
                    gettext("Fagvurdereren er tildelt %(count)s søknader.") % {"count": assigned},
                )
                if conflicts:
                    self.message_user(
                        request,
                        gettext(
                            "%(count)s søknader ble sperret fordi fagvurdererens organisasjon "
                            "er søker eller partner."
                        )
                        % {"count": conflicts},
                        messages.WARNING,
                    )
                return None
        else:
            form = BulkAssignForm()
        return TemplateResponse(
            request,
            "admin/awards/assign_form.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Tildel fagvurderer"),
                "objects": list(queryset.select_related("organisation")),
                "form": form,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            },
        )

    @admin.action(description=_("Send brev om vedtak"))
    def send_letters(self, request, queryset):
        if not request.user.has_perm("awards.send_letters"):
            raise PermissionDenied
        sent = 0
        for application in queryset.filter(
            decision__letter_sent_at__isnull=True, decision__isnull=False
        ):
            try:
                letter = letter_services.letter_send(
                    application=application,
                    by=request.user,
                    base_url=request.build_absolute_uri("/"),
                )
                sent += 1
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                level = messages.INFO if letter.recipients else messages.WARNING
                self.message_user(request, letter_sent_message(letter), level)
        self.message_user(
            request, gettext("%(count)s brev er laget og sendes på e-post.") % {"count": sent}
        )


admin.site.unregister(Application)
admin.site.register(Application, AssessmentApplicationAdmin)
