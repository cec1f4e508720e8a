"""Admin lists that cost the same at a thousand rows and at a hundred thousand.

Django's change list counts every row of the selection (``COUNT(*)``), and once more for the
whole table beside it ("10 of 100 000"). Both grow with the table. Lists that can grow large use
``BigListAdmin``: the selection is counted only up to ``COUNT_CAP`` rows (one bounded query), the
whole table is not counted, and the page shows "more than 10 000" beyond the cap. Sums that a list
shows for its selection (``list_totals``) come from the same bounded query.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class CappedCountPaginator(Paginator):
    """Counts at most ``COUNT_CAP + 1`` rows; ``capped`` says the selection has more.

    ``totals`` (name → field) are summed over the same rows when the selection is within the cap;
    beyond it they are ``None``, since a sum of the first rows would be wrong.
    """

    totals: dict[str, str] = {}

    def __init__(self, object_list, per_page, *args, totals=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.totals = dict(totals or {})

    @cached_property
    def _bounded(self) -> dict:
        fields = sorted(set(self.totals.values())) or ["pk"]
        rows = self.object_list.order_by().values(*fields)[: COUNT_CAP + 1]
        return rows.aggregate(
            rows=Count("*"), **{f"total_{name}": Sum(field) for name, field in self.totals.items()}
        )

    @cached_property
    def count(self) -> int:
        return self._bounded["rows"]

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP

    @property
    def cap(self) -> str:
        """The cap as people read it: "10 000"."""
        return f"{COUNT_CAP:,}".replace(",", "\u00a0")

    def total(self, name: str) -> int | None:
        if self.capped:
            return None
        return self._bounded[f"total_{name}"] or 0


class BigListAdmin:
    """A mixin for ModelAdmins whose lists may hold tens of thousands of rows."""

    show_full_result_count = False
    list_totals: dict[str, str] = {}

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        return CappedCountPaginator(
            queryset, per_page, orphans, allow_empty_first_page, totals=self.list_totals
        )
