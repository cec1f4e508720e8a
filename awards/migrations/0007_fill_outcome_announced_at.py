"""Applications whose decision letter was already sent have their outcome announced.

``applications`` keeps the moment the applicant was told (``outcome_announced_at``) instead of
reading awards' letters; this fills it for letters sent before the field existed, with the time of
the latest letter. It lives here because it reads awards' letters and awards depends on
applications, not the other way round.
"""

from django.db import migrations
from django.db.models import F, OuterRef, Subquery


def fill(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    Letter = apps.get_model("awards", "Letter")
    latest = Letter.objects.filter(application=OuterRef("pk")).order_by("-sent_at")
    Application.objects.filter(
        outcome_announced_at__isnull=True, pk__in=Letter.objects.values("application_id")
    ).update(outcome_announced_at=Subquery(latest.values("sent_at")[:1]))
    # What was announced is the outcome the application holds (the letter of that outcome).
    Application.objects.filter(
        outcome_announced_at__isnull=False,
        announced_status="",
        status__in=["invited", "awarded", "rejected"],
    ).update(announced_status=F("status"))


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0005_application_announced_status"),
        ("awards", "0006_award_amount_from_decision"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
