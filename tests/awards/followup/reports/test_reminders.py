"""Report reminders: at 14 and 3 days before the due date and once overdue, each once, to the
organisation's administrators and editors; sent or approved reports are left alone."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from awards.followup.reports import services
from awards.followup.reports.reminders import reminder_kind, report_reminders_send
from awards.models import Report, ReportReminder
from calls.schedule import JOBS, job_run

from .conftest import fill

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=OSLO)


def test_which_reminder_is_due():
    due = dt.date(2027, 9, 29)
    days = (14, 3)
    assert reminder_kind(due_on=due, today=due - dt.timedelta(days=15), days=days) is None
    assert reminder_kind(due_on=due, today=due - dt.timedelta(days=14), days=days) == "before-14"
    assert reminder_kind(due_on=due, today=due - dt.timedelta(days=4), days=days) == "before-14"
    assert reminder_kind(due_on=due, today=due - dt.timedelta(days=3), days=days) == "before-3"
    assert reminder_kind(due_on=due, today=due, days=days) == "before-3"
    assert reminder_kind(due_on=due, today=due + dt.timedelta(days=1), days=days) == "overdue"


def test_each_reminder_goes_once_to_administrators_and_editors(
    final, progress, org_editor, org_reader, committed
):
    progress.delete()  # one report, so the counts below are about it
    due = final.due_on
    for days_before, expected in ((20, 0), (14, 1), (13, 0), (3, 1), (2, 0), (-1, 1), (-9, 0)):
        moment = _at(due - dt.timedelta(days=days_before))
        with time_machine.travel(moment, tick=False), committed():
            assert report_reminders_send() == f"{expected} report reminders", days_before
    kinds = set(ReportReminder.objects.filter(report=final).values_list("kind", flat=True))
    assert kinds == {"before-14", "before-3", "overdue"}
    assert len(mail.outbox) == 3
    assert sorted(mail.outbox[0].to) == ["leder@skole.no", "skriver@skole.no"]
    assert "leser@skole.no" not in sum((m.to for m in mail.outbox), [])
    assert "Påminnelse: sluttrapport" in mail.outbox[0].subject
    assert "gikk ut" in mail.outbox[-1].subject
    assert f"/my/reports/{final.pk}/" in mail.outbox[-1].body


def test_the_reminder_days_are_a_setting(final, progress, settings, committed):
    progress.delete()
    settings.UTLYSNING_REPORT_REMINDER_DAYS = (30,)
    with committed():
        assert report_reminders_send(now=_at(final.due_on - dt.timedelta(days=30))) == (
            "1 report reminders"
        )
        assert report_reminders_send(now=_at(final.due_on - dt.timedelta(days=3))) == (
            "0 report reminders"
        )
    assert ReportReminder.objects.get().kind == "before-30"


def test_a_sent_report_is_not_reminded_of(final, progress, org_admin, committed):
    progress.delete()
    services.report_submit(report=fill(final, by=org_admin), by=org_admin)
    with committed():
        assert report_reminders_send(now=_at(final.due_on + dt.timedelta(days=5))) == (
            "0 report reminders"
        )
    assert not mail.outbox


def test_a_report_sent_back_after_its_due_date_is_overdue(final, progress, org_admin, adviser):
    progress.delete()
    report = services.report_submit(report=fill(final, by=org_admin), by=org_admin)
    services.report_return(report=report, by=adviser, comment="Rett tallene.")
    assert report_reminders_send(now=_at(final.due_on + dt.timedelta(days=2))) == (
        "1 report reminders"
    )
    assert Report.objects.get(pk=final.pk).reminders.get().kind == "overdue"


def test_the_reminder_job_is_registered_and_runs_through_the_scheduler(final):
    assert "report_reminders" in JOBS
    assert job_run(name="report_reminders", force=True) == "0 report reminders"
