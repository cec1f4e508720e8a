"""Reads of awards that public pages and exports share. Every function runs a fixed number of
queries, however many awards there are."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.postgres.aggregates import JSONBAgg
from django.core.paginator import Page, Paginator
from django.db.models import (
    CharField,
    Count,
    F,
    Func,
    JSONField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, JSONObject

from applications.models import Partner
from awards.decisions.models import AWARDED_AMOUNT, Award
from awards.followup.payments.models import Instalment
from calls.models import Call, County, Scheme

from .models import PublishedAward, PublishedAwardTotals
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


# What the award's grant has paid so far: the sum of its paid instalments.
_paid_so_far = (
    Instalment.objects.filter(grant__award=OuterRef("pk"))
    .order_by()
    .values("grant")
    .annotate(total=Sum("paid_amount"))
    .values("total")
)


def award_detail_public(*, pk: int) -> Award | None:
    """One published award with everything its page shows (two queries), or None."""
    education = Partner.objects.filter(role=Partner.Role.EDUCATION_PROVIDER).order_by("order", "pk")
    return (
        Award.objects.published()
        .for_listing()
        .order_by()
        .filter(pk=pk)
        .select_related("grant")  # the follow-up's state, in the same query
        .annotate(paid_total=Coalesce(Subquery(_paid_so_far), 0))
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
            **_export_grant_fields(),
        )
    )


def _export_grant_fields() -> dict:
    """What the grant adds to an exported award: its state, when it was accepted and ended,
    and its payouts (a JSON list made by PostgreSQL in the same query, oldest first)."""
    day = "YYYY-MM-DD"
    paid = (
        Instalment.objects.filter(grant__award=OuterRef("pk"), paid_amount__gt=0)
        .order_by()
        .values("grant")
        .annotate(
            items=JSONBAgg(
                JSONObject(
                    id="pk",
                    value="paid_amount",
                    date=_text(F("paid_at"), day, zone=settings.TIME_ZONE),
                ),
                order_by=("paid_at", "pk"),
            )
        )
        .values("items")
    )
    return {
        "grant_state": F("grant__state"),
        "grant_accepted": _text(F("grant__accepted_at"), day, zone=settings.TIME_ZONE),
        "grant_closed": _text(F("grant__closed_at"), day, zone=settings.TIME_ZONE),
        "grant_cancelled": _text(F("grant__cancelled_at"), day, zone=settings.TIME_ZONE),
        "payouts": Subquery(paid, output_field=JSONField()),
    }


def award_education_partners(*, award: Award) -> list[Partner]:
    """The project's education partners, as prefetched by ``award_detail_public``."""
    return award.application.education_partners
