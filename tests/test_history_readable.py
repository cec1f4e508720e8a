"""History pages show choice labels, amounts in kroner, dates in words, and "–" for nothing."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from applications.models import Application
from tests.factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


def _changes(html):
    start = html.index('id="change-history"')
    return html[start : html.index("</table>", start)].replace("\u00a0", " ")


def test_an_application_history_reads_as_words_and_kroner(admin_client):
    application = ApplicationFactory(requested_amount=1_500_000)
    application.status = Application.Status.SUBMITTED
    application.requested_amount = 1_000_000
    application.submitted_at = dt.datetime(2026, 3, 1, 10, 0, tzinfo=OSLO)
    application.save()
    html = _changes(
        admin_client.get(
            f"/admin/applications/application/{application.pk}/history/"
        ).content.decode()
    )
    assert "Sendt" in html or "sendt" in html
    assert "submitted" not in html
    assert "1 500 000 kr" in html and "1 000 000 kr" in html
    assert "1500000" not in html
    assert "None" not in html
    assert "–" in html
    assert "2026" in html and "1. mars 2026" in html


def test_a_call_history_shows_its_budget_in_kroner(admin_client):
    call = CallFactory(budget=10_000_000)
    call.budget = 12_000_000
    call.save()
    html = _changes(admin_client.get(f"/admin/calls/call/{call.pk}/history/").content.decode())
    assert "10 000 000 kr" in html and "12 000 000 kr" in html
