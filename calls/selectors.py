"""Reads of calls that public pages share."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Call, Municipality


@dataclass
class CallGroup:
    key: str
    label: str
    empty: str
    calls: list[Call] = field(default_factory=list)


def call_list_public(*, now: datetime | None = None) -> list[CallGroup]:
    """Published calls grouped as open, upcoming and closed, in one query."""
    now = now or timezone.now()
    groups = {
        Call.Status.OPEN: CallGroup("open", _("Åpne"), _("Ingen utlysninger er åpne nå.")),
        Call.Status.UPCOMING: CallGroup(
            "upcoming", _("Kommende"), _("Ingen kommende utlysninger er kunngjort.")
        ),
        Call.Status.CLOSED: CallGroup(
            "closed", _("Avsluttede"), _("Ingen avsluttede utlysninger.")
        ),
    }
    for call in Call.objects.published().with_scheme().order_by("closes_at", "pk"):
        groups[call.status_at(now)].calls.append(call)
    groups[Call.Status.CLOSED].calls.reverse()  # most recently closed first
    return list(groups.values())


def call_open_and_upcoming(*, now: datetime | None = None) -> tuple[list[Call], list[Call]]:
    now = now or timezone.now()
    calls = Call.objects.published().with_scheme().filter(closes_at__gt=now).order_by("closes_at")
    open_calls = [c for c in calls if c.status_at(now) == Call.Status.OPEN]
    upcoming = sorted(
        (c for c in calls if c.status_at(now) == Call.Status.UPCOMING), key=lambda c: c.opens_at
    )
    return open_calls, upcoming


def seconds_until_next_status_change(*, now: datetime | None = None) -> int | None:
    """Seconds until the next published call opens or closes; None when none ever will.

    Pages that show a call's status are cached no longer than this, so a call moves from
    "upcoming" to "open" to "closed" on the second, cache or no cache.
    """
    now = now or timezone.now()
    moments = Call.objects.published().aggregate(
        next_open=Min("opens_at", filter=Q(opens_at__gt=now)),
        next_close=Min("closes_at", filter=Q(closes_at__gt=now)),
    )
    upcoming = [moment for moment in moments.values() if moment is not None]
    if not upcoming:
        return None
    return max(1, math.ceil((min(upcoming) - now).total_seconds()))


def district_policy_zones_on(*, day: date, numbers) -> dict[str, str]:
    """The district-policy zone of each municipality number, as it was on ``day``."""
    return dict(
        Municipality.objects.valid_on(day)
        .filter(number__in=list(numbers))
        .order_by("number", "valid_from")
        .values_list("number", "district_policy_zone")
    )


def municipalities_for_call(*, call: Call):
    """The municipalities to choose from for a call: those valid on its deadline."""
    return Municipality.objects.valid_on(call.deadline_day).select_related("county")
