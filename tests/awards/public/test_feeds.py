from xml.etree import ElementTree

import pytest

from awards.demo.load import load_demo
from tests.factories import AwardFactory, CallFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ElementTree.fromstring(response.content)


def test_awards_feed_is_valid_atom_with_newest_awards(client):
    load_demo()
    AwardFactory(is_published=False, application__title="Hemmelig prosjekt")
    feed = _feed(client, "/feeds/awards/")
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 10
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert "VinterTroms AS: Arctic Tourism Competence" in " ".join(titles)
    assert not any("Hemmelig" in title for title in titles)
    link = entries[0].find(f"{ATOM}link").get("href")
    assert "/awards/" in link
    assert client.get(link.split("testserver", 1)[1]).status_code == 200


def test_calls_feed_lists_published_calls_only(client):
    CallFactory(title="Publisert utlysning")
    CallFactory(title="Upublisert utlysning", is_published=False)
    feed = _feed(client, "/feeds/calls/")
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]
    assert titles == ["Publisert utlysning"]


def test_feeds_are_linked_from_every_page(client):
    html = client.get("/").content.decode()
    assert 'rel="alternate" type="application/atom+xml"' in html
    assert 'href="/feeds/calls/"' in html
    assert 'href="/feeds/awards/"' in html


def test_feed_in_english(client):
    AwardFactory()
    client.cookies["utlysning_language"] = "en"
    feed = _feed(client, "/feeds/awards/")
    assert feed.findtext(f"{ATOM}title") == "New awards"


def test_cached_feed_keeps_the_address_each_visitor_used(client):
    AwardFactory()
    assert b"http://testserver/awards/" in client.get("/feeds/awards/").content
    other = client.get("/feeds/awards/", HTTP_HOST="localhost").content
    assert b"http://localhost/awards/" in other
    assert b"testserver" not in other
