import datetime as dt
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from awards.demo.load import load_demo
from calls.models import Call
from tests.factories import AwardFactory, CallFactory, CriterionFactory
from tests.html import count_tags

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")
NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=OSLO)
NBSP = "\u00a0"


@pytest.fixture
def demo():
    with time_machine.travel(NOW, tick=False):
        load_demo(now=NOW)
    with time_machine.travel(NOW, tick=True):
        yield


def test_home_shows_open_calls_with_a_deadline_people_read(client, demo):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    call = Call.objects.get(slug="kompetanseutvikling-ny-utlysning")
    assert call.title in html
    assert "Søknadsfrist 8. januar 2027 kl. 12.00" in html
    assert 'href="/awards/"' in html


def test_home_does_not_list_closed_or_unpublished_calls(client, demo):
    CallFactory(
        title="Skjult utlysning",
        is_published=False,
        opens_at=NOW - dt.timedelta(days=1),
        closes_at=NOW + dt.timedelta(days=10),
    )
    html = client.get("/").content.decode()
    assert "Skjult utlysning" not in html
    assert "tredje utlysning" not in html


def test_call_list_groups_calls_by_status(client, demo):
    CallFactory(
        title="Neste års utlysning",
        opens_at=NOW + dt.timedelta(days=30),
        closes_at=NOW + dt.timedelta(days=90),
    )
    html = client.get("/calls/").content.decode()
    open_at = html.index("Åpne")
    upcoming_at = html.index("Kommende")
    closed_at = html.index("Avsluttede")
    assert open_at < html.index("Kompetanseutvikling i regionale næringsmiljø 2026") < upcoming_at
    assert upcoming_at < html.index("Neste års utlysning") < closed_at
    assert closed_at < html.index("2015 – tredje utlysning")


def test_call_page_shows_everything_an_applicant_needs(client, demo):
    response = client.get("/calls/kompetanseutvikling-2015-3/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "1. juni 2015 kl. 12.00" in html
    assert f"20{NBSP}000{NBSP}000{NBSP}kr" in html
    assert f"3{NBSP}000{NBSP}000{NBSP}kr" in html
    assert "Prosjektskisse" in html
    assert "Espen Warland" in html
    assert "913 71 729" in html
    assert "Stengt" in html
    assert "Relevans for næringslivet" in html
    assert "Se de 10 tildelingene" in html


def test_unpublished_call_page_is_not_found(client):
    call = CallFactory(is_published=False)
    assert client.get(f"/calls/{call.slug}/").status_code == 404


def test_unknown_call_is_not_found_in_the_site_look(client):
    response = client.get("/calls/finnes-ikke/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Fant ikke siden" in html
    assert count_tags(html, "h1") == 1


def test_awards_page_lists_the_press_release_awards_with_totals(client, demo):
    html = client.get("/awards/").content.decode()
    assert "Arena Innovasjon Torskefisk" in html
    assert "Industriell utvikling gjennom kompetansebygging" in html
    assert "VinterTroms AS" in html
    assert "Finnmark" in html
    assert f"16{NBSP}900{NBSP}000{NBSP}kr" in html
    assert "illustrerende" in html


def test_awards_are_grouped_per_call_newest_first(client):
    old = AwardFactory(
        application__call__title="Gammel utlysning",
        application__call__closes_at=dt.datetime(2015, 6, 1, 12, tzinfo=OSLO),
        application__call__opens_at=dt.datetime(2015, 3, 1, tzinfo=OSLO),
    )
    new = AwardFactory(application__call__title="Ny utlysning")
    html = client.get("/awards/").content.decode()
    assert html.index(new.application.call.title) < html.index(old.application.call.title)


def test_unpublished_awards_are_not_shown(client):
    AwardFactory(is_published=False, application__title="Hemmelig prosjekt")
    assert "Hemmelig prosjekt" not in client.get("/awards/").content.decode()


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch.object(connection, "cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_server_error_page_renders_in_the_site_look(client, settings):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Noe gikk galt" in html
    assert count_tags(html, "h1") == 1


def _awards(n):
    call = CallFactory()
    CriterionFactory(call=call)
    for _ in range(n):
        AwardFactory(application__call=call)


@pytest.mark.parametrize("url", ["/", "/calls/", "/awards/"])
def test_query_count_does_not_grow_with_rows(client, url):
    _awards(10)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _awards(190)
    CallFactory.create_batch(20)
    cache.clear()  # the page is built afresh, not served from the cache
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)


def test_call_page_query_count_does_not_grow_with_awards(client):
    call = CallFactory()
    CriterionFactory.create_batch(3, call=call)
    AwardFactory.create_batch(10, application__call=call)
    with CaptureQueriesContext(connection) as small:
        client.get(call.get_absolute_url())
    AwardFactory.create_batch(190, application__call=call)
    cache.clear()  # the page is built afresh, not served from the cache
    with CaptureQueriesContext(connection) as large:
        client.get(call.get_absolute_url())
    assert len(large) == len(small)
