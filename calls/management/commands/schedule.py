"""``manage.py schedule``: what runs by the clock, how often, when it last ran and runs next."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from calls.schedule import JobRun, job_next_run, scheduled_jobs


def _every(delta) -> str:
    seconds = int(delta.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds % size == 0:
            return f"{seconds // size} {unit}"
    return f"{seconds} s"


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "-"


class Command(BaseCommand):
    help = "List the scheduled jobs: how often, when each last ran and when it runs next."

    def handle(self, *args, **options):
        runs = {run.name: run for run in JobRun.objects.all()}
        rows = [("job", "every", "last run", "next run", "last result")]
        for job in scheduled_jobs():
            run = runs.get(job.name)
            next_run = job_next_run(job=job, run=run)
            last = run.last_finished_at if run else None
            result = (
                (run.last_error and f"FAILED {run.last_error}") or run.last_result if run else ""
            )
            rows.append(
                (
                    job.name,
                    _every(job.every),
                    _when(last),
                    _when(next_run) if next_run else "now",
                    result,
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)]
            self.stdout.write("  ".join([*cells, row[4]]).rstrip())
        if len(rows) == 1:
            self.stdout.write("No scheduled jobs.")
