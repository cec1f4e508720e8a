"""The accessibility statement lists the known deviations and says when they were checked."""

import re

import pytest
from django.utils.formats import date_format

from config.views import ACCESSIBILITY_CHECKED

pytestmark = pytest.mark.django_db


def test_the_statement_lists_known_deviations_with_the_date_they_were_checked(client):
    html = client.get("/accessibility/").content.decode()
    assert "Vi kjenner ikke til brudd" not in html
    deviations = re.search(r'<ul class="ds-list" id="known-deviations">(.*?)</ul>', html, re.S)
    items = re.findall(r"<li>(.*?)</li>", deviations.group(1), re.S)
    assert len(items) == 3
    assert any("PDF" in item for item in items)
    assert all(re.search(r"WCAG \d\.\d\.\d", item) for item in items)
    checked = date_format(ACCESSIBILITY_CHECKED, "DATE_FORMAT")
    assert f"Listen over mangler ble sist kontrollert {checked}." in html


def test_the_statement_in_english(client):
    client.cookies["utlysning_language"] = "en"
    html = client.get("/accessibility/").content.decode()
    assert "Known issues" in html
    assert "last checked on" in html
