"""Deadline reminders: 7 days and 1 day before, to administrators and editors of organisations
with an unsent draft, once each however often the job runs."""

import datetime as dt

import pytest
from django.core import mail

from applications.applying.reminders import deadline_reminders_send
from applications.models import Application, DeadlineReminder, Membership
from calls.schedule import JOBS
from tests.factories import ApplicationFactory, CallFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
OPENS = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)
CLOSES = dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def draft():
    call = CallFactory(title="Regionale næringsmiljø", opens_at=OPENS, closes_at=CLOSES)
    draft = ApplicationFactory(call=call, status=Application.Status.DRAFT, title="Klyngeløft")
    for role, email in [("admin", "leder@klynge.no"), ("editor", "skriver@klynge.no")]:
        MembershipFactory(organisation=draft.organisation, role=role, user=UserFactory(email=email))
    MembershipFactory(
        organisation=draft.organisation,
        role=Membership.Role.READER,
        user=UserFactory(email="leser@klynge.no"),
    )
    return draft


def _run(now, committed):
    with committed():
        return deadline_reminders_send(now=now)


def test_a_week_before_the_deadline_the_writers_are_reminded_once(draft, committed):
    week_before = CLOSES - dt.timedelta(days=6, hours=23)
    assert _run(week_before, committed) == "1 reminders"
    assert _run(week_before + dt.timedelta(hours=1), committed) == "0 reminders"
    [message] = mail.outbox
    assert message.to == ["leder@klynge.no", "skriver@klynge.no"]
    assert "Regionale næringsmiljø" in message.subject
    assert "«Klyngeløft»" in message.body
    assert f"/my/applications/{draft.pk}/" in message.body
    assert DeadlineReminder.objects.get().days_before == 7


def test_the_last_day_brings_a_second_reminder(draft, committed):
    _run(CLOSES - dt.timedelta(days=6), committed)
    _run(CLOSES - dt.timedelta(hours=20), committed)
    _run(CLOSES - dt.timedelta(hours=2), committed)
    assert len(mail.outbox) == 2
    assert sorted(DeadlineReminder.objects.values_list("days_before", flat=True)) == [1, 7]


def test_nobody_is_reminded_early_late_or_about_a_sent_application(draft, committed):
    assert _run(CLOSES - dt.timedelta(days=8), committed) == "0 reminders"
    assert _run(CLOSES + dt.timedelta(minutes=1), committed) == "0 reminders"
    Application.objects.filter(pk=draft.pk).update(status=Application.Status.SUBMITTED)
    assert _run(CLOSES - dt.timedelta(days=1), committed) == "0 reminders"
    assert mail.outbox == []


def test_the_reminders_are_a_scheduled_job():
    job = JOBS["deadline_reminders"]
    assert job.every == dt.timedelta(hours=1)
    assert job.run is deadline_reminders_send
