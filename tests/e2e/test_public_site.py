import re

import pytest
from playwright.sync_api import expect

from awards.demo.load import load_demo
from tests.e2e.axe import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_finds_a_call_then_the_awards_then_reads_them_in_english(live_server, page):
    load_demo()

    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_have_text("Utlysninger av tilskudd")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    assert_accessible(page)

    page.get_by_role(
        "link", name=re.compile("Kompetanseutvikling i regionale næringsmiljø 20")
    ).first.click()
    expect(page.locator("h1")).to_contain_text("Kompetanseutvikling i regionale næringsmiljø")
    expect(page.get_by_text("Søknadsfrist", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Utlysninger").click()
    expect(page.locator("h1")).to_have_text("Utlysninger")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("2015 – tredje utlysning")).click()
    expect(page.get_by_text("1. juni 2015 kl. 12.00").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("Se de 10 tildelingene")).click()
    expect(page.locator("h1")).to_have_text("Tildelinger")
    table = page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(12)  # header, ten awards, sum
    expect(table).to_contain_text("Arena Innovasjon Torskefisk")
    expect(table).to_contain_text("VinterTroms AS")
    assert_accessible(page)

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Awards")
    expect(table).to_contain_text("NOK")
    assert_accessible(page)

    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Calls").click()
    expect(page.locator("h1")).to_have_text("Calls")
    assert_accessible(page)

    page.goto(live_server.url + "/finnes-ikke/")
    expect(page.locator("h1")).to_have_text("Page not found")
    assert_accessible(page)

    page.get_by_role("button", name="Norsk (bokmål)").click()
    expect(page.locator("html")).to_have_attribute("lang", "nb")
