"""The assessment in the admin: applications per call, reviewers, decisions, letters, awards.

The application and call admins of the lower apps are extended here (awards may import them, not
the other way round): they are re-registered with assessment filters, actions and pages.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, Sum
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from applications.admin import ApplicationAdmin
from applications.models import Application
from awards.assessment import services as assessment_services
from awards.decisions import services as decision_services
from awards.letters import services as letter_services
from calls.admin import CallAdmin
from calls.admin_history import GuardedHistoryAdmin
from calls.models import Call
from calls.templatetags.utlysning import format_kroner

from . import admin_views
from .admin import AwardAdmin
from .forms import BulkAssignForm, ReasonForm
from .models import Award, Case, Decision, Letter, LetterTemplate, ReviewAssignment, Score


def _is_adviser(request) -> bool:
    return request.user.has_perm("awards.manage_assessment")


# --- Applications -----------------------------------------------------------------------------


class ReadOnlyAdminMixin:
    """Lists and history only: the rows are written by the services, where the rules apply."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EligibilityFilter(admin.SimpleListFilter):
    title = _("formell kontroll")
    parameter_name = "eligibility"

    def lookups(self, request, model_admin):
        return Case.Eligibility.choices

    def queryset(self, request, queryset):
        value = self.value()
        if value == Case.Eligibility.UNCHECKED:
            return queryset.filter(Q(case__isnull=True) | Q(case__eligibility=value))
        if value in Case.Eligibility.values:
            return queryset.filter(case__eligibility=value)
        return queryset


class AssignedToMeFilter(admin.SimpleListFilter):
    title = _("tildelt meg")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", _("Saker og vurderinger tildelt meg"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(
                Q(case__case_owner=request.user) | Q(review_assignments__reviewer=request.user)
            ).distinct()
        return queryset


class ConflictFilter(admin.SimpleListFilter):
    title = _("inhabilitet")
    parameter_name = "inhabil"

    def lookups(self, request, model_admin):
        return [("1", _("Noen har erklært seg inhabil")), ("0", _("Ingen inhabile"))]

    def queryset(self, request, queryset):
        conflict = Q(review_assignments__impartiality=ReviewAssignment.Impartiality.CONFLICT)
        if self.value() == "1":
            return queryset.filter(conflict).distinct()
        if self.value() == "0":
            return queryset.exclude(conflict)
        return queryset


class DistrictFlagFilter(admin.SimpleListFilter):
    """The applicant portal flags applications with no participating firm in the district policy
    area (``Application.outside_district_area``)."""

    title = _("distriktspolitisk virkeområde")
    parameter_name = "utenfor_omraadet"

    def lookups(self, request, model_admin):
        return [("1", _("Flagget: utenfor virkeområdet")), ("0", _("Ikke flagget"))]

    def queryset(self, request, queryset):
        if self.value() in {"0", "1"}:
            return queryset.filter(outside_district_area=self.value() == "1")
        return queryset


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
    ]
    list_filter = [
        "call",
        "status",
        ("organisation__county", admin.RelatedOnlyFieldListFilter),
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
            return queryset
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
        return fields

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            response.context_data["requested_total"] = format_kroner(
                changelist.queryset.order_by().aggregate(total=Sum("requested_amount"))["total"]
                or 0
            )
        return response

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:application_id>/assessment/", wrap(admin_views.case_view), name="awards_case"
            ),
            path(
                "<int:application_id>/assessment/letter/",
                wrap(admin_views.letter_preview_view),
                name="awards_letter_preview",
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
                letter_services.letter_send(
                    application=application,
                    by=request.user,
                    base_url=request.build_absolute_uri("/"),
                )
                sent += 1
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
        self.message_user(request, gettext("%(count)s brev er sendt.") % {"count": sent})


admin.site.unregister(Application)
admin.site.register(Application, AssessmentApplicationAdmin)


# --- Calls: ranking board, letters, publication, preview --------------------------------------


class LetterTemplateInline(admin.StackedInline):
    model = LetterTemplate
    extra = 0
    fields = ["kind", "subject", "body"]


class AssessmentCallAdmin(CallAdmin):
    inlines = [*CallAdmin.inlines, LetterTemplateInline]
    change_form_template = "admin/awards/call_change_form.html"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:call_id>/ranking/", wrap(admin_views.ranking_view), name="calls_call_ranking"
            ),
            path(
                "<int:call_id>/ranking/export.<str:fmt>",
                wrap(admin_views.ranking_export),
                name="calls_call_ranking_export",
            ),
            path(
                "<int:call_id>/letters/send/",
                wrap(admin_views.letters_send_view),
                name="calls_call_send_letters",
            ),
            path(
                "<int:call_id>/publish/", wrap(admin_views.publish_view), name="calls_call_publish"
            ),
            *super().get_urls(),
        ]


admin.site.unregister(Call)
admin.site.register(Call, AssessmentCallAdmin)


# --- Reviewers --------------------------------------------------------------------------------


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(GuardedHistoryAdmin):
    list_display = [
        "application",
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
        """The link to the review page, for the reviewer's own assignments only."""

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

        return [*self.list_display, review_link]

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:assignment_id>/review/", wrap(admin_views.review_view), name="awards_review"
            ),
            *super().get_urls(),
        ]


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdminMixin, GuardedHistoryAdmin):
    """Read-only: scores are given on the reviewer's page; the history shows every change."""

    list_display = ["assignment", "criterion", "score", "updated_at"]
    list_filter = ["assignment__application__call"]
    list_select_related = ["assignment__reviewer", "assignment__application", "criterion"]
    search_fields = ["assignment__application__title", "assignment__reviewer__email"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if _is_adviser(request) or request.user.is_superuser:
            return queryset
        return queryset.none()


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdminMixin, GuardedHistoryAdmin):
    """Read-only list of decisions; decisions are made on the case page (the rules apply)."""

    list_display = [
        "application",
        "outcome",
        "amount",
        "decided_by",
        "decided_at",
        "letter_sent_at",
    ]
    list_filter = ["outcome", "application__call"]
    list_select_related = ["application", "decided_by"]
    search_fields = ["application__title", "application__reference"]


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdminMixin, GuardedHistoryAdmin):
    list_display = ["subject", "application", "kind", "sent_at", "sent_by", "appeal_deadline"]
    list_filter = ["kind", "application__call"]
    list_select_related = ["application", "sent_by"]
    search_fields = ["subject", "application__title", "application__reference"]


@admin.register(LetterTemplate)
class LetterTemplateAdmin(GuardedHistoryAdmin):
    list_display = ["call", "kind", "subject"]
    list_filter = ["kind", "call"]
    list_select_related = ["call"]
    search_fields = ["call__title", "subject"]
    change_form_template = "admin/awards/lettertemplate_change_form.html"

    def get_changeform_initial_data(self, request):
        from .letters.texts import DEFAULT_TEXTS

        initial = super().get_changeform_initial_data(request)
        kind = initial.get("kind") or LetterTemplate.Kind.OFFER
        subject, body = DEFAULT_TEXTS.get(kind, DEFAULT_TEXTS["offer"])
        return {"kind": kind, "subject": subject, "body": body, **initial}

    def render_change_form(self, request, context, *args, **kwargs):
        from .letters.texts import PLACEHOLDERS

        context["placeholders"] = PLACEHOLDERS
        return super().render_change_form(request, context, *args, **kwargs)


@admin.register(Case)
class CaseAdmin(GuardedHistoryAdmin):
    list_display = ["application", "case_owner", "eligibility", "proposed_amount"]
    list_filter = ["eligibility", "application__call"]
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


# --- Awards: publication through the call, unpublishing with a reason --------------------------


class AssessmentAwardAdmin(ReadOnlyAdminMixin, AwardAdmin):
    """Read-only: an award follows its decision (the amount is the decision's), publication
    follows the letters, and unpublishing takes a reason (the action below)."""

    actions = ["unpublish"]

    @admin.action(description=_("Ta ut av den offentlige listen (krever begrunnelse)"))
    def unpublish(self, request, queryset):
        if not request.user.has_perm("awards.publish_results"):
            raise PermissionDenied
        if "apply" in request.POST:
            form = ReasonForm(request.POST)
            if form.is_valid():
                done = 0
                for award in queryset:
                    try:
                        decision_services.award_unpublish(
                            award=award, reason=form.cleaned_data["reason"], by=request.user
                        )
                        done += 1
                    except ValidationError as error:
                        self.message_user(
                            request, f"{award}: {' '.join(error.messages)}", messages.ERROR
                        )
                self.message_user(
                    request, gettext("%(count)s tildelinger er tatt ut.") % {"count": done}
                )
                return None
        else:
            form = ReasonForm()
        return admin_views.reason_form_response(
            request,
            title=gettext("Ta tildelinger ut av den offentlige listen"),
            intro=gettext("Skriv hvorfor. Begrunnelsen lagres i historikken."),
            queryset=queryset.select_related("application__organisation"),
            action="unpublish",
            form=form,
        )


admin.site.unregister(Award)
admin.site.register(Award, AssessmentAwardAdmin)
