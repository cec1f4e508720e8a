"""The data migration that tells applications which outcomes were announced before the field."""

import datetime as dt
import importlib
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps

from applications.models import Application
from awards.models import Decision, Letter
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
migration = importlib.import_module("awards.migrations.0007_fill_outcome_announced_at")


def _letter(application, sent_at):
    adviser = UserFactory(is_staff=True)
    decision, _ = Decision.objects.get_or_create(
        application=application,
        defaults={"outcome": "award", "amount": 1, "decided_by": adviser, "decided_at": sent_at},
    )
    return Letter.objects.create(
        application=application,
        decision=decision,
        kind="offer",
        subject="Tilsagn",
        body="Dere får tilskudd.",
        appeal_deadline=sent_at.date(),
        sent_at=sent_at,
        sent_by=adviser,
    )


def test_an_application_with_letters_is_announced_at_its_latest_letter():
    application = ApplicationFactory(status=Application.Status.AWARDED)
    _letter(application, dt.datetime(2026, 5, 4, 10, 0, tzinfo=OSLO))
    _letter(application, dt.datetime(2026, 6, 1, 9, 0, tzinfo=OSLO))
    waiting = ApplicationFactory(status=Application.Status.AWARDED)
    migration.fill(apps, None)
    application.refresh_from_db()
    waiting.refresh_from_db()
    assert application.outcome_announced_at == dt.datetime(2026, 6, 1, 9, 0, tzinfo=OSLO)
    assert application.applicant_status == Application.Status.AWARDED
    assert waiting.outcome_announced_at is None
    assert waiting.applicant_status == Application.Status.UNDER_REVIEW


def test_an_announcement_already_recorded_is_kept():
    recorded = dt.datetime(2026, 5, 4, 10, 0, tzinfo=OSLO)
    application = ApplicationFactory(
        status=Application.Status.REJECTED, outcome_announced_at=recorded
    )
    _letter(application, dt.datetime(2026, 6, 1, 9, 0, tzinfo=OSLO))
    migration.fill(apps, None)
    application.refresh_from_db()
    assert application.outcome_announced_at == recorded
