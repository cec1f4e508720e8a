"""Awards whose offer letter went out before grants existed get their grant, offered when the
letter was sent. Their deadline follows the call's acceptance weeks; the lapse job then lets the
old unanswered ones fall away as it does any other."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations


def create_grants(apps, schema_editor):
    Award = apps.get_model("awards", "Award")
    Grant = apps.get_model("awards", "Grant")
    Letter = apps.get_model("awards", "Letter")
    zone = ZoneInfo(settings.TIME_ZONE)
    offers = (
        Letter.objects.filter(kind="offer", application__award__isnull=False)
        .order_by("application_id", "sent_at")
        .values_list("application_id", "sent_at")
    )
    first_sent = {}
    for application_id, sent_at in offers:
        first_sent.setdefault(application_id, sent_at)
    awards = Award.objects.filter(application_id__in=first_sent, grant__isnull=True).select_related(
        "application__call"
    )
    for award in awards:
        sent_at = first_sent[award.application_id]
        last_day = sent_at.astimezone(zone).date() + dt.timedelta(
            weeks=award.application.call.acceptance_weeks, days=1
        )
        accept_by = dt.datetime.combine(last_day, dt.time.min, tzinfo=zone) - dt.timedelta(
            microseconds=1
        )
        Grant.objects.create(award=award, offered_at=sent_at, accept_by=accept_by)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0014_grant"),
        ("calls", "0006_call_acceptance_weeks"),
    ]

    operations = [migrations.RunPython(create_grants, migrations.RunPython.noop)]
