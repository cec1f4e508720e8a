import json

from django.core.management.base import BaseCommand

from awards.demo.burst import create_burst_applicants


class Command(BaseCommand):
    help = (
        "Replace the generated deadline-burst data with N applicants, each with a complete draft "
        "to an open call and a logged-in session; writes their session keys and applications "
        "as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("--applicants", type=int, default=300)
        parser.add_argument("--out", help="file for the JSON (standard output without it)")

    def handle(self, *args, applicants, out, **options):
        text = json.dumps(create_burst_applicants(applicants=applicants))
        if out:
            with open(out, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(f"{applicants} applicants with complete drafts generated.")
        else:
            self.stdout.write(text)
