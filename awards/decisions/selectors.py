"""Reads across the stages of a call: the advisers' overview on the admin index."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Sum

from applications.models import Application
from awards.assessment.models import ReviewAssignment
from calls.models import Call

from .models import AWARDED_AMOUNT, Award


@dataclass
class CallOverview:
    call: Call
    by_status: list[tuple[str, int]]
    applications: int
    requested: int
    awarded: int
    reviews_outstanding: int

    @property
    def requested_share(self) -> int:
        return round(100 * self.requested / self.call.budget) if self.call.budget else 0

    @property
    def awarded_share(self) -> int:
        return round(100 * self.awarded / self.call.budget) if self.call.budget else 0


def call_overview(*, limit: int = 12) -> list[CallOverview]:
    """The newest calls with applications by status, requested and awarded against the budget and
    reviews outstanding, in four queries."""
    calls = list(Call.objects.order_by("-closes_at", "-pk")[:limit])
    ids = [call.pk for call in calls]
    statuses: dict[int, list[tuple[str, int]]] = defaultdict(list)
    requested: dict[int, int] = defaultdict(int)
    labels = dict(Application.Status.choices)
    for row in (
        Application.objects.filter(call_id__in=ids)
        .exclude(status=Application.Status.DRAFT)
        .values("call_id", "status")
        .annotate(count=Count("pk"), requested=Sum("requested_amount"))
        .order_by("call_id", "status")
    ):
        statuses[row["call_id"]].append((labels.get(row["status"], row["status"]), row["count"]))
        if row["status"] != Application.Status.WITHDRAWN:
            requested[row["call_id"]] += row["requested"] or 0
    awarded = {
        row["application__call_id"]: row["total"]
        for row in Award.objects.filter(application__call_id__in=ids)
        .values("application__call_id")
        .annotate(total=Sum(AWARDED_AMOUNT))
    }
    outstanding = {
        row["application__call_id"]: row["count"]
        for row in ReviewAssignment.objects.filter(
            application__call_id__in=ids, submitted_at__isnull=True
        )
        .exclude(impartiality=ReviewAssignment.Impartiality.CONFLICT)
        .values("application__call_id")
        .annotate(count=Count("pk"))
    }
    return [
        CallOverview(
            call=call,
            by_status=statuses.get(call.pk, []),
            applications=sum(count for _label, count in statuses.get(call.pk, [])),
            requested=requested.get(call.pk, 0),
            awarded=awarded.get(call.pk, 0) or 0,
            reviews_outstanding=outstanding.get(call.pk, 0),
        )
        for call in calls
    ]
