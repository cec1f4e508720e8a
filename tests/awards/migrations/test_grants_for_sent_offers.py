"""The data migration that gives awards with a sent offer letter their grant."""

import datetime as dt
import importlib
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps

from awards.models import Grant, Letter
from tests.factories import AwardFactory, UserFactory

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
migration = importlib.import_module("awards.migrations.0015_grants_for_sent_offers")


def _offer_letter(award, sent_at):
    return Letter.objects.create(
        application=award.application,
        decision=award.application.decision,
        kind="offer",
        subject="Tilbud om tilskudd",
        body="Dere får tilskudd.",
        sent_at=sent_at,
        sent_by=UserFactory(is_staff=True),
    )


def test_an_award_with_a_sent_offer_gets_a_grant_from_its_first_letter():
    award = AwardFactory()
    _offer_letter(award, dt.datetime(2026, 5, 4, 10, 0, tzinfo=OSLO))
    _offer_letter(award, dt.datetime(2026, 6, 1, 9, 0, tzinfo=OSLO))
    without_letter = AwardFactory()
    migration.create_grants(apps, None)
    grant = Grant.objects.get()
    assert grant.award == award
    assert grant.state == Grant.State.OFFERED
    assert grant.offered_at == dt.datetime(2026, 5, 4, 10, 0, tzinfo=OSLO)
    assert grant.accept_by == dt.datetime(2026, 6, 1, 23, 59, 59, 999999, tzinfo=OSLO)
    assert not Grant.objects.filter(award=without_letter).exists()
    migration.create_grants(apps, None)  # run again: nothing new
    assert Grant.objects.count() == 1
