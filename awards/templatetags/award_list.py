"""The rows of the public award list, written in one pass.

Fifty rows of five values cost Django's template engine a third of the page (every variable is
looked up, localised and escaped through several calls); here each row is one f-string with the
standard library's escaping, and the markup is the same as a template loop would write.
"""

from html import escape

from django import template
from django.utils.safestring import SafeString

from calls.formatting import format_kroner

register = template.Library()


@register.simple_tag
def award_rows(awards) -> SafeString:
    """``<tr>`` elements for rows from ``awards.public.selectors`` (``LISTED_FIELDS`` and url)."""
    rows = []
    for award in awards:
        county = escape(award["county_name"]) or "–"
        title = escape(award["title"])
        rows.append(
            f'<tr id="award-{int(award["pk"])}">'
            f'<th scope="row">{escape(award["organisation_name"])}</th>'
            f'<td><a class="ds-link" href="{escape(award["url"])}">{title}</a></td>'
            f"<td>{county}</td>"
            f'<td class="num">{escape(format_kroner(award["amount"]))}</td>'
            "</tr>"
        )
    return SafeString("\n".join(rows))
