"""The charts of the statistics page, built from the figures the tables show."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards.followup.models import Grant
from awards.followup.reports.models import Report
from awards.followup.reports.selectors import PUBLIC_STATES, outcome_totals
from calls.templatetags.utlysning import format_kroner

from .charts import Chart, bar_chart
from .selectors import Statistics


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
    states = (
        Grant.objects.filter(award__is_published=True)
        .values("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in states:
        public = PUBLIC_STATES.get(row["state"], "in_progress")
        counts[public] = counts.get(public, 0) + row["n"]
    # As on the award's page: an approved final report completes a project still in progress.
    reported = (
        Grant.objects.filter(
            award__is_published=True,
            state__in=[s for s, public in PUBLIC_STATES.items() if public == "in_progress"],
            reports__kind=Report.Kind.FINAL,
            reports__status=Report.Status.APPROVED,
        )
        .distinct()
        .count()
    )
    if reported:
        counts["in_progress"] -= reported
        counts["completed"] = counts.get("completed", 0) + reported
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
