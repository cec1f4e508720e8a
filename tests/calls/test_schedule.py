"""The scheduler: a job runs once per period however often it is queued, not at all while
another worker holds it, and ``manage.py schedule`` lists what runs when."""

import datetime as dt
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from calls.schedule import JOBS, JobRun, ScheduledJob, job_run, jobs_due, register

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def counted():
    runs = []

    def run(*, now):
        runs.append(now)
        return f"run {len(runs)}"

    register(ScheduledJob(name="test_counted", every=dt.timedelta(hours=1), run=run))
    yield runs
    JOBS.pop("test_counted")


def test_running_a_job_twice_in_its_period_runs_it_once(counted):
    assert job_run(name="test_counted", now=NOW) == "run 1"
    assert job_run(name="test_counted", now=NOW + dt.timedelta(minutes=59)) is None
    assert job_run(name="test_counted", now=NOW + dt.timedelta(hours=1)) == "run 2"
    run = JobRun.objects.get(name="test_counted")
    assert (run.runs, run.last_result) == (2, "run 2")


def test_only_jobs_whose_time_has_come_are_due(counted):
    assert "test_counted" in [job.name for job in jobs_due(now=NOW)]
    job_run(name="test_counted", now=NOW)
    assert "test_counted" not in [job.name for job in jobs_due(now=NOW)]


def test_a_failing_job_records_its_error_and_stays_due():
    def fail(*, now):
        raise RuntimeError("mail server away")

    register(ScheduledJob(name="test_failing", every=dt.timedelta(hours=1), run=fail))
    try:
        with pytest.raises(RuntimeError):
            job_run(name="test_failing", now=NOW)
        assert "mail server away" in JobRun.objects.get(name="test_failing").last_error
        assert "test_failing" in [job.name for job in jobs_due(now=NOW)]
    finally:
        JOBS.pop("test_failing")


@pytest.mark.django_db(transaction=True)
def test_a_job_held_by_another_worker_is_skipped(counted):
    JobRun.objects.create(name="test_counted")
    held, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                JobRun.objects.select_for_update().get(name="test_counted")
                held.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert held.wait(10)
        assert job_run(name="test_counted", now=NOW) is None
    finally:
        release.set()
        thread.join()
    assert counted == []
    assert job_run(name="test_counted", now=NOW) == "run 1"


def test_the_listing_names_each_job_how_often_and_when(counted):
    out = io.StringIO()
    call_command("schedule", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split()[:4] == ["job", "every", "last", "run"]
    [counted_line] = [line for line in lines if line.startswith("test_counted")]
    assert counted_line.split()[1:4] == ["1", "h", "-"]
    assert "now" in counted_line
    assert any(line.startswith("deadline_reminders") for line in lines)

    job_run(name="test_counted", now=NOW)
    out = io.StringIO()
    call_command("schedule", stdout=out)
    [counted_line] = [line for line in out.getvalue().splitlines() if "test_counted" in line]
    assert "2026-06-01 12:00" in counted_line  # last run, Oslo time
    assert "2026-06-01 13:00" in counted_line  # next run
    assert counted_line.endswith("run 1")


def test_one_scheduler_tick_queues_and_runs_the_due_jobs(counted):
    out = io.StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    assert "test_counted" in out.getvalue()
    assert len(counted) == 1
    assert JobRun.objects.get(name="test_counted").runs == 1
