"""The budget sums itself while the person types; the server's sums after saving are the same."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from applications.models import Membership
from tests.e2e.axe import assert_accessible
from tests.factories import DraftFactory, MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)
NBSP = "\u00a0"


def kr(text: str) -> str:
    return text.replace(" ", NBSP)


def _budget_page(live_server, page, **draft):
    application = DraftFactory(title="Automasjon på Helgeland", **draft)
    membership = MembershipFactory(
        organisation=application.organisation, role=Membership.Role.EDITOR
    )
    client = Client()
    client.force_login(membership.user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/my/applications/{application.pk}/budget/")
    return application


def test_totals_follow_the_typing_and_match_the_server_after_saving(live_server, page):
    application = _budget_page(live_server, page)
    page.get_by_label("År (rad 1)").fill("2027")
    page.get_by_label("Personalkostnader (rad 1)").fill("600 000")
    page.get_by_label("Kjøp av tjenester (rad 1)").fill("300 000 kr")
    page.get_by_label("År (rad 2)").fill("2028")
    page.get_by_label("Utstyr (rad 2)").fill("1.500.000")
    page.get_by_label("Andre kostnader (rad 2)").fill("kr 100000,-")
    page.get_by_label("Søkt tilskudd").fill("1 000 000 kr")

    rows = page.locator("table[data-budget] tbody tr [data-row-total]")
    expect(rows.nth(0)).to_have_text(kr("900 000 kr"))
    expect(rows.nth(1)).to_have_text(kr("1 600 000 kr"))
    expect(page.locator("[data-costs-total]")).to_have_text(kr("2 500 000 kr"))
    expect(page.locator("[data-column-total=equipment]")).to_have_text(kr("1 500 000 kr"))
    expect(page.locator("[data-financing-total]")).to_have_text(kr("1 000 000 kr"))
    expect(page.locator("[data-saved-costs]")).to_have_text(kr("0 kr"))  # nothing saved yet

    live = page.locator("[data-budget-live]")
    expect(live).to_have_attribute("aria-live", "polite")
    page.get_by_label("Egenfinansiering").fill("1 500 000")
    page.get_by_label("Egenfinansiering").blur()  # leaving the field reads the sums out
    expect(live).to_have_text(
        kr("Slik det står nå: kostnader 2 500 000 kr, finansiering 2 500 000 kr.")
    )
    assert_accessible(page)

    page.get_by_role("button", name="Lagre", exact=True).click()
    expect(page.locator(".ds-alert[data-color=success]")).to_contain_text("Budsjettet er lagret")
    page.goto(f"{live_server.url}/my/applications/{application.pk}/budget/")
    expect(page.locator("[data-saved-costs]")).to_have_text(kr("2 500 000 kr"))
    expect(page.locator("[data-costs-total]")).to_have_text(kr("2 500 000 kr"))
    expect(page.locator("[data-saved-financing]")).to_have_text(kr("2 500 000 kr"))


def test_live_sums_are_announced_after_a_pause_not_on_every_keystroke(live_server, page):
    _budget_page(live_server, page)
    live = page.locator("[data-budget-live]")
    before = live.text_content()
    field = page.get_by_label("Personalkostnader (rad 1)")
    field.press_sequentially("250000", delay=30)
    assert live.text_content() == before  # typing does not speak
    expect(page.locator("[data-costs-total]")).to_have_text(kr("250 000 kr"))
    expect(live).to_contain_text(kr("kostnader 250 000 kr"), timeout=5_000)
