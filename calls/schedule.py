"""Work that runs by the clock: a registry of jobs, and a record of when each one last ran.

django-tasks has no clock of its own. ``manage.py run_scheduler`` looks at the registry every
minute and queues ``scheduled_job_run`` for each job that is due; a worker runs it. The task
takes the job's row with ``SELECT … FOR UPDATE SKIP LOCKED`` and checks again that the job is
due, so two schedulers (or a job queued twice) run it once. A job that fails rolls back what it
did, e-mails queued by it included, and is tried again at the next tick.

Apps register their jobs from ``AppConfig.ready()`` with ``register(ScheduledJob(...))``: this
app is the lowest, so higher apps bring their own (deadline reminders from applications; the
follow-up work brings lapsing offers and report reminders).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScheduledJob:
    """``run(now=…)`` does the work and returns a short summary; it must be safe to repeat."""

    name: str
    every: dt.timedelta
    run: Callable[..., str]
    description: str = ""


JOBS: dict[str, ScheduledJob] = {}


def register(job: ScheduledJob) -> None:
    JOBS[job.name] = job  # registering a name again replaces it (ready() may run twice)


def scheduled_jobs() -> list[ScheduledJob]:
    return sorted(JOBS.values(), key=lambda job: job.name)


class JobRun(models.Model):
    """When a scheduled job last ran, and how it went. One row per job, locked while it runs."""

    name = models.CharField(_("jobb"), max_length=100, unique=True)
    last_started_at = models.DateTimeField(_("sist startet"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("sist fullført"), null=True, blank=True)
    last_result = models.TextField(_("siste resultat"), blank=True)
    last_error = models.TextField(_("siste feil"), blank=True)
    runs = models.PositiveIntegerField(_("kjøringer"), default=0)

    class Meta:
        verbose_name = _("planlagt jobb")
        verbose_name_plural = _("planlagte jobber")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def job_next_run(*, job: ScheduledJob, run: JobRun | None) -> dt.datetime | None:
    """When the job is due next; ``None`` means now (it never finished)."""
    if run is None or run.last_finished_at is None:
        return None
    return run.last_finished_at + job.every


def jobs_due(*, now: dt.datetime | None = None) -> list[ScheduledJob]:
    now = now or timezone.now()
    runs = {run.name: run for run in JobRun.objects.filter(name__in=JOBS)}
    due = []
    for job in scheduled_jobs():
        next_run = job_next_run(job=job, run=runs.get(job.name))
        if next_run is None or next_run <= now:
            due.append(job)
    return due


def _job_row(name: str) -> None:
    if JobRun.objects.filter(name=name).exists():
        return
    try:
        with transaction.atomic():
            JobRun.objects.create(name=name)
    except IntegrityError:  # another scheduler made it first
        pass


def job_run(*, name: str, now: dt.datetime | None = None, force: bool = False) -> str | None:
    """Run the job if it is due and nobody else is running it; returns its summary, or None
    when it was skipped."""
    job = JOBS.get(name)
    if job is None:
        raise LookupError(f"No scheduled job named {name!r}")
    _job_row(name)
    now = now or timezone.now()
    try:
        with transaction.atomic():
            run = JobRun.objects.select_for_update(skip_locked=True).filter(name=name).first()
            if run is None:
                return None  # running elsewhere right now
            next_run = job_next_run(job=job, run=run)
            if not force and next_run is not None and next_run > now:
                return None
            run.last_started_at = timezone.now()
            summary = str(job.run(now=now) or "")
            run.last_finished_at = now
            run.last_result = summary
            run.last_error = ""
            run.runs += 1
            run.save()
    except Exception as error:
        logger.exception("Scheduled job %s failed", name)
        JobRun.objects.filter(name=name).update(
            last_started_at=timezone.now(), last_error=f"{type(error).__name__}: {error}"[:1000]
        )
        raise
    logger.info("Scheduled job %s: %s", name, summary)
    return summary


@task()
def scheduled_job_run(*, name: str) -> str | None:
    return job_run(name=name)


def jobs_enqueue_due(*, now: dt.datetime | None = None) -> list[str]:
    """Queue every job that is due for the worker; returns their names."""
    names = [job.name for job in jobs_due(now=now)]
    for name in names:
        scheduled_job_run.enqueue(name=name)
    return names
