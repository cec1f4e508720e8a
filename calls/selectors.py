"""Reads of calls that public pages share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Call


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
