"""Make the fortunes table with TechEmpower's twelve rows: ``python -m bench.fortunes.setup``."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.fortunes.settings"

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from bench.fortunes.models import Fortune  # noqa: E402

MESSAGES = [
    "fortune: No such file or directory",
    "A computer scientist is someone who fixes things that aren't broken.",
    "After enough decimal places, nobody gives a damn.",
    "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1",
    "A computer program does what you tell it to do, not what you want it to do.",
    "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen",
    "Any program that runs right is obsolete.",
    "A list is only as strong as its weakest link. — Donald Knuth",
    "Feature: A bug with seniority.",
    "Computers make very fast, very accurate mistakes.",
    '<script>alert("This should not be displayed in a browser alert box.");</script>',
    "フレームワークのベンチマーク",
]


@transaction.atomic
def main() -> None:
    with connection.schema_editor() as editor:
        if Fortune._meta.db_table not in connection.introspection.table_names():
            editor.create_model(Fortune)
    Fortune.objects.all().delete()
    Fortune.objects.bulk_create(
        Fortune(id=number, message=message) for number, message in enumerate(MESSAGES, 1)
    )


if __name__ == "__main__":
    main()
