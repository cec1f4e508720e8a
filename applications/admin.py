from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from calls.admin_history import GuardedHistoryAdmin

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


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(GuardedHistoryAdmin):
    list_display = ["name", "orgnr", "kind", "county"]
    list_filter = ["kind", "county"]
    list_select_related = ["county"]
    search_fields = ["name", "orgnr"]
    autocomplete_fields = ["county"]
    inlines = [MembershipInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # The organisation number is checked when the organisation registers; it identifies it.
        return [*fields, "orgnr"] if obj is not None else fields


class PartnerInline(admin.TabularInline):
    model = Partner
    extra = 0
    autocomplete_fields = ["municipality"]


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


@admin.register(Application)
class ApplicationAdmin(GuardedHistoryAdmin):
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
    date_hierarchy = "created_at"
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

    # What the applicant sent stays as sent: the applicant's pages write applications (and the
    # assessment writes their status), each through its services. Here they are only read.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
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
