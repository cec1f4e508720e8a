"""A form sent with errors puts focus on its error summary, whatever #fragment the address has:
the skip link's #main, or the field an error link pointed to."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def logged_in(live_server, page):
    """A person who has just signed up and has no organisation yet (the session is the site's)."""
    client = Client()
    client.force_login(UserFactory())
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


def test_after_the_skip_link_the_error_summary_gets_focus(live_server, logged_in):
    page = logged_in
    page.goto(live_server.url + "/my/organisations/new/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Hopp til hovedinnhold")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))

    page.get_by_role("button", name="Registrer").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(page).to_have_url(re.compile(r"/my/organisations/new/#main$"))
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # the browser focuses the fragment's target once it has rendered
    expect(summary).to_be_focused()
    assert_accessible(page)


def test_after_an_error_link_the_next_error_summary_gets_focus(live_server, logged_in):
    page = logged_in
    page.goto(live_server.url + "/my/organisations/new/")
    page.get_by_role("button", name="Registrer").click()
    page.locator("[data-error-summary] a").first.click()
    expect(page).to_have_url(re.compile(r"#id_\w+$"))
    expect(page.get_by_label("Organisasjonsnummer")).to_be_focused()

    page.get_by_label("Organisasjonsnummer").fill("123")
    page.get_by_role("button", name="Registrer").click()
    expect(page).to_have_url(re.compile(r"#id_\w+$"))
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()

    # Once the person moves on, focus is theirs.
    page.keyboard.press("Tab")
    expect(summary.locator("a").first).to_be_focused()
