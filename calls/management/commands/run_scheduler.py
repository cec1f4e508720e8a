"""``manage.py run_scheduler``: every tick, queue the scheduled jobs that are due for the worker.

Run one next to the workers (two do no harm: a job runs once per period whatever queues it).
``--once`` queues what is due and exits, for a cron line or a test.
"""

from __future__ import annotations

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from calls.schedule import jobs_enqueue_due


class Command(BaseCommand):
    help = "Queue the scheduled jobs that are due, every --interval seconds (manage.py schedule)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60.0, help="seconds between ticks")
        parser.add_argument("--once", action="store_true", help="one tick, then exit")

    def handle(self, *args, interval: float, once: bool, **options):
        self.running = True

        def stop(signum, frame):
            self.running = False

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        while self.running:
            try:
                names = jobs_enqueue_due()
            except Exception as error:  # the database may be restarting: try at the next tick
                self.stderr.write(f"Could not queue the due jobs: {error}")
                names = []
            if names:
                self.stdout.write(f"Queued: {', '.join(names)}")
            if once:
                return
            slept = 0.0
            while self.running and slept < interval:
                time.sleep(min(1.0, interval - slept))
                slept += 1.0
            close_old_connections()  # drop a connection the database closed while we slept
