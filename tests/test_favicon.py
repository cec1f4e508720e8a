"""The site has an icon: an SVG the pages link to, and /favicon.ico for those who just ask."""

from xml.etree import ElementTree

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_favicon_ico_is_an_icon_and_may_be_cached(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # the ICO header
    assert "max-age" in response["Cache-Control"]


@pytest.mark.parametrize("url", ["/", "/accessibility/"])
def test_public_pages_link_to_both_icons(client, url):
    html = client.get(url).content.decode()
    assert '<link rel="icon" href="/favicon.ico" sizes="48x48">' in html
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html


def test_the_admin_links_to_the_icons(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert 'href="/static/favicon.svg"' in html


def test_the_svg_icon_is_a_square_svg():
    svg = ElementTree.parse(finders.find("favicon.svg")).getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.get("viewBox") == "0 0 32 32"
