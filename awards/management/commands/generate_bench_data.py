from django.core.management.base import BaseCommand

from awards.demo.bench import create_bench_awards


class Command(BaseCommand):
    help = "Replace the generated benchmark data with N published awards (bulk inserts)."

    def add_arguments(self, parser):
        parser.add_argument("--awards", type=int, default=10_000)

    def handle(self, *args, awards, **options):
        create_bench_awards(awards=awards)
        self.stdout.write(f"{awards} published awards generated.")
