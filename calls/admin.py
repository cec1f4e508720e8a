from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Call, County, Criterion, Municipality, Scheme


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "owner", "administrator", "annual_budget"]
    search_fields = ["name", "code", "owner"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["order", "name", "description", "weight", "scale_min", "scale_max"]


@admin.register(Call)
class CallAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "scheme",
        "stage",
        "opens_at",
        "closes_at",
        "budget",
        "is_published",
    ]
    list_filter = ["scheme", "stage", "is_published"]
    list_select_related = ["scheme"]
    search_fields = ["title", "slug", "summary", "contact_name"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "closes_at"
    autocomplete_fields = ["scheme", "sketch_call"]
    inlines = [CriterionInline]


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "valid_from", "valid_to"]
    list_filter = ["valid_from", "valid_to"]
    search_fields = ["number", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "county", "district_policy_zone", "valid_from", "valid_to"]
    list_filter = ["district_policy_zone", "county"]
    list_select_related = ["county"]
    search_fields = ["number", "name"]
    autocomplete_fields = ["county"]
