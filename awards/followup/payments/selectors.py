"""Reads about conditions, instalments and payouts that pages share."""

from __future__ import annotations

from awards.followup.models import Grant

from .models import GrantCondition, Instalment, PayoutRequest


def _of_member(queryset, *, user, prefix: str):
    return queryset.filter(
        **{f"{prefix}award__application__organisation__memberships__user": user}
    ).distinct()


def payout_for_member(*, user, pk: int) -> PayoutRequest | None:
    """A payout request if the person acts for the grant's organisation (any role)."""
    return (
        _of_member(PayoutRequest.objects.all(), user=user, prefix="grant__")
        .select_related("grant__award__application", "instalment")
        .filter(pk=pk)
        .first()
    )


def condition_for_member(*, user, pk: int) -> GrantCondition | None:
    return (
        _of_member(GrantCondition.objects.all(), user=user, prefix="grant__")
        .select_related("grant__award__application")
        .filter(pk=pk)
        .first()
    )


def grant_payments(*, grant: Grant) -> dict:
    """What the grant page shows about money: conditions, instalments, requests."""
    instalments = list(Instalment.objects.filter(grant=grant).order_by("order"))
    return {
        "conditions": list(GrantCondition.objects.filter(grant=grant).order_by("pk")),
        "instalments": instalments,
        "payout_requests": list(
            PayoutRequest.objects.filter(grant=grant).select_related("instalment")
        ),
        "paid_total": sum(i.paid_amount for i in instalments),
    }
