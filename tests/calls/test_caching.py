"""The public call pages are cached for visitors and never show a stale call or status."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from calls.context_processors import CSRF_PLACEHOLDER
from tests.factories import CallFactory, UserFactory

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")
NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=OSLO)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _open_call(**kwargs):
    return CallFactory(
        opens_at=NOW - dt.timedelta(days=7), closes_at=NOW + dt.timedelta(days=30), **kwargs
    )


@pytest.mark.parametrize("url", ["/", "/calls/", "/calls/apen/"])
def test_a_second_visit_is_served_from_the_cache(client, clock, url):
    _open_call(slug="apen")
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert second.status_code == 200
    assert len(queries) < 3  # the data version only
    assert second.content.decode().count("<h1") == 1
    assert "Utlysning nummer" in second.content.decode()
    assert first.status_code == 200


def test_a_changed_call_shows_at_once(client, clock, committed):
    call = _open_call(title="Gammel tittel")
    assert "Gammel tittel" in client.get("/calls/").content.decode()
    with committed():
        call.title = "Ny tittel"
        call.save()
    html = client.get("/calls/").content.decode()
    assert "Ny tittel" in html
    assert "Gammel tittel" not in html


def test_a_call_opens_on_time_although_the_page_was_cached_before(client, clock):
    opens = NOW + dt.timedelta(seconds=30)
    CallFactory(title="Snart åpen", opens_at=opens, closes_at=opens + dt.timedelta(days=30))
    html = client.get("/").content.decode()
    assert html.index("Snart åpen") > html.index("Kommende utlysninger")
    clock.move_to(opens + dt.timedelta(seconds=1))
    html = client.get("/").content.decode()
    assert html.index("Snart åpen") < html.index("Kommende utlysninger")


def test_a_call_closes_on_time_although_its_page_was_cached_before(client, clock):
    closes = NOW + dt.timedelta(seconds=5)
    call = CallFactory(slug="stenger", opens_at=NOW - dt.timedelta(days=1), closes_at=closes)
    assert "Åpen" in client.get(f"/calls/{call.slug}/").content.decode()
    clock.move_to(closes + dt.timedelta(seconds=1))
    assert "Stengt" in client.get(f"/calls/{call.slug}/").content.decode()


def test_cached_pages_set_no_cookie_and_the_language_switcher_works(clock):
    _open_call()
    Client().get("/")  # someone else fills the cache
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get("/")
    html = response.content.decode()
    assert CSRF_PLACEHOLDER not in html
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies
    switched = visitor.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert switched.status_code == 302
    assert "Calls for grants" in visitor.get("/").content.decode()


def test_the_languages_are_cached_apart(client, clock):
    _open_call()
    assert "Åpne utlysninger" in client.get("/").content.decode()
    client.cookies["utlysning_language"] = "en"
    assert "Open calls" in client.get("/").content.decode()


def test_logged_in_people_get_their_own_page(client, clock):
    _open_call()
    client.get("/")
    user = UserFactory(email="leder@klynge.example")
    client.force_login(user)
    assert "leder@klynge.example" in client.get("/").content.decode()


def test_an_unknown_call_is_not_cached_as_a_page_and_its_404_switcher_works(clock):
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get("/calls/finnes-ikke/")
    assert response.status_code == 404
    html = response.content.decode()
    assert CSRF_PLACEHOLDER not in html
