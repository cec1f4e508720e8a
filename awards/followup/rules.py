"""When an offer must be answered: the deadline the letter names and the grant keeps."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from awards.letters.texts import acceptance_date


def accept_by_for(*, offered_on: dt.date, weeks: int) -> dt.datetime:
    """The end of the last day (23:59:59.999999 in the site's time zone, Europe/Oslo)."""
    last_day = acceptance_date(offered_on=offered_on, weeks=weeks)
    end = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(end) - dt.timedelta(microseconds=1)
