"""The charts of the statistics page, built from the figures the tables show."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
