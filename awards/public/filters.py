"""Reading the filters of the public award list (and the exports) from a query string."""

from __future__ import annotations

from .selectors import AwardFilters

SEARCH_MAX_LENGTH = 200


def award_filters_from(params) -> AwardFilters:
    """Filters from GET parameters. Anything odd is cut down or dropped, never an error.

    A value that names nothing (an unknown county, call or scheme) filters to no awards, the same
    in the list and in the exports, so a shared address always means the same set.
    """

    def text(name: str, limit: int) -> str:
        # PostgreSQL refuses NUL characters in text; nobody types them.
        return " ".join((params.get(name) or "").replace("\x00", "").split())[:limit]

    q = text("q", SEARCH_MAX_LENGTH)
    year_text = text("year", 10)
    year = int(year_text) if year_text.isascii() and year_text.isdigit() else None
    if year is not None and not 1900 <= year <= 9999:
        year = None
    return AwardFilters(
        q=q,
        year=year,
        scheme=text("scheme", 20),
        call=text("call", 120),
        county=text("county", 2),
    )
