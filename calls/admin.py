from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Call, County, Criterion, Municipality, Scheme


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "owner", "administrator", "annual_budget"]
    search_fields = ["name", "code", "owner"]


class CriterionFormSet(BaseInlineFormSet):
    """A call's criteria: each scale is a range, and the weights add up to 100 %."""

    def clean(self):
        super().clean()
        weights = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            low, high = data.get("scale_min"), data.get("scale_max")
            if low is not None and high is not None and high <= low:
                form.add_error(
                    "scale_max", _("Høyeste karakter må være større enn laveste karakter.")
                )
            weights.append(data.get("weight") or 0)
        if weights and sum(weights) != 100:
            raise ValidationError(
                _("Vektene til kriteriene må til sammen bli 100 %% (nå %(sum)s %%).")
                % {"sum": sum(weights)}
            )


class CriterionInline(admin.TabularInline):
    model = Criterion
    formset = CriterionFormSet
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

    def get_urls(self):
        return [
            path(
                "<int:call_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="calls_call_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, call_id):
        """The public call page as it will look, published or not (staff who may view calls)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        call = get_object_or_404(Call.objects.with_scheme(), pk=call_id)
        return TemplateResponse(
            request,
            "calls/call_preview.html",
            {"call": call, "criteria": list(call.criteria.all()), "awards_count": 0},
        )


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
