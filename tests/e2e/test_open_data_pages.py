import re

import pytest
from playwright.sync_api import expect

from awards.demo.load import load_demo
from tests.e2e.axe import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_journalist_filters_awards_reads_one_and_finds_statistics_and_data(live_server, page):
    load_demo()

    page.goto(live_server.url + "/awards/")
    expect(page.locator("h1")).to_have_text("Tildelinger")
    assert_accessible(page)

    page.get_by_label("Fylke").select_option(label="Sogn og Fjordane")
    page.get_by_role("button", name="Vis tildelinger").click()
    expect(page).to_have_url(re.compile(r"county=14"))
    table = page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(4)  # header, two awards, sum
    expect(table).to_contain_text("Maritim forening Sogn og Fjordane")
    assert_accessible(page)

    page.get_by_label("Søk").fill("havrom")
    page.get_by_role("button", name="Vis tildelinger").click()
    expect(table.get_by_role("row")).to_have_count(3)
    page.get_by_role("link", name=re.compile("Etablera tilbod")).click()
    expect(page.locator("h1")).to_contain_text("Etablera tilbod om samansett kompetanse")
    expect(page.get_by_text("Sogn og Fjordane").first).to_be_visible()
    assert_accessible(page)

    page.goto(live_server.url + "/statistics/")
    expect(page.locator("h1")).to_have_text("Statistikk")
    expect(page.get_by_role("table", name="Tildelinger per fylke")).to_contain_text("Finnmark")
    assert_accessible(page)

    page.get_by_role("link", name="Åpne data", exact=True).click()
    expect(page.locator("h1")).to_have_text("Åpne data om tildelinger")
    assert_accessible(page)

    page.get_by_role("link", name="Tilgjengelighetserklæring").click()
    expect(page.locator("h1")).to_have_text("Tilgjengelighetserklæring")
    assert_accessible(page)

    page.get_by_role("button", name="English").click()
    expect(page.locator("h1")).to_have_text("Accessibility statement")
    assert_accessible(page)
    page.goto(live_server.url + "/statistics/")
    expect(page.locator("h1")).to_have_text("Statistics")
    assert_accessible(page)
    page.goto(live_server.url + "/awards/?county=14")
    expect(page.locator("h1")).to_have_text("Awards")
    assert_accessible(page)


def test_a_developer_reads_how_to_get_the_open_calls_and_gets_them(live_server, page):
    load_demo()
    page.goto(live_server.url + "/data/")
    section = page.get_by_role("region", name="Åpne og kommende utlysninger")
    expect(section).to_contain_text('"status": "open"')
    expect(page.get_by_role("table", name="Feltene for hver utlysning i calls")).to_contain_text(
        "budget"
    )
    assert_accessible(page)

    link = section.get_by_role("link", name=re.compile(r"calls\.json$"))
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.ok
    assert response.headers["access-control-allow-origin"] == "*"
    calls = response.json()["calls"]
    assert calls and {call["status"] for call in calls} <= {"open", "upcoming"}
    assert all(call["url"].startswith(live_server.url + "/calls/") for call in calls)
