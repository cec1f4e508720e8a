"""An appeal in the browser: the applicant appeals a rejection on /my/ (a refusal first, the text
kept), and an adviser other than the one who decided takes it, declares impartiality and
reverses the decision; axe, reflow at 320 px and the CSP on every page."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from applications.models import Application
from awards import roles
from awards.appeals.models import Appeal
from awards.assessment import services as assessment_services
from awards.demo.load import load_demo
from awards.letters import services as letter_services
from awards.models import Decision, DecisionDeclaration, Letter
from tests import deciding
from tests.e2e.axe import assert_accessible
from tests.e2e.test_adviser_flow import _log_in
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Prosessoperatører for grønn industri på Helgeland"


def _visit(page, heading):
    expect(page.locator("h1")).to_contain_text(heading)
    assert_accessible(page)


def test_an_appeal_lodged_by_the_applicant_and_reversed_by_an_adviser(
    live_server, browser, settings
):
    settings.UTLYSNING_STAFF_MFA_REQUIRED = True
    load_demo()
    application = Application.objects.get(title=TITLE)
    decider = StaffFactory(username="beslutter", group=roles.ADVISER)
    assessment_services.case_check_eligibility(application=application, eligible=True, by=decider)
    deciding.decision_make(
        application=application,
        outcome="reject",
        rejection_reason="low_score",
        rejection_text="Svakere forankring enn prosjektene som fikk støtte.",
        by=decider,
    )
    letter_services.letter_send(application=application, by=decider)
    letter = Letter.objects.get(application=application, kind="rejection")
    assert letter.delivered_at is not None
    base = live_server.url

    applicant = browser.new_context(locale="en-GB", timezone_id="Europe/Oslo").new_page()
    applicant.set_default_timeout(15_000)
    _log_in(
        applicant,
        base,
        email="soker@utlysning.example",
        password="demo-soker-2026",
        next_url=f"/my/letters/{letter.pk}/",
    )
    _visit(applicant, "Avslag på søknad")
    expect(applicant.get_by_text("Kommunal- og distriktsdepartementet").first).to_be_visible()
    expect(applicant.get_by_text("tre uker fra varselet om brevet ble sendt")).to_be_visible()
    applicant.get_by_role("link", name="Klag på vedtaket").click()
    _visit(applicant, "Klage på vedtaket")

    # Too long for the field? No: empty. The page says what is missing and keeps the file field.
    applicant.get_by_role("button", name="Send klagen").click()
    _visit(applicant, "Klage på vedtaket")
    expect(applicant.get_by_role("alert")).to_contain_text("Skriv hva dere klager på")
    grounds = "Vurderingen tar ikke med at 24 operatører er med fra bedriftene."
    applicant.get_by_label("Hva klager dere på, og hvorfor?").fill(grounds)
    applicant.get_by_role("button", name="Send klagen").click()
    _visit(applicant, "Klagen deres")
    expect(applicant.get_by_text(grounds)).to_be_visible()
    expect(applicant.get_by_role("link", name="Vi har mottatt klagen deres")).to_be_visible()
    appeal = Appeal.objects.get(application=application)
    assert appeal.state == Appeal.State.RECEIVED

    adviser = browser.new_context(locale="en-GB", timezone_id="Europe/Oslo").new_page()
    adviser.set_default_timeout(15_000)
    _log_in(
        adviser,
        base,
        email="radgiver@utlysning.example",
        password="demo-radgiver-2026",
        next_url="/admin/awards/appeal/",
        totp_user="radgiver",
    )
    assert_accessible(adviser)
    adviser.get_by_role("link", name=TITLE).click()
    expect(adviser.locator("#appeal-state")).to_have_text("Mottatt")
    assert_accessible(adviser)

    # The adviser who decided cannot handle the appeal.
    radgiver = get_user_model().objects.get(username="radgiver")
    adviser.get_by_label("Saksbehandler for klagen:").select_option(label=str(decider))
    adviser.get_by_role("button", name="Sett saksbehandler").click()
    expect(adviser.locator("form")).to_contain_text(["fattet vedtaket som er påklaget"])
    assert_accessible(adviser)
    adviser.get_by_label("Saksbehandler for klagen:").select_option(label=str(radgiver))
    adviser.get_by_role("button", name="Sett saksbehandler").click()
    expect(adviser.locator("#appeal-state")).to_have_text("Under behandling")
    adviser.get_by_label("Jeg er habil og kan vurdere søknaden").check()
    adviser.get_by_role("button", name="Erklær habilitet").click()
    expect(adviser.locator(".messagelist")).to_contain_text("Habiliteten er registrert")
    assert_accessible(adviser)

    adviser.get_by_label("Tilsagn", exact=True).check()
    adviser.get_by_label("Tildelt beløp (kr)").fill("2 000 000")
    adviser.get_by_label("Frist for utbetaling").fill("2028-06-30")
    adviser.get_by_label("Hvorfor omgjøres vedtaket?").fill("Deltakelsen fra bedriftene er god.")
    adviser.get_by_role("button", name="Omgjør vedtaket").click()
    expect(adviser.locator(".messagelist")).to_contain_text("Vedtaket er omgjort")
    expect(adviser.locator("#appeal-state")).to_have_text("Omgjort")
    assert_accessible(adviser)

    decision = Decision.objects.get(application=application)
    assert decision.outcome == "award"
    assert decision.amount == 2_000_000
    assert decision.decided_by == radgiver
    # The handler's declaration on the appeal is theirs as the one who made the new decision.
    assert DecisionDeclaration.objects.get(application=application, user=radgiver).impartial
    offer = Letter.objects.get(application=application, kind="offer")
    applicant.goto(f"{base}{offer.get_absolute_url()}")
    _visit(applicant, "Tilbud om tilskudd")
