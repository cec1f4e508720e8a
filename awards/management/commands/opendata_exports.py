from django.core.management.base import BaseCommand

from awards.public.exports import FORMATS, export_regenerate


class Command(BaseCommand):
    help = (
        "Make the stored files of the full open-data exports (CSV and 360Giving JSON) for the "
        "current public data now, in this process; a file that is already current is kept."
    )

    def handle(self, *args, **options):
        for format in FORMATS:
            row = export_regenerate(format=format)
            self.stdout.write(
                f"{format}: {row.size} bytes, data version {row.data_version:x}, "
                f"made {row.generated_at:%Y-%m-%d %H:%M:%S %Z}"
            )
