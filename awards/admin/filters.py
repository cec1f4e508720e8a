"""List filters of the assessment admin."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.models import Case, ReviewAssignment


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


class UnreadMessagesFilter(admin.SimpleListFilter):
    """Applications with messages from the applicant the adviser has not read (the list is
    annotated with ``unread_messages`` for advisers)."""

    title = _("meldinger")
    parameter_name = "uleste"

    def lookups(self, request, model_admin):
        return [("1", _("Nye meldinger fra søkeren"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(unread_messages__gt=0)
        return queryset
