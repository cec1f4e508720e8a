"""Reads about grants that pages share."""

from __future__ import annotations

from django.db.models import Sum

from awards.decisions.models import AWARDED_AMOUNT

from .models import Grant


def grant_for_member(*, user, pk: int) -> Grant | None:
    """The grant if the person acts for its organisation (any role), else None."""
    return (
        Grant.objects.select_related(
            "award__application__organisation",
            "award__application__call",
            "award__application__decision",
        )
        .filter(pk=pk, award__application__organisation__memberships__user=user)
        .first()
    )


def released_amount(*, call) -> int:
    """What declined and lapsed offers gave back to the call's budget."""
    total = Grant.objects.filter(
        award__application__call=call, state__in=Grant.RELEASED_STATES
    ).aggregate(total=Sum(f"award__{AWARDED_AMOUNT}"))["total"]
    return total or 0
