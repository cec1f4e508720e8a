from django.contrib import admin

from .models import Application, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "orgnr", "kind", "county"]
    list_filter = ["kind", "county"]
    list_select_related = ["county"]
    search_fields = ["name", "orgnr"]
    autocomplete_fields = ["county"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "organisation", "call", "requested_amount", "status"]
    list_filter = ["status", "call", "organisation__county"]
    list_select_related = ["organisation", "call"]
    search_fields = ["reference", "title", "organisation__name", "organisation__orgnr"]
    autocomplete_fields = ["organisation", "call"]
    date_hierarchy = "created_at"
