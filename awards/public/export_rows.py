"""The rows of the open-data exports: every filtered award as a plain dictionary, with its
dates written by PostgreSQL and its grant's payouts as one JSON list, in the list's order."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.aggregates import JSONBAgg
from django.db.models import CharField, F, Func, JSONField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import JSONObject

from awards.decisions.models import AWARDED_AMOUNT
from awards.followup.payments.models import Instalment

from .selectors import AwardFilters, award_search

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
