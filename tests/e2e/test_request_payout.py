"""An editor of the organisation asks for the advance of an accepted grant on /my/: a refusal
that keeps what was typed, then the request with its accounts; axe, reflow and the policy on
every page."""

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone
from playwright.sync_api import expect

from awards.followup.services import grant_accept, grant_offer
from awards.models import PayoutRequest
from tests.e2e.axe import assert_accessible
from tests.factories import AwardFactory, CostLineFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "okonomi@fagskolen.example"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _visit(page, heading):
    expect(page.locator("h1")).to_contain_text(heading)
    assert_accessible(page)


def test_an_editor_requests_the_advance(live_server, page, tmp_path):
    award = AwardFactory(application__title="Automasjon på Helgeland")
    CostLineFactory(application=award.application)
    grant = grant_offer(award=award, offered_at=timezone.now() - dt.timedelta(days=1), by=None)
    leader = MembershipFactory(organisation=award.application.organisation, role="admin").user
    grant_accept(grant=grant, by=leader, conditions_confirmed=True, period_confirmed=True)
    user = UserFactory(email=EMAIL)
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    MembershipFactory(user=user, organisation=award.application.organisation, role="editor")
    accounts = tmp_path / "regnskap.pdf"
    accounts.write_bytes(PDF)

    page.goto(f"{live_server.url}/my/grants/{grant.pk}/")
    _visit(page, "Logg inn")
    page.get_by_label("E-post").fill(EMAIL)
    page.get_by_label("Passord", exact=True).fill("correct horse battery staple")
    page.get_by_role("button", name="Logg inn").click()
    _visit(page, "Tilbud om tilskudd")
    expect(page.get_by_role("heading", name="Utbetalinger")).to_be_visible()
    page.get_by_role("link", name="Be om utbetaling").click()
    _visit(page, "Be om utbetaling")

    # A wrong amount and nothing attached: the page says what is wrong and keeps the rest.
    page.get_by_label("Personalkostnader").fill("mye")
    page.get_by_label("Kort status for prosjektet").fill("Første kull har startet.")
    page.get_by_role("button", name="Send anmodningen").click()
    _visit(page, "Be om utbetaling")
    expect(page.get_by_text("Skriv beløpet med tall i hele kroner").first).to_be_visible()
    expect(page.get_by_label("Kort status for prosjektet")).to_have_value(
        "Første kull har startet."
    )

    page.get_by_label("Personalkostnader").fill("250 000")
    page.get_by_role("button", name="Send anmodningen").click()
    _visit(page, "Be om utbetaling")
    expect(page.get_by_text("Legg ved regnskapet for prosjektet så langt.")).to_be_visible()
    expect(page.get_by_label("Personalkostnader")).to_have_value("250 000")

    page.get_by_label("Regnskap for prosjektet så langt").set_input_files(str(accounts))
    page.get_by_label("Vi erklærer at kostnadene er påløpt").check()
    page.get_by_role("button", name="Send anmodningen").click()
    _visit(page, "Tilbud om tilskudd")
    expect(page.get_by_text("Anmodningen om utbetaling er sendt.")).to_be_visible()
    payout = PayoutRequest.objects.get(grant=grant)
    assert (payout.state, payout.personnel, payout.submitted_by) == ("submitted", 250_000, user)
    assert payout.accounts_name == "regnskap.pdf"
