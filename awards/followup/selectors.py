"""Reads about grants that pages share."""

from __future__ import annotations

from awards.decisions.models import AWARDED_AMOUNT
from awards.decisions.ranking import Released

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


def released_by_application(*, call) -> dict[int, Released]:
    """Of each awarded application of the call, what its grant gave back to the budget: all of
    a declined or lapsed offer, the unpaid rest of a closed or cancelled grant (one query)."""
    rows = Grant.objects.filter(
        award__application__call=call,
        state__in=(*Grant.RELEASED_STATES, Grant.State.CLOSED, Grant.State.CANCELLED),
    ).values_list("award__application_id", "state", "released_amount", f"award__{AWARDED_AMOUNT}")
    return {
        application_id: Released(amount or 0)
        if state in Grant.RELEASED_STATES
        else Released(released, unpaid_rest=True)
        for application_id, state, released, amount in rows
    }
