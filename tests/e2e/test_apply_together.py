"""Colleagues writing one application: invitation, log-in round trip, a conflicting save,
account pages and English; axe on every page visited."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import expect

from applications.applying import services
from applications.models import Application
from awards.demo.load import APPLICANT, OPEN_CALL_SLUG, load_demo
from tests.e2e.axe import assert_accessible
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

COLLEAGUE = "ola.kollega@klynge.example"


def _visit(page, heading):
    expect(page.locator("h1")).to_contain_text(heading)
    assert_accessible(page)


def _log_in(page, email, password):
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord", exact=True).fill(password)
    page.get_by_role("button", name="Logg inn").click()


def test_colleagues_write_together_and_a_conflicting_save_is_refused(live_server, page):
    load_demo()
    base = live_server.url

    # The demo applicant starts from the call page and is sent back there after logging in.
    page.goto(f"{base}/calls/{OPEN_CALL_SLUG}/")
    page.get_by_role("link", name="Start søknad").click()
    _visit(page, "Logg inn")
    _log_in(page, APPLICANT.email, APPLICANT.password)
    _visit(page, "Start søknad")
    page.get_by_role("button", name="Start søknad").click()
    _visit(page, "Søknad")
    application = Application.objects.get(call__slug=OPEN_CALL_SLUG)

    # Invite a colleague as editor.
    page.get_by_role("link", name="Mine sider").first.click()
    _visit(page, "Mine sider")
    page.get_by_role("link", name="Personer i organisasjonen").click()
    _visit(page, "Personer i organisasjonen")
    page.get_by_label("E-postadresse").fill(COLLEAGUE)
    page.get_by_label("Redaktør").check()
    page.get_by_role("button", name="Send invitasjon").click()
    _visit(page, "Personer i organisasjonen")
    expect(page.get_by_text(f"Invitasjonen er sendt til {COLLEAGUE}")).to_be_visible()
    link = re.search(r"https?://\S+/my/invitations/\S+/", mail.outbox[-1].body).group(0)
    page.get_by_role("button", name="Logg ut").click()

    # The colleague (already signed up) follows the link, logs in and accepts.
    colleague = UserFactory(email=COLLEAGUE)
    EmailAddress.objects.create(user=colleague, email=COLLEAGUE, verified=True, primary=True)
    page.goto(base + "/my/" + link.split("/my/", 1)[1])
    _visit(page, "Logg inn")
    _log_in(page, COLLEAGUE, "correct horse battery staple")
    _visit(page, "Invitasjon")
    page.get_by_role("button", name="Godta invitasjonen").click()
    _visit(page, "Mine sider")
    page.get_by_role("link", name="Uten tittel").click()
    _visit(page, "Søknad")

    # The colleague opens the project; meanwhile the applicant saves it.
    page.get_by_role("link", name="1. Prosjekt").click()
    _visit(page, "Prosjekt")
    applicant = application.created_by
    services.application_save_project(
        application=application, version=0, values={"title": "Søkerens tittel"}, by=applicant
    )
    page.get_by_label("Prosjekttittel").fill("Kollegaens tittel")
    page.get_by_role("button", name="Lagre", exact=True).click()
    _visit(page, "Prosjekt")
    expect(page.get_by_role("alert")).to_contain_text("Siri Søker lagret denne delen")
    expect(page.get_by_label("Prosjekttittel")).to_have_value("Kollegaens tittel")
    page.get_by_text("Se det som er lagret nå").click()
    expect(page.get_by_text("Søkerens tittel").first).to_be_visible()
    assert_accessible(page)
    application.refresh_from_db()
    assert application.title == "Søkerens tittel"

    # Account pages, then the same pages in English.
    page.goto(base + "/accounts/email/")
    assert_accessible(page)
    page.goto(base + "/accounts/password/change/")
    assert_accessible(page)
    page.goto(base + "/my/")
    page.get_by_role("button", name="English").click()
    _visit(page, "My page")
    page.goto(f"{base}/my/applications/{application.pk}/summary/")
    _visit(page, "Check and submit")
    expect(page.locator(".ds-error-summary")).to_contain_text("Describe the project.")
