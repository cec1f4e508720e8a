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
    F,
    Func,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.utils import timezone

from applications.models import Application, Partner
from awards.decisions.models import AWARDED_AMOUNT, Award
from calls.models import Call, County, Scheme

from .models import ClosedCallFigures, PublishedAward, PublishedAwardTotals

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
    for word in filters.q.split():
        awards = awards.filter(
            Q(application__organisation__name__icontains=word)
            | Q(application__title__icontains=word)
        )
    return awards


def _totals(*, filters: AwardFilters) -> QuerySet[PublishedAwardTotals]:
    """The totals rows (a few per call) that match the filters other than the text search."""
    totals = PublishedAwardTotals.objects.all()
    if filters.year:
        totals = totals.filter(year=filters.year)
    if filters.scheme:
        totals = totals.filter(call__scheme__code=filters.scheme)
    if filters.call:
        totals = totals.filter(call__slug=filters.call)
    if filters.county:
        totals = totals.filter(county__number=filters.county)
    return totals


def award_filter_options() -> AwardFilterOptions:
    """Four small queries on the totals (a few rows per call), whatever the number of awards."""
    published = PublishedAwardTotals.objects.all()
    years = list(published.order_by("-year").values_list("year", flat=True).distinct())
    schemes = Scheme.objects.filter(
        pk__in=published.values("call__scheme_id").order_by().distinct()
    ).order_by("name")
    calls = Call.objects.filter(pk__in=published.values("call_id").order_by().distinct()).order_by(
        "-closes_at", "pk"
    )
    counties = (
        County.objects.filter(pk__in=published.values("county_id").order_by().distinct())
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


def _page(count: int, page_number) -> Page:
    """The page asked for, as ``Paginator.get_page`` chooses it (a bad number: the first page,
    one past the end: the last), with its awards filled in by the caller."""
    paginator = Paginator(range(count), AWARDS_PER_PAGE)
    paginator.count = count
    return paginator.get_page(page_number)


def _per_call(rows) -> dict[int, dict]:
    return {
        row["call"]: {
            "count": row["count"],
            "total": row["total"] or 0,
            "illustrative": row["illustrative"],
        }
        for row in rows
    }


def _listing_page_ids(*, filters: AwardFilters, per_call: dict[int, dict], page: Page) -> list:
    """The award ids of one page, from the list's own index.

    The totals say how many awards each call has in the filtered set, in the list's order, so
    the page's calls and the offset inside the first of them are known before the query: the
    query reads the index from the first call's deadline to the last one's, skips at most the
    first call's earlier awards and stops after fifty.
    """
    start = page.start_index() - 1 if page.paginator.count else 0
    calls, seen = [], 0
    for call_pk, totals in per_call.items():
        if seen + totals["count"] > start and seen < start + AWARDS_PER_PAGE:
            if not calls:
                offset = start - seen
            calls.append(call_pk)
        seen += totals["count"]
    if not calls:
        return []
    deadlines = dict(Call.objects.filter(pk__in=calls).values_list("pk", "closes_at"))
    rows = PublishedAward.objects.filter(
        call_id__in=calls,
        call_closes_at__lte=deadlines[calls[0]],
        call_closes_at__gte=deadlines[calls[-1]],
    )
    if filters.year:
        rows = rows.filter(year=filters.year)
    if filters.county:
        rows = rows.filter(county_number=filters.county)
    rows = rows.order_by("-call_closes_at", "call_id", "organisation_name", "award_id")
    return list(rows.values_list("award_id", flat=True)[offset : offset + AWARDS_PER_PAGE])


def award_list_page(*, filters: AwardFilters, page_number) -> AwardListPage:
    """One page of the filtered awards grouped per call, newest call first.

    Totals per call cover the whole filtered set, not just the page. Without a text search they
    come from the totals table and the page from the list's index (``PublishedAward``); a text
    search narrows the awards themselves (``award_search``).
    """
    if filters.q:
        awards = award_search(filters=filters)
        per_call = _per_call(
            awards.order_by("-application__call__closes_at", "application__call")
            .values(call=F("application__call"))
            .annotate(
                count=Count("pk"),
                total=Sum(AWARDED_AMOUNT),
                illustrative=Count("pk", filter=Q(is_illustrative=True)),
            )
        )
        count = sum(totals["count"] for totals in per_call.values())
        page = _page(count, page_number)
        bottom = page.start_index() - 1 if count else 0
        ids = list(awards.for_listing().values_list("pk", flat=True)[bottom : page.end_index()])
    else:
        per_call = _per_call(
            _totals(filters=filters)
            .values("call")
            .annotate(count=Sum("count"), total=Sum("total"), illustrative=Sum("illustrative"))
            .order_by("-call__closes_at", "call")
        )
        count = sum(totals["count"] for totals in per_call.values())
        page = _page(count, page_number)
        ids = _listing_page_ids(filters=filters, per_call=per_call, page=page)
    by_pk = Award.objects.for_listing().order_by().in_bulk(ids)
    page.object_list = [by_pk[pk] for pk in ids if pk in by_pk]
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
        total=sum(totals["total"] for totals in per_call.values()),
    )


def award_detail_public(*, pk: int) -> Award | None:
    """One published award with everything its page shows (two queries), or None."""
    education = Partner.objects.filter(role=Partner.Role.EDUCATION_PROVIDER).order_by("order", "pk")
    return (
        Award.objects.published()
        .for_listing()
        .order_by()
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


def _applications_received(*, calls: list[Call], now: datetime) -> dict[int, int]:
    """Applications received per call: kept once a call has closed (``ClosedCallFigures``),
    counted in one query for the calls not counted yet."""
    received = dict(
        ClosedCallFigures.objects.filter(call__in=calls).values_list("call_id", "received")
    )
    missing = [call for call in calls if call.pk not in received]
    if missing:
        counted = dict(
            Application.objects.filter(call__in=missing, submitted_at__isnull=False)
            .order_by()
            .values("call_id")
            .annotate(n=Count("pk"))
            .values_list("call_id", "n")
        )
        closed = [call for call in missing if call.closes_at <= now]
        ClosedCallFigures.objects.bulk_create(
            [ClosedCallFigures(call=call, received=counted.get(call.pk, 0)) for call in closed],
            ignore_conflicts=True,
        )
        received.update({call.pk: counted.get(call.pk, 0) for call in missing})
    return received


def statistics_public(*, now: datetime | None = None) -> Statistics:
    """Figures per call, per year (of the deadline) and per county, in four small queries.

    Calls count once they have closed or have published awards; awards count once published.
    Awarded counts and amounts come from the totals table, applications received from the
    figures kept per closed call (counted the first time a call shows here).
    """
    now = now or timezone.now()
    per_call_totals = {
        row["call"]: row
        for row in PublishedAwardTotals.objects.values("call")
        .annotate(awarded=Sum("count"), amount=Sum("total"))
        .order_by()
    }
    calls = list(
        Call.objects.published()
        .filter(Q(closes_at__lte=now) | Q(pk__in=list(per_call_totals)))
        .order_by("-closes_at", "pk")
    )
    received = _applications_received(calls=calls, now=now)
    per_call = [
        CallStatistics(
            call=call,
            year=timezone.localtime(call.closes_at).year,
            received=received.get(call.pk, 0),
            awarded=per_call_totals.get(call.pk, {}).get("awarded") or 0,
            amount=per_call_totals.get(call.pk, {}).get("amount") or 0,
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

    counties = [
        CountyStatistics(
            number=row["county__number"] or "",
            name=row["county__name"] or "",
            awarded=row["awarded"],
            amount=row["amount"] or 0,
        )
        for row in PublishedAwardTotals.objects.order_by()
        .values("county__number", "county__name")
        .annotate(awarded=Sum("count"), amount=Sum("total"))
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
