"""Logging in with ID-porten in the browser, through the local provider of tests/oidc.py: a first
login that asks for the name, a refused login and an ID-porten that is down; axe and the 320 px
reflow check on every page of the site visited."""

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.oidc import PID

pytestmark = pytest.mark.django_db(transaction=True)

BUTTON = "Logg inn med ID-porten"


def _visit(page, heading):
    expect(page.locator("h1")).to_contain_text(heading)
    assert_accessible(page)


def test_logging_in_with_idporten_makes_the_account_and_asks_for_the_name(
    live_server, page, idporten
):
    for claim in ("name", "given_name", "family_name"):
        idporten.person.pop(claim)
    page.goto(live_server.url + "/my/")
    _visit(page, "Logg inn")
    expect(page.get_by_role("heading", name="Eller logg inn med ID-porten")).to_be_visible()
    page.get_by_role("button", name=BUTTON).click()

    _visit(page, "Navnet ditt")
    page.get_by_label("Fullt navn").fill("Kari Nordmann")
    page.get_by_role("button", name="Lagre").click()
    _visit(page, "Mine sider")
    expect(page.get_by_text("Du er registrert som Kari Nordmann")).to_be_visible()

    account = SocialAccount.objects.get(provider="idporten")
    assert account.user.get_full_name() == "Kari Nordmann"
    assert PID not in repr(account.extra_data)
    assert idporten.authorize_requests[0]["code_challenge_method"] == "S256"


def test_a_refused_login_is_back_on_the_login_page_with_a_message(live_server, page, idporten):
    idporten.refuse = True
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("button", name=BUTTON).click()
    _visit(page, "Logg inn")
    expect(page.get_by_role("status")).to_contain_text("Innloggingen med ID-porten ble avbrutt")
    expect(page.get_by_label("E-post")).to_be_visible()  # e-mail login is still there
    assert not SocialAccount.objects.exists()


def test_an_idporten_that_is_down_is_back_on_the_login_page_with_a_message(
    live_server, page, idporten_down
):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("button", name=BUTTON).click()
    _visit(page, "Logg inn")
    expect(page.get_by_role("status")).to_contain_text("ID-porten svarer ikke akkurat nå")
