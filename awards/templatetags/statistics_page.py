"""The statistics page's long parts, written in one pass: the bars of each chart and the rows
of the table per call.

A chart of a hundred calls has eight values per bar, the table seven cells per call; through the
template engine, where every value is looked up, localised and escaped in several calls, they
were most of the page. The markup is what the template loops wrote.
"""

from html import escape
from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString

from calls.formatting import format_kroner

register = template.Library()


@register.simple_tag
def chart_bars(chart) -> SafeString:
    bars = []
    for row in chart.rows:
        reference = (
            f'<rect x="1" y="{row.bar_y:d}" width="{row.reference_width:.1f}" height="18" '
            'fill="none" stroke="currentColor" stroke-width="2"/>'
            if row.reference_width is not None
            else ""
        )
        bars.append(
            "<g>"
            f'<text x="0" y="{row.label_y:d}" fill="currentColor" font-size="14" '
            f'font-weight="600">{escape(row.label)}</text>'
            f"{reference}"
            f'<rect x="1" y="{row.bar_y:d}" width="{row.value_width:.1f}" height="18" '
            'fill="currentColor"/>'
            f'<text x="0" y="{row.text_y:d}" fill="currentColor" font-size="14">'
            f"{escape(str(row.value_text))}</text>"
            "</g>"
        )
    return SafeString("\n".join(bars))


@register.simple_tag
def call_rows(calls) -> SafeString:
    """The rows of the table per call (``CallStatistics`` from ``awards.public.statistics``)."""
    listing = reverse("awards:list")
    rows = []
    for row in calls:
        share = f"{row.share_percent} %" if row.share_percent is not None else "–"
        link = f"{listing}?call={quote(row.call.slug, safe='')}"
        rows.append(
            "<tr>"
            f'<th scope="row"><a class="ds-link" href="{escape(link)}">'
            f"{escape(row.call.title)}</a></th>"
            f'<td class="num">{row.year:d}</td>'
            f'<td class="num">{row.received:d}</td>'
            f'<td class="num">{row.awarded:d}</td>'
            f'<td class="num">{escape(format_kroner(row.amount))}</td>'
            f'<td class="num">{escape(format_kroner(row.budget))}</td>'
            f'<td class="num">{share}</td>'
            "</tr>"
        )
    return SafeString("\n".join(rows))
