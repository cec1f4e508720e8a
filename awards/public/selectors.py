"""Reads of awards that public pages and exports share. Every function runs a fixed number of
queries, however many awards there are."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.utils import timezone

from applications.models import Partner
from awards.decisions.models import AWARDED_AMOUNT, Award
from calls.models import Call, County, Scheme

from .search import award_text_search

AWARDS_PER_PAGE = 50


@dataclass(frozen=True)
class AwardFilters:
    q: str = ""
    year: int | None = None
    scheme: str = ""
    call: str = ""
    county: str = ""

    def as_params(self) -> dict[str, str]:
        params = {
            "q": self.q,
            "year": str(self.year) if self.year else "",
            "scheme": self.scheme,
            "call": self.call,
            "county": self.county,
        }
        return {name: value for name, value in params.items() if value}

    def query_string(self, **extra) -> str:
        return urlencode({**self.as_params(), **extra})

    @property
    def active(self) -> bool:
        return bool(self.as_params())


@dataclass
class AwardFilterOptions:
    """The values the filters offer: only those that have published awards."""

    years: list[int]
    schemes: list[tuple[str, str]]
    calls: list[tuple[str, str]]
    counties: list[tuple[str, str]]


@dataclass
class AwardGroup:
    """The awards of one call on the current page, with totals over the whole filtered set."""

    call: Call
    count: int = 0
    total: int = 0
    illustrative: bool = False
    awards: list[Award] = field(default_factory=list)


@dataclass
class AwardListPage:
    page: Page
    groups: list[AwardGroup]
    count: int
    total: int


def award_search(*, filters: AwardFilters) -> QuerySet[Award]:
    """Published awards that match the filters (a lazy queryset: no query yet)."""
    awards = Award.objects.published()
    if filters.year:
        awards = awards.filter(decided_at__year=filters.year)
    if filters.scheme:
        awards = awards.filter(application__call__scheme__code=filters.scheme)
    if filters.call:
        awards = awards.filter(application__call__slug=filters.call)
    if filters.county:
        awards = awards.filter(application__organisation__county__number=filters.county)
    if filters.q:
        awards = award_text_search(awards, filters.q)
    return awards


def award_filter_options() -> AwardFilterOptions:
    """Four queries, whatever the number of awards."""
    published = Award.objects.published()
    years = [moment.year for moment in published.datetimes("decided_at", "year", order="DESC")]
    schemes = Scheme.objects.filter(
        Exists(published.filter(application__call__scheme=OuterRef("pk")))
    ).order_by("name")
    calls = Call.objects.filter(
        Exists(published.filter(application__call=OuterRef("pk")))
    ).order_by("-closes_at", "pk")
    counties = (
        County.objects.filter(
            Exists(published.filter(application__organisation__county=OuterRef("pk")))
        )
        .order_by("name", "number")
        .values_list("number", "name")
        .distinct()
    )
    county_choices: dict[str, str] = {}
    for number, name in counties:
        county_choices.setdefault(number, name)
    names = list(county_choices.values())
    return AwardFilterOptions(
        years=years,
        schemes=[(scheme.code, scheme.name) for scheme in schemes],
        calls=[(call.slug, call.title) for call in calls],
        counties=[
            (number, name if names.count(name) == 1 else f"{name} ({number})")
            for number, name in county_choices.items()
        ],
    )


def award_list_page(*, filters: AwardFilters, page_number) -> AwardListPage:
    """One page of the filtered awards grouped per call, newest call first.

    Totals per call cover the whole filtered set (one aggregate query), not just the page.
    """
    awards = award_search(filters=filters)
    per_call = {
        row["application__call"]: row
        for row in awards.order_by()
        .values("application__call")
        .annotate(
            count=Count("pk"),
            total=Sum(AWARDED_AMOUNT),
            illustrative=Count("pk", filter=Q(is_illustrative=True)),
        )
    }
    count = sum(row["count"] for row in per_call.values())
    paginator = Paginator(awards.for_listing(), AWARDS_PER_PAGE)
    paginator.count = count  # known from the aggregate: saves a COUNT query
    page = paginator.get_page(page_number)
    groups: list[AwardGroup] = []
    for award in page.object_list:
        call = award.application.call
        if not groups or groups[-1].call.pk != call.pk:
            totals = per_call.get(call.pk, {})
            groups.append(
                AwardGroup(
                    call=call,
                    count=totals.get("count", 0),
                    total=totals.get("total") or 0,
                    illustrative=bool(totals.get("illustrative")),
                )
            )
        groups[-1].awards.append(award)
    return AwardListPage(
        page=page,
        groups=groups,
        count=count,
        total=sum(row["total"] or 0 for row in per_call.values()),
    )


def award_detail_public(*, pk: int) -> Award | None:
    """One published award with everything its page shows (two queries), or None."""
    education = Partner.objects.filter(role=Partner.Role.EDUCATION_PROVIDER).order_by("order", "pk")
    return (
        Award.objects.published()
        .for_listing()
        .filter(pk=pk)
        .prefetch_related(
            Prefetch("application__partners", queryset=education, to_attr="education_partners")
        )
        .first()
    )


EXPORT_FIELDS = {
    "call_slug": F("application__call__slug"),
    "call_title": F("application__call__title"),
    "title": F("application__title"),
    "summary": F("application__summary"),
    "requested_amount": F("application__requested_amount"),
    "organisation_name": F("application__organisation__name"),
    "orgnr": F("application__organisation__orgnr"),
    "county_number": F("application__organisation__county__number"),
    "county_name": F("application__organisation__county__name"),
}


def _text(value, pattern: str, *, zone: str):
    """A timestamp as text in a time zone, formatted by PostgreSQL (``to_char``)."""
    local = Func(Value(zone), value, function="timezone")
    return Func(local, Value(pattern), function="to_char", output_field=CharField())


def award_export_rows(*, filters: AwardFilters) -> QuerySet:
    """The filtered awards as plain rows for the exports, in the order of the list.

    The same joins as the list's ``select_related``, but fetched as dictionaries with the dates
    already written as text by PostgreSQL: building model instances and parsing timestamps for
    every row made the export several times slower.
    """
    return (
        award_search(filters=filters)
        .for_listing()
        .select_related(None)
        .values(
            "pk",
            "project_starts_on",
            "project_ends_on",
            amount=F(AWARDED_AMOUNT),
            award_date=_text(F("decided_at"), "YYYY-MM-DD", zone=settings.TIME_ZONE),
            modified=_text(F("updated_at"), 'YYYY-MM-DD"T"HH24:MI:SS"Z"', zone="UTC"),
            **EXPORT_FIELDS,
        )
    )


# Statistics --------------------------------------------------------------------------------


@dataclass
class CallStatistics:
    call: Call
    year: int
    received: int
    awarded: int
    amount: int

    @property
    def budget(self) -> int:
        return self.call.budget

    @property
    def share_percent(self) -> int | None:
        return round(100 * self.amount / self.budget) if self.budget else None


@dataclass
class YearStatistics:
    year: int
    calls: int = 0
    received: int = 0
    awarded: int = 0
    amount: int = 0
    budget: int = 0

    @property
    def share_percent(self) -> int | None:
        return round(100 * self.amount / self.budget) if self.budget else None


@dataclass
class CountyStatistics:
    number: str
    name: str
    awarded: int
    amount: int


@dataclass
class Statistics:
    years: list[YearStatistics]
    calls: list[CallStatistics]
    counties: list[CountyStatistics]

    @property
    def total_amount(self) -> int:
        return sum(county.amount for county in self.counties)

    @property
    def total_awarded(self) -> int:
        return sum(county.awarded for county in self.counties)


def statistics_public(*, now: datetime | None = None) -> Statistics:
    """Figures per call, per year (of the deadline) and per county, in two queries.

    Calls count once they have closed or have published awards; awards count once published.
    """
    now = now or timezone.now()
    published_award = Q(applications__award__is_published=True)
    calls = (
        Call.objects.published()
        .filter(Q(closes_at__lte=now) | published_award)
        .annotate(
            received=Count("applications", filter=Q(applications__submitted_at__isnull=False)),
            awarded=Count("applications__award", filter=published_award),
            amount=Sum("applications__decision__amount", filter=published_award),
        )
        .order_by("-closes_at", "pk")
    )
    per_call = [
        CallStatistics(
            call=call,
            year=timezone.localtime(call.closes_at).year,
            received=call.received,
            awarded=call.awarded,
            amount=call.amount or 0,
        )
        for call in calls
    ]
    years: dict[int, YearStatistics] = {}
    for row in per_call:
        year = years.setdefault(row.year, YearStatistics(year=row.year))
        year.calls += 1
        year.received += row.received
        year.awarded += row.awarded
        year.amount += row.amount
        year.budget += row.budget

    county_number = "application__organisation__county__number"
    county_name = "application__organisation__county__name"
    counties = [
        CountyStatistics(
            number=row[county_number] or "",
            name=row[county_name] or "",
            awarded=row["awarded"],
            amount=row["amount"] or 0,
        )
        for row in Award.objects.published()
        .order_by()
        .values(county_number, county_name)
        .annotate(awarded=Count("pk"), amount=Sum(AWARDED_AMOUNT))
    ]
    counties.sort(key=lambda county: (-county.amount, county.name))
    return Statistics(
        years=sorted(years.values(), key=lambda year: -year.year),
        calls=per_call,
        counties=counties,
    )


def award_education_partners(*, award: Award) -> list[Partner]:
    """The project's education partners, as prefetched by ``award_detail_public``."""
    return award.application.education_partners
