"""Reads about appeals that pages share."""

from __future__ import annotations

from django.db.models import QuerySet

from awards.letters.models import Letter

from .models import Appeal
from .rules import letter_is_appealable


def appeal_list() -> QuerySet[Appeal]:
    """Every appeal for the advisers' list, with what its columns show."""
    return Appeal.objects.select_related(
        "application__organisation", "application__call", "case_handler", "letter"
    )


def appeal_for_member(*, user, pk: int) -> Appeal | None:
    """The appeal if the person acts for its organisation (any role), else None."""
    return (
        Appeal.objects.select_related("application__organisation", "letter", "lodged_by")
        .filter(pk=pk, organisation__memberships__user=user)
        .first()
    )


def appealable_letter(*, application) -> Letter | None:
    """The latest decision letter of the application, the one an appeal is lodged against."""
    for letter in application.letters.order_by("-sent_at", "-pk"):
        if letter_is_appealable(letter):
            return letter
    return None


def open_appeal(*, decision_id: int) -> Appeal | None:
    return (
        Appeal.objects.filter(decision_id=decision_id, state__in=Appeal.OPEN_STATES)
        .order_by("-lodged_at")
        .first()
    )


def appeals_of_application(*, application) -> QuerySet[Appeal]:
    return application.appeals.select_related("lodged_by").order_by("-lodged_at", "-pk")
