"""The statistics page: its figures (from the award list's totals) and its charts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.models import Application
from awards.followup.reports.selectors import PUBLIC_STATES, outcome_totals
from calls.models import Call
from calls.templatetags.utlysning import format_kroner

from .charts import Chart, bar_chart
from .models import ClosedCallFigures, PublishedAwardTotals
from .selectors import published_grant_states

# Figures --------------------------------------------------------------------------------


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
        # What the page shows of a call: a call has thirty columns, a hundred calls cost.
        .only("pk", "title", "slug", "closes_at", "budget")
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


def _of_budget(amount: int, budget: int, percent: int | None) -> str:
    text = _("%(amount)s av %(budget)s") % {
        "amount": format_kroner(amount),
        "budget": format_kroner(budget),
    }
    return f"{text} ({percent} %)" if percent is not None else text


def statistics_charts(figures: Statistics) -> dict[str, Chart]:
    return {
        "years": bar_chart(
            figures.years,
            label=lambda year: str(year.year),
            value=lambda year: year.amount,
            reference=lambda year: year.budget,
            text=lambda year: _of_budget(year.amount, year.budget, year.share_percent),
        ),
        "calls": bar_chart(
            figures.calls,
            label=lambda row: row.call.title,
            value=lambda row: row.awarded,
            reference=lambda row: row.received,
            text=lambda row: (
                ngettext(
                    "%(awarded)s av %(received)s søknad fikk støtte",
                    "%(awarded)s av %(received)s søknader fikk støtte",
                    row.received,
                )
                % {"awarded": row.awarded, "received": row.received}
            ),
        ),
        "counties": bar_chart(
            figures.counties,
            label=lambda county: county.name or _("Uten fylke"),
            value=lambda county: county.amount,
            text=lambda county: (
                ngettext(
                    "%(amount)s til %(count)s prosjekt",
                    "%(amount)s til %(count)s prosjekter",
                    county.awarded,
                )
                % {"amount": format_kroner(county.amount), "count": county.awarded}
            ),
        ),
    }


def outcome_statistics() -> dict:
    """What the follow-up adds to the statistics page: reported outcomes per year and per call
    (approved final reports of published awards), and how many grants are in each state."""

    def grouped(by: str) -> list[dict]:
        groups: dict = {}
        for row in outcome_totals(by=by):
            groups.setdefault(row["group"], []).append(row)
        return [{"group": group, "rows": rows} for group, rows in groups.items()]

    counts: dict[str, int] = {}
    for state, reported, n in published_grant_states():
        public = PUBLIC_STATES.get(state, "in_progress")
        # As on the award's page: an approved final report completes a project in progress.
        if reported and public == "in_progress":
            public = "completed"
        counts[public] = counts.get(public, 0) + n
    labels = {
        "offered": _("Tilbud sendt"),
        "in_progress": _("Pågår"),
        "completed": _("Gjennomført"),
        "not_carried_out": _("Ikke gjennomført"),
    }
    return {
        "per_year": grouped("year"),
        "per_call": grouped("call"),
        "states": [(labels[key], counts[key]) for key in labels if counts.get(key)],
    }
