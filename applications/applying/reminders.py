"""Deadline reminders: the members of an organisation with a draft hear 7 days and 1 day before
the call's deadline, once each.

A scheduled job (``calls/schedule.py``) runs ``deadline_reminders_send`` every hour. Each
reminder sent is a row with a unique (application, days before) pair, written in the same
transaction that queues the e-mail: running the job twice, or on two workers at once, sends one.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from calls.formatting import format_deadline
from calls.mail import email_later
from calls.schedule import ScheduledJob, register

from ..people.models import Membership
from .models import Application

REMINDER_DAYS = (7, 1)


class DeadlineReminder(models.Model):
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="deadline_reminders",
        verbose_name=gettext_lazy("søknad"),
    )
    days_before = models.PositiveSmallIntegerField(gettext_lazy("dager før fristen"))
    sent_at = models.DateTimeField(gettext_lazy("sendt"), default=timezone.now)
    recipients = models.TextField(gettext_lazy("mottakere"), blank=True)

    class Meta:
        verbose_name = gettext_lazy("fristpåminnelse")
        verbose_name_plural = gettext_lazy("fristpåminnelser")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "days_before"], name="deadline_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} ({self.days_before})"


def _due_threshold(*, closes_at: dt.datetime, now: dt.datetime) -> int | None:
    """The nearest reminder whose time has come: 1 inside the last day, 7 inside the last week."""
    left = closes_at - now
    for days in sorted(REMINDER_DAYS):
        if dt.timedelta(0) < left <= dt.timedelta(days=days):
            return days
    return None


def _recipients(application: Application) -> list[str]:
    rows = Membership.objects.filter(
        organisation_id=application.organisation_id,
        role__in=[Membership.Role.ADMIN, Membership.Role.EDITOR],
        user__is_active=True,
    ).values_list("user__email", flat=True)
    return sorted({email for email in rows if email})


def _send(application: Application, *, days: int, recipients: list[str]) -> None:
    link = settings.SITE_URL.rstrip("/") + reverse(
        "applications:task_list", kwargs={"pk": application.pk}
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Påminnelse: fristen for «%(call)s» er %(deadline)s") % {
            "call": application.call.title,
            "deadline": format_deadline(application.call.closes_at),
        }
        body = render_to_string(
            "applications/email/deadline_reminder.txt",
            {"application": application, "days": days, "link": link},
        )
    email_later(subject=subject, body=body, to=recipients)


def deadline_reminders_send(*, now: dt.datetime | None = None) -> str:
    """Remind the organisations whose drafts are still unsent; returns how many were reminded."""
    now = now or timezone.now()
    horizon = now + dt.timedelta(days=max(REMINDER_DAYS))
    drafts = Application.objects.filter(
        status=Application.Status.DRAFT,
        call__opens_at__lte=now,
        call__closes_at__gt=now,
        call__closes_at__lte=horizon,
    ).select_related("call", "organisation")
    sent = 0
    for application in drafts:
        days = _due_threshold(closes_at=application.call.closes_at, now=now)
        if days is None:
            continue
        recipients = _recipients(application)
        try:
            with transaction.atomic():
                DeadlineReminder.objects.create(
                    application=application,
                    days_before=days,
                    sent_at=now,
                    recipients=", ".join(recipients),
                )
                _send(application, days=days, recipients=recipients)
        except IntegrityError:  # already reminded (or being reminded by another worker)
            continue
        sent += 1
    return f"{sent} reminders"


def register_jobs() -> None:
    register(
        ScheduledJob(
            name="deadline_reminders",
            every=dt.timedelta(hours=1),
            run=deadline_reminders_send,
            description="E-mail members of organisations with an unsent draft, 7 days and 1 day "
            "before the deadline",
        )
    )
