"""Reads about letters that pages share: how far the e-mails of a call's letters have come."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from calls.models import Call

from .models import Letter, LetterBatch


@dataclass
class DeliveryProgress:
    total: int = 0
    sent: int = 0
    queued: int = 0
    failed: list[Letter] = field(default_factory=list)


def letter_delivery_progress(*, call: Call) -> DeliveryProgress:
    """How many of the call's letters the mail server has taken, how many wait, which failed."""
    letters = Letter.objects.filter(application__call=call)
    counts = letters.aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(delivery_status=Letter.Delivery.SENT)),
        queued=Count("pk", filter=Q(delivery_status=Letter.Delivery.QUEUED)),
        failed=Count("pk", filter=Q(delivery_status=Letter.Delivery.FAILED)),
    )
    # The failed letters are listed by name; most of the time there are none to read.
    failed = (
        list(
            letters.filter(delivery_status=Letter.Delivery.FAILED)
            .select_related("application__organisation")
            .order_by("application__reference", "pk")
        )
        if counts.pop("failed")
        else []
    )
    return DeliveryProgress(failed=failed, **counts)


def letter_batch_latest(*, call: Call) -> LetterBatch | None:
    """The call's latest run of making letters, for the board's progress."""
    return LetterBatch.objects.filter(call=call).order_by("-requested_at", "-pk").first()
