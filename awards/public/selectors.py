"""Reads of awards that public pages and exports share. Every function runs a fixed number of
queries, however many awards there are."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.urls import reverse

from applications.models import Organisation, Partner
from awards.decisions.models import AWARDED_AMOUNT, Award
from awards.followup.payments.models import Instalment
from calls.models import Call

from .listing import EMPTY_FACETS, FACETS_ROW
from .models import AwardListFacets, PublishedAward, PublishedAwardTotals
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


@dataclass(frozen=True)
class ListedCall:
    """A call with published awards, as the award list shows it."""

    pk: int
    slug: str
    title: str
    closes_at: datetime

    def get_absolute_url(self) -> str:
        return reverse("calls:detail", kwargs={"slug": self.slug})


@dataclass
class AwardFacets:
    """Everything about the published awards that does not depend on the filters."""

    options: AwardFilterOptions
    calls: dict[int, ListedCall]
    # call pk → its count, sum and illustrative count, in the list's order (newest call first)
    totals: dict[int, dict]


@dataclass
class AwardGroup:
    """The awards of one call on the current page, with totals over the whole filtered set.

    Each award is a dictionary of what its row shows (``LISTED_FIELDS`` and ``url``)."""

    call: ListedCall
    count: int = 0
    total: int = 0
    illustrative: bool = False
    awards: list[dict] = field(default_factory=list)


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


_FACETS_TABLE = AwardListFacets._meta.db_table


def _facets_json(select: str):
    """One value of the facets row (``awards.public.listing`` writes it), decoded: the whole
    document, or a part of it such as ``document->'grant_states'``; None before it is written."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {select} FROM {_FACETS_TABLE} WHERE id = %s", [FACETS_ROW])  # noqa: S608
        row = cursor.fetchone()
    value = row[0] if row else None
    return json.loads(value) if isinstance(value, str) else value


def published_grant_states() -> list[tuple[str, bool, int]]:
    """The grants of published awards by state: (state, has an approved final report, how
    many), counted when they change."""
    states = _facets_json("document->'grant_states'") or []
    return [(state, bool(reported), int(n)) for state, reported, n in states]


def award_list_facets() -> AwardFacets:
    """The filter options, the calls that have published awards and their totals: one row
    by primary key."""
    facets = _facets_json("document") or {}
    facets = {**EMPTY_FACETS, **facets}
    # A county number is shown once (the newest name first in order); a name that two
    # numbers share (a county divided and joined again) gets its number.
    county_choices: dict[str, str] = {}
    for number, name in facets["counties"]:
        county_choices.setdefault(number, name)
    names = list(county_choices.values())
    calls = {
        pk: ListedCall(pk=pk, slug=slug, title=title, closes_at=datetime.fromisoformat(closes))
        for pk, slug, title, closes in facets["calls"]
    }
    return AwardFacets(
        totals={
            pk: {"count": count, "total": total, "illustrative": illustrative}
            for pk, count, total, illustrative in facets["totals"]
        },
        options=AwardFilterOptions(
            years=facets["years"],
            schemes=[(code, name) for code, name in facets["schemes"]],
            calls=[(call.slug, call.title) for call in calls.values()],
            counties=[
                (number, name if names.count(name) == 1 else f"{name} ({number})")
                for number, name in county_choices.items()
            ],
        ),
        calls=calls,
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


# What one row of the list shows, read from the list's own table.
LISTED_FIELDS = ("award_id", "call_id", "organisation_name", "title", "county_name", "amount")


def _listing_page_rows(
    *, filters: AwardFilters, per_call: dict[int, dict], calls: dict[int, ListedCall], page: Page
) -> list[dict]:
    """The rows of one page, from the list's own index.

    The totals say how many awards each call has in the filtered set, in the list's order, so
    the page's calls and the offset inside the first of them are known before the query: the
    query reads the index from the first call's deadline to the last one's, skips at most the
    first call's earlier awards and stops after fifty.
    """
    start = page.start_index() - 1 if page.paginator.count else 0
    on_page, seen = [], 0
    for call_pk, totals in per_call.items():
        if seen + totals["count"] > start and seen < start + AWARDS_PER_PAGE:
            if not on_page:
                offset = start - seen
            on_page.append(call_pk)
        seen += totals["count"]
    if not on_page or any(pk not in calls for pk in on_page):
        return []
    rows = PublishedAward.objects.filter(
        call_id__in=on_page,
        call_closes_at__lte=calls[on_page[0]].closes_at,
        call_closes_at__gte=calls[on_page[-1]].closes_at,
    )
    if filters.year:
        rows = rows.filter(year=filters.year)
    if filters.county:
        rows = rows.filter(county_number=filters.county)
    rows = rows.order_by("-call_closes_at", "call_id", "organisation_name", "award_id")
    # The page's keys from the index alone (an index-only scan that skips at most the first
    # call's earlier awards), then those fifty rows by key: skipping whole rows would read the
    # table for every award skipped.
    ids = list(rows.values_list("award_id", flat=True)[offset : offset + AWARDS_PER_PAGE])
    return _rows_in_order(ids)


def _rows_in_order(ids: list[int]) -> list[dict]:
    """The list's rows of these awards, in the order of ``ids``."""
    rows = PublishedAward.objects.filter(pk__in=ids).values(*LISTED_FIELDS)
    by_pk = {row["award_id"]: row for row in rows}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def _searched_page_rows(awards: QuerySet[Award], page: Page) -> list[dict]:
    """The rows of one page of a text search, in the search's order."""
    bottom = page.start_index() - 1 if page.paginator.count else 0
    return _rows_in_order(
        list(awards.for_listing().values_list("pk", flat=True)[bottom : page.end_index()])
    )


def award_list_page(
    *, filters: AwardFilters, page_number, facets: AwardFacets | None = None
) -> AwardListPage:
    """One page of the filtered awards grouped per call, newest call first.

    Totals per call cover the whole filtered set, not just the page. Without a text search they
    come from the totals table and the page from the list's index (``PublishedAward``); a text
    search narrows the awards themselves (``award_search``). Either way the rows shown are read
    from the list's table, so a page builds no model instances.
    """
    facets = facets or award_list_facets()
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
        rows = _searched_page_rows(awards, page)
    else:
        per_call = (
            facets.totals
            if not filters.active
            else _per_call(
                _totals(filters=filters)
                .values("call")
                .annotate(count=Sum("count"), total=Sum("total"), illustrative=Sum("illustrative"))
                .order_by("-call__closes_at", "call")
            )
        )
        count = sum(totals["count"] for totals in per_call.values())
        page = _page(count, page_number)
        rows = _listing_page_rows(filters=filters, per_call=per_call, calls=facets.calls, page=page)
    # The award's address, without resolving the URL pattern fifty times.
    marker = 2_147_483_647
    before, after = reverse("awards:detail", kwargs={"pk": marker}).split(str(marker))
    groups: list[AwardGroup] = []
    for row in rows:
        row["pk"] = row["award_id"]
        row["url"] = f"{before}{row['award_id']}{after}"
        call_pk = row["call_id"]
        if call_pk not in facets.calls:
            continue
        if not groups or groups[-1].call.pk != call_pk:
            totals = per_call.get(call_pk, {})
            groups.append(
                AwardGroup(
                    call=facets.calls[call_pk],
                    count=totals.get("count", 0),
                    total=totals.get("total") or 0,
                    illustrative=bool(totals.get("illustrative")),
                )
            )
        groups[-1].awards.append(row)
    page.object_list = rows
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
    """One published award with everything its page shows (four small queries), or None.

    The award, its application, decision and grant in one query; the call with its scheme, the
    organisation with its county and the education partners in one each. As one join of nine
    tables PostgreSQL spent ten times longer planning the query than running it.
    """
    education = Partner.objects.filter(role=Partner.Role.EDUCATION_PROVIDER).order_by("order", "pk")
    found = (
        Award.objects.published()
        .order_by()
        .filter(pk=pk)
        .select_related("application__decision", "grant")
        .annotate(paid_total=Coalesce(Subquery(_paid_so_far), 0))
        .prefetch_related(
            Prefetch("application__call", queryset=Call.objects.select_related("scheme")),
            Prefetch(
                "application__organisation",
                queryset=Organisation.objects.select_related("county"),
            ),
            Prefetch("application__partners", queryset=education, to_attr="education_partners"),
        )[:1]
    )
    # Not .first(): it would order by the key, and Django matches an ordering against each of
    # the selected columns when it compiles the query.
    return next(iter(found), None)


def award_education_partners(*, award: Award) -> list[Partner]:
    """The project's education partners, as prefetched by ``award_detail_public``."""
    return award.application.education_partners
