"""The follow-up's work by the clock: offers past their deadline lapse, reports due are
reminded of."""

from __future__ import annotations

import datetime as dt

from calls.schedule import ScheduledJob, register

from .reports.reminders import report_reminders_send
from .services import grants_lapse_due


def register_jobs() -> None:
    register(
        ScheduledJob(
            name="grants_lapse",
            every=dt.timedelta(hours=1),
            run=grants_lapse_due,
            description="Offers not accepted by their deadline lapse; the organisation and the "
            "case owner hear of it",
        )
    )
    register(
        ScheduledJob(
            name="report_reminders",
            every=dt.timedelta(hours=1),
            run=report_reminders_send,
            description="E-mail the organisation before a report is due and when it is overdue, "
            "once each",
        )
    )
