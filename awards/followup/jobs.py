"""The follow-up's work by the clock: offers past their deadline lapse."""

from __future__ import annotations

import datetime as dt

from calls.schedule import ScheduledJob, register

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
