"""Submitting is allowed until the call's closing time, checked on the server in Europe/Oslo."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from applications.applying import submission
from applications.models import Application, Membership
from tests.factories import CallFactory, MembershipFactory, complete_draft

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


def _draft_closing_at(closes_at):
    call = CallFactory(opens_at=closes_at - dt.timedelta(days=60), closes_at=closes_at)
    application = complete_draft(call=call)
    user = MembershipFactory(organisation=application.organisation, role=Membership.Role.EDITOR)
    return application, user.user


def test_one_second_before_the_deadline_is_in_time():
    closes = dt.datetime(2026, 6, 1, 12, 0, tzinfo=OSLO)
    application, user = _draft_closing_at(closes)
    with time_machine.travel(closes - dt.timedelta(seconds=1), tick=False):
        submitted = submission.application_submit(application=application, by=user)
    assert submitted.status == Application.Status.SUBMITTED


def test_one_second_after_the_deadline_is_refused_and_the_draft_is_kept():
    closes = dt.datetime(2026, 6, 1, 12, 0, tzinfo=OSLO)
    application, user = _draft_closing_at(closes)
    with (
        time_machine.travel(closes + dt.timedelta(seconds=1), tick=False),
        pytest.raises(ValidationError, match="Fristen gikk ut 1. juni 2026 kl. 12.00"),
    ):
        submission.application_submit(application=application, by=user)
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert application.title


def test_exactly_at_the_deadline_is_too_late():
    closes = dt.datetime(2026, 6, 1, 12, 0, tzinfo=OSLO)
    application, user = _draft_closing_at(closes)
    with (
        time_machine.travel(closes, tick=False),
        pytest.raises(ValidationError, match="Fristen"),
    ):
        submission.application_submit(application=application, by=user)


@pytest.mark.parametrize(
    ("utc_time", "in_time"),
    [
        # Summer time starts 29 March 2026 at 02:00: 12:00 in Oslo is 10:00 UTC that day.
        (dt.datetime(2026, 3, 29, 9, 59, 59, tzinfo=dt.UTC), True),
        (dt.datetime(2026, 3, 29, 10, 0, 1, tzinfo=dt.UTC), False),
        # 11:00 UTC would still be before noon if the winter offset were (wrongly) used.
        (dt.datetime(2026, 3, 29, 10, 59, 0, tzinfo=dt.UTC), False),
    ],
)
def test_deadline_on_the_day_summer_time_starts(utc_time, in_time):
    closes = dt.datetime(2026, 3, 29, 12, 0, tzinfo=OSLO)
    application, user = _draft_closing_at(closes)
    with time_machine.travel(utc_time, tick=False):
        if in_time:
            submission.application_submit(application=application, by=user)
        else:
            with pytest.raises(ValidationError, match="Fristen"):
                submission.application_submit(application=application, by=user)


@pytest.mark.parametrize(
    ("utc_time", "in_time"),
    [
        # Summer time ends 25 October 2026 at 03:00: 12:00 in Oslo is 11:00 UTC that day.
        (dt.datetime(2026, 10, 25, 10, 59, 59, tzinfo=dt.UTC), True),
        (dt.datetime(2026, 10, 25, 11, 0, 1, tzinfo=dt.UTC), False),
    ],
)
def test_deadline_on_the_day_summer_time_ends(utc_time, in_time):
    closes = dt.datetime(2026, 10, 25, 12, 0, tzinfo=OSLO)
    application, user = _draft_closing_at(closes)
    with time_machine.travel(utc_time, tick=False):
        if in_time:
            submission.application_submit(application=application, by=user)
        else:
            with pytest.raises(ValidationError, match="Fristen"):
                submission.application_submit(application=application, by=user)


def test_withdrawing_after_the_deadline_is_refused():
    closes = dt.datetime(2026, 6, 1, 12, 0, tzinfo=OSLO)
    application, user = _draft_closing_at(closes)
    with time_machine.travel(closes - dt.timedelta(minutes=5), tick=False):
        submission.application_submit(application=application, by=user)
    with (
        time_machine.travel(closes + dt.timedelta(seconds=1), tick=False),
        pytest.raises(ValidationError, match="Fristen har gått ut"),
    ):
        submission.application_withdraw(application=application, by=user)


def test_the_submit_page_refuses_a_late_submission_with_a_message(client):
    closes = dt.datetime(2026, 6, 1, 12, 0, tzinfo=OSLO)
    application, user = _draft_closing_at(closes)
    client.force_login(user)
    with time_machine.travel(closes + dt.timedelta(seconds=1), tick=False):
        response = client.post(f"/my/applications/{application.pk}/submit/", follow=True)
    assert response.status_code == 200
    assert "Fristen gikk ut" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
