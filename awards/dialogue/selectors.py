"""Reads of the dialogue that pages share: the thread a person may see, and what is unread.

Unread is per person: messages from the other side written after the person last read the
thread (all of them if they never did). Applicants count the advisers' messages, advisers the
applicant's.
"""

from __future__ import annotations

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from awards.permissions import (
    adviser_may_use_thread,
    member_may_read_thread,
    reviewer_may_read_shared,
)

from .models import Message, ThreadRead


def thread_messages(*, user, application) -> QuerySet[Message] | None:
    """The messages ``user`` may read on the application, oldest first; None if none at all."""
    messages = Message.objects.filter(application=application).select_related("author")
    if adviser_may_use_thread(user) or member_may_read_thread(user=user, application=application):
        return messages.order_by("created_at", "pk")
    if reviewer_may_read_shared(user=user, application=application):
        return messages.filter(shared_with_reviewers=True).order_by("created_at", "pk")
    return None


def unread_messages(*, user, from_adviser: bool) -> QuerySet[Message]:
    """Messages from the advisers (or from applicants) that ``user`` has not read."""
    read_at = ThreadRead.objects.filter(application=OuterRef("application"), user=user).values(
        "read_at"
    )[:1]
    return (
        Message.objects.filter(from_adviser=from_adviser)
        .annotate(read_at=Subquery(read_at))
        .filter(Q(read_at__isnull=True) | Q(created_at__gt=F("read_at")))
    )


def unread_in_thread(thread, *, read_at, from_adviser: bool) -> int:
    """Of messages already fetched, those from one side written after ``read_at``."""
    return sum(
        1
        for message in thread
        if message.from_adviser == from_adviser
        and (read_at is None or message.created_at > read_at)
    )


def with_unread_for_adviser(queryset: QuerySet, *, user) -> QuerySet:
    """Applications annotated with ``unread_messages``: the applicant's messages ``user`` has
    not read."""
    unread = (
        unread_messages(user=user, from_adviser=False)
        .filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return queryset.annotate(
        unread_messages=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))
    )


def unread_in_prefetched(*, application, user, from_adviser: bool = True) -> int:
    """Unread messages from the advisers (or, for an adviser, from the applicants) of an
    application whose messages and reads are prefetched."""
    if user is None or not user.is_authenticated:
        return 0
    read_at = next(
        (r.read_at for r in application.dialogue_reads.all() if r.user_id == user.pk), None
    )
    return unread_in_thread(
        application.dialogue_messages.all(), read_at=read_at, from_adviser=from_adviser
    )


def messages_written_export(*, user) -> list[dict]:
    """The messages the person wrote, for their data download (internal notes are not theirs
    to see and are never part of it)."""
    return [
        {
            "application": message.application.reference or message.application.title,
            "written_at": message.created_at.isoformat(),
            "text": message.text,
            "attachment": message.attachment_name,
        }
        for message in Message.objects.filter(author=user, from_adviser=False)
        .select_related("application")
        .order_by("created_at", "pk")
    ]


def shared_with_reviewers(*, application) -> QuerySet[Message]:
    """The messages an adviser has shared with the partner reviewers on the case."""
    return (
        Message.objects.filter(application=application, shared_with_reviewers=True)
        .select_related("author")
        .order_by("created_at", "pk")
    )
