"""The appeal deadline: three weeks from the day the e-mail notice of the letter was sent, to the
end of that day in Oslo, across summer time; no deadline before the notice has gone."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from awards.appeals.rules import appeal_is_late, letter_appeal_deadline
from awards.letters.texts import appeal_deadline_at
from awards.models import Letter

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")
END = dt.time(23, 59, 59, 999999)


def _at(*args):
    return dt.datetime(*args, tzinfo=OSLO)


def test_the_deadline_is_the_end_of_the_day_three_weeks_after_the_notice():
    deadline = appeal_deadline_at(notified_at=_at(2026, 5, 4, 10, 15))
    local = deadline.astimezone(OSLO)
    assert local.date() == dt.date(2026, 5, 25)
    assert local.time() == END


def test_an_appeal_in_the_last_minute_is_in_time_and_one_a_minute_later_is_late(rejected):
    Letter.objects.filter(pk=rejected.pk).update(delivered_at=_at(2026, 5, 4, 10, 15))
    rejected.refresh_from_db()
    assert not appeal_is_late(letter=rejected, at=_at(2026, 5, 25, 23, 59))
    assert not appeal_is_late(letter=rejected, at=_at(2026, 5, 25, 23, 59, 59))
    assert appeal_is_late(letter=rejected, at=_at(2026, 5, 26, 0, 0))


def test_a_notice_late_in_the_evening_counts_by_the_day_in_oslo_not_in_utc():
    # 00:30 in Oslo on 5 May is still 4 May in UTC: the day in Oslo counts.
    after_midnight = _at(2026, 5, 5, 0, 30)
    assert after_midnight.astimezone(dt.UTC).date() == dt.date(2026, 5, 4)
    deadline = appeal_deadline_at(notified_at=after_midnight)
    assert deadline.astimezone(OSLO).date() == dt.date(2026, 5, 26)


def test_the_deadline_keeps_its_day_when_summer_time_begins_in_between():
    # Notice in winter time (CET, +01:00); summer time begins on 29 March 2026.
    deadline = appeal_deadline_at(notified_at=_at(2026, 3, 20, 9, 0))
    local = deadline.astimezone(OSLO)
    assert local.date() == dt.date(2026, 4, 10)
    assert local.time() == END
    assert local.utcoffset() == dt.timedelta(hours=2)


def test_the_deadline_keeps_its_day_when_summer_time_ends_in_between():
    # Notice in summer time (CEST, +02:00); winter time begins on 25 October 2026.
    deadline = appeal_deadline_at(notified_at=_at(2026, 10, 15, 9, 0))
    local = deadline.astimezone(OSLO)
    assert local.date() == dt.date(2026, 11, 5)
    assert local.time() == END
    assert local.utcoffset() == dt.timedelta(hours=1)


def test_a_notice_sent_on_the_night_summer_time_begins_counts_from_that_day():
    deadline = appeal_deadline_at(notified_at=_at(2026, 3, 29, 3, 30))
    assert deadline.astimezone(OSLO).date() == dt.date(2026, 4, 19)


def test_a_letter_whose_notice_has_not_gone_has_no_deadline_yet(rejected):
    Letter.objects.filter(pk=rejected.pk).update(
        delivered_at=None, delivery_status=Letter.Delivery.QUEUED
    )
    rejected.refresh_from_db()
    assert letter_appeal_deadline(rejected) is None
    assert not appeal_is_late(letter=rejected, at=timezone.now() + dt.timedelta(days=365))


def test_an_invitation_has_no_appeal_deadline(rejected):
    Letter.objects.filter(pk=rejected.pk).update(kind="invitation")
    rejected.refresh_from_db()
    assert letter_appeal_deadline(rejected) is None


def test_delivery_dates_the_letters_deadline_from_the_day_the_notice_went(rejected):
    notified_on = timezone.localdate(rejected.delivered_at)
    assert rejected.appeal_deadline == notified_on + dt.timedelta(weeks=3)


def test_a_notice_that_went_days_after_the_letter_moves_the_deadline(
    adviser, rejected, committed, settings, monkeypatch
):
    from awards.letters import delivery

    Letter.objects.filter(pk=rejected.pk).update(
        delivery_status=Letter.Delivery.FAILED, delivered_at=None
    )
    later = _at(2026, 12, 20, 12, 0)
    monkeypatch.setattr(delivery.timezone, "now", lambda: later)
    delivery.letter_deliver.call(letter_id=rejected.pk)
    rejected.refresh_from_db()
    assert rejected.delivered_at == later
    assert rejected.appeal_deadline == dt.date(2027, 1, 10)


def test_the_letter_page_shows_the_deadline_and_the_moment_it_runs_from(
    rejected, admin_member, client
):
    client.force_login(admin_member)
    html = client.get(rejected.get_absolute_url()).content.decode()
    assert "Klagefristen er" in html
    assert "tre uker fra varselet om brevet ble sendt på e-post" in html
    assert f"/my/appeals/new/{rejected.application_id}/" in html


def test_the_letter_page_says_the_deadline_waits_for_the_notice(rejected, admin_member, client):
    Letter.objects.filter(pk=rejected.pk).update(delivered_at=None)
    client.force_login(admin_member)
    html = client.get(rejected.get_absolute_url()).content.decode()
    assert "Klagefristen begynner å løpe når varselet om brevet er sendt på e-post." in html
