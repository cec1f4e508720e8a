"""The rules of an appeal that the forms, the pages and the services share."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from applications.models import Application, Membership
from applications.people.permissions import EDIT_ROLES
from awards.letters.texts import APPEALABLE_KINDS, appeal_deadline_at

# Forvaltningsloven § 11 a: a provisional answer is due when a case will take about a month.
PROVISIONAL_ANSWER_AFTER = dt.timedelta(days=30)


def letter_is_appealable(letter) -> bool:
    return letter.kind in APPEALABLE_KINDS


def letter_appeal_deadline(letter) -> dt.datetime | None:
    """When the appeal period of the letter ends; None until its notice has been sent."""
    if not letter_is_appealable(letter):
        return None
    return appeal_deadline_at(notified_at=letter.delivered_at)


def appeal_is_late(*, letter, at: dt.datetime) -> bool:
    """An appeal after the end of the deadline's day is late. A letter whose notice has not
    gone yet has no running period, so an appeal then is in time."""
    deadline = letter_appeal_deadline(letter)
    return deadline is not None and at > deadline


def member_may_appeal(*, user, application: Application) -> bool:
    """Administrators and editors of the applying organisation appeal; readers only read."""
    return (
        user.is_authenticated
        and Membership.objects.filter(
            user=user, organisation_id=application.organisation_id, role__in=EDIT_ROLES
        ).exists()
    )


def member_may_read_appeal(*, user, application: Application) -> bool:
    return (
        user.is_authenticated
        and Membership.objects.filter(
            user=user, organisation_id=application.organisation_id
        ).exists()
    )


def days_since_received(*, appeal, today: dt.date) -> int:
    return (today - timezone.localdate(appeal.lodged_at)).days


def needs_provisional_answer(*, appeal, now: dt.datetime) -> bool:
    """Open for more than a month without a provisional answer sent."""
    return (
        appeal.is_open
        and appeal.provisional_sent_at is None
        and now - appeal.lodged_at > PROVISIONAL_ANSWER_AFTER
    )
