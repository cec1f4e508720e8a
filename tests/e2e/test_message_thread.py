"""A message thread in a browser: the adviser writes on the case page, the applicant sees the
unread marker on /my/, reads and answers, and the adviser sees the answer; axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from applications.models import Application
from awards.demo.load import APPLICANT, load_demo
from tests.e2e.axe import assert_accessible
from tests.e2e.test_adviser_flow import _log_in

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Prosessoperatører for grønn industri på Helgeland"


def test_adviser_and_applicant_write_in_a_thread(live_server, browser):
    load_demo()
    application = Application.objects.get(title=TITLE)
    base = live_server.url
    case_url = f"/admin/applications/application/{application.pk}/assessment/"

    adviser = browser.new_context(locale="en-GB", timezone_id="Europe/Oslo").new_page()
    adviser.set_default_timeout(15_000)
    _log_in(
        adviser,
        base,
        email="radgiver@utlysning.example",
        password="demo-radgiver-2026",
        next_url=case_url,
        totp_user="radgiver",
    )
    adviser.locator("#dialogue textarea[name=text]").fill("Kan dere sende det signerte budsjettet?")
    adviser.get_by_role("button", name="Send meldingen til søkeren").click()
    expect(adviser.locator(".messagelist")).to_contain_text("Meldingen er sendt til søkeren")
    expect(adviser.locator("#dialogue")).to_contain_text("signerte budsjettet")
    assert_accessible(adviser)

    applicant = browser.new_context(locale="en-GB", timezone_id="Europe/Oslo").new_page()
    applicant.set_default_timeout(15_000)
    _log_in(applicant, base, email=APPLICANT.email, password=APPLICANT.password, next_url="/my/")
    expect(applicant.get_by_test_id("unread-total")).to_contain_text(
        "Du har 1 ny melding fra Innovasjon Norge"
    )
    expect(applicant.get_by_test_id("unread-marker")).to_have_text("1 ny")
    assert_accessible(applicant)

    applicant.locator(f"a[href='/my/messages/{application.pk}/']").first.click()
    expect(applicant.locator("h1")).to_have_text("Meldinger om søknaden")
    expect(applicant.locator("main")).to_contain_text("signerte budsjettet")
    assert_accessible(applicant)
    applicant.get_by_role("textbox", name="Melding").fill("Ja, det kommer i morgen.")
    applicant.get_by_role("button", name="Send meldingen").click()
    expect(applicant.locator("main")).to_contain_text("Meldingen er sendt.")
    expect(applicant.locator("main")).to_contain_text("Ja, det kommer i morgen.")
    assert_accessible(applicant)
    applicant.goto(f"{base}/my/")
    expect(applicant.get_by_test_id("unread-marker")).to_have_count(0)

    adviser.goto(f"{base}{case_url}")
    expect(adviser).to_have_url(re.compile(re.escape(case_url) + "$"))
    expect(adviser.get_by_test_id("case-unread")).to_have_text("1 ny")
    expect(adviser.locator("#dialogue")).to_contain_text("Ja, det kommer i morgen.")
    assert_accessible(adviser)
