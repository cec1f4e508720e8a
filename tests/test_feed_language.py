"""Each feed says its language as a language code, the one the page is read in."""

import xml.etree.ElementTree as ET

import pytest

from tests.factories import CallFactory

pytestmark = pytest.mark.django_db
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.mark.parametrize("url", ["/feeds/calls/", "/feeds/awards/"])
def test_the_feed_language_is_norwegian_by_default(client, url):
    CallFactory()
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.get(XML_LANG) == "nb"


@pytest.mark.parametrize("url", ["/feeds/calls/", "/feeds/awards/"])
def test_the_feed_language_follows_the_chosen_language(client, url, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    root = ET.fromstring(client.get(url).content)
    assert root.get(XML_LANG) == "en"
