from django.contrib import admin, messages
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from calls.admin_history import GuardedHistoryAdmin
from calls.admin_lists import BigListAdmin
from calls.formatting import person_with_address

from .models import (
    AccessRequest,
    Application,
    Attachment,
    CostLine,
    Invitation,
    Membership,
    Organisation,
    Partner,
)
from .people.services import organisation_confirm
from .search import application_search


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


REGISTER_READONLY = [
    "register_status",
    "register_checked_at",
    "register_name",
    "register_form",
    "register_address",
    "register_municipality_number",
    "register_nace",
    "register_changes",
]


@admin.register(Organisation)
class OrganisationAdmin(BigListAdmin, GuardedHistoryAdmin):
    list_display = [
        "name",
        "orgnr",
        "kind",
        "county",
        "confirmation_pending",
        "registered_by",
        "register_status",
        "register_checked_at",
        "register_lookup",
    ]
    list_filter = ["confirmation_pending", "register_status", "kind", "county"]
    list_select_related = ["county"]
    search_fields = ["name", "orgnr"]
    autocomplete_fields = ["county"]
    inlines = [MembershipInline]
    actions = ["confirm_organisations"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # The organisation number is checked when the organisation registers; it identifies it.
        # Confirmation goes through organisation_confirm (the action below).
        # What Enhetsregisteret said is written only by applications/people/register_check.py.
        confirmation = ["confirmation_pending", "confirmed_at", "confirmed_by", *REGISTER_READONLY]
        return [*fields, "orgnr", *confirmation] if obj is not None else [*fields, *confirmation]

    def get_queryset(self, request):
        # The first member of each organisation on the page, read for the whole page at once.
        first_members = Membership.objects.select_related("user").order_by("created_at", "pk")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("memberships", first_members, to_attr="members_by_age"))
        )

    @admin.display(description=_("registrert av"))
    def registered_by(self, obj):
        members = getattr(obj, "members_by_age", None)
        if members is None:
            members = list(obj.memberships.order_by("created_at", "pk").select_related("user")[:1])
        return person_with_address(members[0].user) if members else "—"

    @admin.display(description=_("Enhetsregisteret"))
    def register_lookup(self, obj):
        # What the register said at the last check stands beside a link to the public register.
        return format_html(
            '<a href="https://data.brreg.no/enhetsregisteret/oppslag/enheter/{}" '
            'rel="noopener noreferrer" target="_blank">{}</a>',
            obj.orgnr,
            _("Slå opp {orgnr}").format(orgnr=obj.orgnr),
        )

    def has_confirm_permission(self, request):
        return request.user.has_perm("applications.confirm_organisation")

    @admin.action(
        description=_("Bekreft registreringen (sjekket mot Enhetsregisteret)"),
        permissions=["confirm"],
    )
    def confirm_organisations(self, request, queryset):
        confirmed = 0
        for organisation in queryset.filter(confirmation_pending=True):
            organisation_confirm(organisation=organisation, by=request.user)
            confirmed += 1
        self.message_user(
            request,
            ngettext(
                "%(count)s organisasjon er bekreftet.",
                "%(count)s organisasjoner er bekreftet.",
                confirmed,
            )
            % {"count": confirmed},
            messages.SUCCESS,
        )


class PartnerInline(admin.TabularInline):
    model = Partner
    extra = 0
    autocomplete_fields = ["municipality"]
    readonly_fields = ["register_status"]  # set by partner_save from Enhetsregisteret's answer


class CostLineInline(admin.TabularInline):
    model = CostLine
    extra = 0


class AttachmentInline(admin.TabularInline):
    """Files are listed here; they are downloaded through the permission-checked view."""

    model = Attachment
    extra = 0
    fields = ["download", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    @admin.display(description=_("fil"))
    def download(self, obj):
        url = reverse(
            "applications:attachment_download",
            kwargs={"pk": obj.application_id, "attachment_id": obj.pk},
        )
        return format_html('<a href="{}">{}</a>', url, obj.name)

    def has_add_permission(self, request, obj=None):
        return False


class RankedChangeList(ChangeList):
    """After a text search, the best matches first (unless a column is chosen to sort by)."""

    def get_ordering(self, request, queryset):
        ordering = super().get_ordering(request, queryset)
        if ORDER_VAR not in self.params and "search_rank" in queryset.query.annotations:
            return ["-search_rank", *ordering]
        return ordering


@admin.register(Application)
class ApplicationAdmin(BigListAdmin, GuardedHistoryAdmin):
    list_display = [
        "reference",
        "title",
        "organisation",
        "call",
        "requested_amount",
        "status",
        "outside_district_area",
    ]
    list_filter = ["status", "outside_district_area", "call", "organisation__county"]
    list_select_related = ["organisation", "call"]
    search_fields = ["reference", "title", "organisation__name", "organisation__orgnr"]
    autocomplete_fields = ["organisation", "call", "sketch"]
    # No date hierarchy: its links come from scanning every application's date on each page.
    list_totals = {"requested": "requested_amount"}
    readonly_fields = [
        "section_versions",
        "created_by",
        "last_saved_at",
        "last_saved_by",
        "submitted_by",
        "sequence",
        "outcome_announced_at",  # set when the decision letter is sent (applications.outcomes)
        "announced_status",  # likewise: the outcome in the last letter sent
    ]
    inlines = [PartnerInline, CostLineInline, AttachmentInline]

    def get_search_results(self, request, queryset, search_term):
        """A reference or an organisation number by its index, other text in full text
        (``applications.search``), ranked; ``search_fields`` above only shows the search box."""
        if not search_term.strip():
            return queryset, False
        return application_search(queryset, search_term), False

    def get_changelist(self, request, **kwargs):
        return RankedChangeList

    # What the applicant sent stays as sent: the applicant's pages write applications (and the
    # assessment writes their status), each through its services. Here they are only read.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(BigListAdmin, admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
    ordering = ["-pk"]  # newest first, by the primary key (the model's order joins two tables)
    list_select_related = ["user", "organisation"]
    search_fields = ["user__email", "organisation__name", "organisation__orgnr"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(AccessRequest)
class AccessRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "status", "created_at", "decided_by"]
    list_filter = ["status"]
    list_select_related = ["user", "organisation", "decided_by"]
    search_fields = ["user__email", "organisation__name", "organisation__orgnr"]
    readonly_fields = ["organisation", "user", "status", "created_at", "decided_at", "decided_by"]

    # Requests are made and decided by the organisation's administrators on their pages.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are sent by organisation administrators; here they can only be looked at."""

    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role"]
    list_select_related = ["organisation"]
    search_fields = ["email", "organisation__name"]
    readonly_fields = [
        "organisation",
        "email",
        "role",
        "token_hash",
        "invited_by",
        "expires_at",
        "accepted_at",
        "accepted_by",
    ]

    def has_add_permission(self, request):
        return False
