from django.core.management.base import BaseCommand
from django.db import connection

from awards.demo.bench import create_bench_awards


class Command(BaseCommand):
    help = "Replace the generated benchmark data with N published awards (bulk inserts)."

    def add_arguments(self, parser):
        parser.add_argument("--awards", type=int, default=10_000)

    def handle(self, *args, awards, **options):
        create_bench_awards(awards=awards)
        # Fresh statistics, as autovacuum would give a live database soon after a bulk load:
        # without them the planner takes the new tables for empty and the timings measure that.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(f"{awards} published awards generated.")
