from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from calls.regions import DATA_DIR, regions_load


class Command(BaseCommand):
    help = (
        "Load or update counties, municipalities and district-policy zones from the data files "
        "(calls/data/regions/). Idempotent; never deletes a row."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            type=Path,
            default=DATA_DIR,
            help="a folder with counties.csv, municipalities.csv and district_policy_zones.csv",
        )

    def handle(self, *args, directory: Path, **options):
        try:
            result = regions_load(directory=directory)
        except (ValidationError, FileNotFoundError) as error:
            raise CommandError("; ".join(getattr(error, "messages", [str(error)]))) from None
        for line in result.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Regions loaded."))
