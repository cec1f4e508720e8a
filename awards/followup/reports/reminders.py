"""Report reminders: the organisation's administrators and editors hear at the days before a
report's due date that ``UTLYSNING_REPORT_REMINDER_DAYS`` names (14 and 3 by default), and once
when it is overdue; each once.

The scheduled job runs ``report_reminders_send`` every hour. Each reminder is a row unique per
(report, kind), written in the transaction that queues the e-mail: run twice, it sends once.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.models import Membership
from calls.formatting import format_long_date
from calls.mail import email_later

from .models import Report, ReportReminder

OVERDUE = "overdue"


def reminder_kind(*, due_on: dt.date, today: dt.date, days: tuple[int, ...]) -> str | None:
    """The nearest reminder whose time has come ("before-3" inside the last 3 days, …), or
    "overdue" after the due date."""
    left = (due_on - today).days
    if left < 0:
        return OVERDUE
    for before in sorted(days):
        if left <= before:
            return f"before-{before}"
    return None


def _recipients(report: Report) -> list[str]:
    rows = Membership.objects.filter(
        organisation_id=report.grant.award.application.organisation_id,
        role__in=[Membership.Role.ADMIN, Membership.Role.EDITOR],
        user__is_active=True,
    ).values_list("user__email", flat=True)
    return sorted({email for email in rows if email})


def _send(report: Report, *, kind: str, recipients: list[str]) -> None:
    application = report.grant.award.application
    link = settings.SITE_URL.rstrip("/") + reverse("reports:detail", kwargs={"pk": report.pk})
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "kind": report.get_kind_display().lower(),
            "title": application.title,
            "due": format_long_date(report.due_on),
        }
        if kind == OVERDUE:
            subject = _("Fristen for %(kind)s for «%(title)s» gikk ut %(due)s") % values
        else:
            subject = _("Påminnelse: %(kind)s for «%(title)s» skal leveres %(due)s") % values
        body = render_to_string(
            "awards/email/report_reminder.txt",
            {
                "report": report,
                "application": application,
                "overdue": kind == OVERDUE,
                "link": link,
            },
        )
    email_later(subject=subject, body=body, to=recipients)


def report_reminders_send(*, now: dt.datetime | None = None) -> str:
    """Remind the organisations of unsent reports whose reminder time has come."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    days = tuple(settings.UTLYSNING_REPORT_REMINDER_DAYS)
    horizon = today + dt.timedelta(days=max(days, default=0))
    due = (
        Report.objects.filter(status__in=Report.EDITABLE, due_on__lte=horizon)
        .exclude(grant__state__in=["declined", "lapsed", "cancelled", "closed"])
        .select_related("grant__award__application__organisation")
        .order_by("due_on", "pk")
    )
    sent = 0
    for report in due:
        kind = reminder_kind(due_on=report.due_on, today=today, days=days)
        if kind is None:
            continue
        try:
            with transaction.atomic():
                ReportReminder.objects.create(report=report, kind=kind, sent_at=now)
                _send(report, kind=kind, recipients=_recipients(report))
        except IntegrityError:  # already reminded (or being reminded by another worker)
            continue
        sent += 1
    return f"{sent} report reminders"
