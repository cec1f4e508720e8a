from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Application, Membership, Organisation, Partner


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "orgnr", "kind", "county"]
    list_filter = ["kind", "county"]
    list_select_related = ["county"]
    search_fields = ["name", "orgnr"]
    autocomplete_fields = ["county"]
    inlines = [MembershipInline]


class PartnerInline(admin.TabularInline):
    model = Partner
    extra = 0
    autocomplete_fields = ["municipality"]


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "organisation", "call", "requested_amount", "status"]
    list_filter = ["status", "call", "organisation__county"]
    list_select_related = ["organisation", "call"]
    search_fields = ["reference", "title", "organisation__name", "organisation__orgnr"]
    autocomplete_fields = ["organisation", "call"]
    date_hierarchy = "created_at"
    inlines = [PartnerInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__email", "organisation__name", "organisation__orgnr"]
    autocomplete_fields = ["user", "organisation"]
