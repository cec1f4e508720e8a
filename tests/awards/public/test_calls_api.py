"""/data/calls.json: the open and upcoming calls as open data, cached like the call pages."""

import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import CallFactory, SchemeFactory

pytestmark = pytest.mark.django_db
URL = "/data/calls.json"


def _calls(client) -> list[dict]:
    response = client.get(URL)
    assert response.status_code == 200
    return json.loads(response.content.decode("utf-8"))["calls"]


@pytest.fixture
def calls():
    now = timezone.now().replace(microsecond=0)
    scheme = SchemeFactory(code="KRN", name="Kompetanseutvikling i regionale næringsmiljø")
    return {
        "open": CallFactory(
            scheme=scheme,
            title="Åpen utlysning for næringsmiljø",
            slug="apen",
            opens_at=now - dt.timedelta(days=10),
            closes_at=now + dt.timedelta(days=20),
            budget=15_000_000,
        ),
        "upcoming": CallFactory(
            scheme=scheme,
            title="Kommende utlysning",
            slug="kommende",
            opens_at=now + dt.timedelta(days=5),
            closes_at=now + dt.timedelta(days=60),
        ),
        "closed": CallFactory(
            scheme=scheme,
            title="Avsluttet utlysning",
            slug="avsluttet",
            opens_at=now - dt.timedelta(days=60),
            closes_at=now - dt.timedelta(days=1),
        ),
        "draft": CallFactory(
            scheme=scheme,
            title="Utkast til utlysning",
            slug="utkast",
            opens_at=now - dt.timedelta(days=1),
            closes_at=now + dt.timedelta(days=30),
            is_published=False,
        ),
    }


def test_the_list_has_the_open_then_the_upcoming_calls_only(client, calls):
    assert [row["id"] for row in _calls(client)] == ["apen", "kommende"]


def test_each_call_has_its_fields_in_open_data_formats(client, calls):
    row = _calls(client)[0]
    call = calls["open"]
    assert row == {
        "id": "apen",
        "title": "Åpen utlysning for næringsmiljø",
        "scheme": {"code": "KRN", "name": "Kompetanseutvikling i regionale næringsmiljø"},
        "status": "open",
        "opens": timezone.localtime(call.opens_at).isoformat(),
        "closes": timezone.localtime(call.closes_at).isoformat(),
        "budget": 15_000_000,
        "currency": "NOK",
        "url": "http://testserver/calls/apen/",
    }
    # ISO 8601 with the Norwegian offset, readable back to the same moment.
    assert dt.datetime.fromisoformat(row["closes"]) == call.closes_at
    assert row["closes"][-6:] in ("+01:00", "+02:00")
    assert _calls(client)[1]["status"] == "upcoming"


def test_the_answer_is_utf8_json_open_to_other_sites_and_revalidated(client, calls):
    response = client.get(URL)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "Åpen utlysning".encode() in response.content  # not \\u escapes
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, no-cache"
    etag = response["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    # The cached copy keeps the headers, and answers a client that has it with a 304.
    again = client.get(URL)
    assert again["ETag"] == etag
    assert again["Access-Control-Allow-Origin"] == "*"
    assert again["Cache-Control"] == "public, no-cache"
    not_modified = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert client.get(URL, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_editing_a_call_makes_the_cached_list_stale(client, calls, committed):
    first = client.get(URL)
    call = calls["open"]
    with committed():
        call.title = "Nytt navn på utlysningen"
        call.save()
    second = client.get(URL)
    assert "Nytt navn på utlysningen" in second.content.decode()
    assert second["ETag"] != first["ETag"]
    assert client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    with committed():
        call.is_published = False
        call.save()
    assert [row["id"] for row in _calls(client)] == ["kommende"]


def test_a_second_visit_is_served_from_the_cache(client, calls):
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    assert len(queries) == 1  # only the version check


def _queries(client) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_calls(client, calls):
    small = _queries(client)
    now = timezone.now()
    for index in range(15):
        CallFactory(
            opens_at=now - dt.timedelta(days=1),
            closes_at=now + dt.timedelta(days=10 + index),
            scheme=SchemeFactory(code=f"S{index}", name=f"Ordning {index}"),
        )
    assert _queries(client) == small
    assert len(_calls(client)) == 17


def test_logged_in_people_get_the_same_list(client, calls, django_user_model):
    client.force_login(django_user_model.objects.create_user("someone", "a@example.org", "x"))
    assert [row["id"] for row in _calls(client)] == ["apen", "kommende"]
