from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .admin_history import GuardedHistoryAdmin
from .models import (
    Call,
    County,
    Criterion,
    Municipality,
    PaymentPlanShare,
    Scheme,
    call_next_free_number,
)
from .reporting import OutcomeIndicator, ReportSchedule
from .services import municipalities_import


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


class PaymentPlanFormSet(BaseInlineFormSet):
    """A call's payment plan: the shares add up to 100 % of the grant (or there are none, and
    the scheme's default 30/50/20 applies)."""

    def clean(self):
        super().clean()
        shares = [
            form.cleaned_data.get("percent") or 0
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]
        if shares and sum(shares) != 100:
            raise ValidationError(
                _("Andelene i utbetalingsplanen må til sammen bli 100 %% (nå %(sum)s %%).")
                % {"sum": sum(shares)}
            )


class PaymentPlanInline(admin.TabularInline):
    model = PaymentPlanShare
    formset = PaymentPlanFormSet
    extra = 0
    fields = ["order", "percent", "label", "is_advance"]
    verbose_name_plural = gettext_lazy("Utbetalingsplan (tom: 30 % forskudd, 50 %, 20 %)")


class ReportScheduleInline(admin.StackedInline):
    model = ReportSchedule
    extra = 1
    max_num = 1
    can_delete = False
    fields = ["progress", "progress_on", "final_days_after_end"]


class OutcomeIndicatorInline(admin.TabularInline):
    model = OutcomeIndicator
    extra = 0
    fields = ["order", "code", "name", "unit"]


@admin.register(Call)
class CallAdmin(GuardedHistoryAdmin):
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
    inlines = [CriterionInline, PaymentPlanInline, ReportScheduleInline, OutcomeIndicatorInline]

    def get_changeform_initial_data(self, request):
        """A new call of a scheme gets the scheme's next free number for this year."""
        initial = super().get_changeform_initial_data(request)
        scheme_id = initial.get("scheme")
        if scheme_id and str(scheme_id).isdigit() and "number" not in initial:
            initial["number"] = call_next_free_number(
                scheme_id=int(scheme_id), year=timezone.localdate().year
            )
        return initial

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
            {"call": call, "criteria": list(call.criteria.all())},
        )


class ValidityFilter(admin.SimpleListFilter):
    """Counties and municipalities as they are today, or the periods that have ended."""

    title = gettext_lazy("gyldighet")
    parameter_name = "gyldig"

    def lookups(self, request, model_admin):
        return [("today", _("Gyldig i dag")), ("ended", _("Utløpt")), ("later", _("Fra senere"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "today":
            return queryset.valid_on(today)
        if self.value() == "ended":
            return queryset.filter(valid_to__lt=today)
        if self.value() == "later":
            return queryset.filter(valid_from__gt=today)
        return queryset


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "valid_from", "valid_to"]
    list_filter = [ValidityFilter, "valid_from", "valid_to"]
    search_fields = ["number", "name"]


class MunicipalityImportForm(forms.Form):
    MAX_BYTES = 1_000_000

    file = forms.FileField(
        label=gettext_lazy("CSV-fil"),
        help_text=gettext_lazy(
            "Kolonner: kommunenummer, navn, fylkesnummer, sone (I, II, III eller IV), skilt med "
            "semikolon eller komma, første linje er overskrifter. UTF-8."
        ),
    )
    valid_from = forms.DateField(
        label=gettext_lazy("Gyldig fra"),
        initial=timezone.localdate,
        help_text=gettext_lazy("Kommunene lagres for perioden som starter denne dagen."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError(gettext_lazy("Filen er større enn 1 MB."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError(gettext_lazy("Filen må være lagret som UTF-8.")) from None


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "county", "district_policy_zone", "valid_from", "valid_to"]
    list_filter = [ValidityFilter, "district_policy_zone", "county"]
    list_select_related = ["county"]
    search_fields = ["number", "name"]
    autocomplete_fields = ["county"]
    change_list_template = "admin/calls/municipality/change_list.html"

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="calls_municipality_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Advisers keep the district-policy zones up to date from the ministry's list (CSV)."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = MunicipalityImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                result = municipalities_import(
                    text=form.cleaned_data["file"], valid_from=form.cleaned_data["valid_from"]
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("Importert: %(created)s nye og %(updated)s oppdaterte kommuner.")
                    % {"created": result.created, "updated": result.updated},
                )
                return redirect("admin:calls_municipality_changelist")
        return TemplateResponse(
            request,
            "admin/calls/municipality/import.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Importer kommuner fra CSV"),
                "form": form,
            },
        )
