"""The organisation's administrator writes the final report section by section and sends it;
axe on every page visited (reflow at 320 px and the CSP are checked by conftest.py)."""

import pytest
from playwright.sync_api import expect

from awards.models import Grant, Report
from tests.e2e.axe import assert_accessible
from tests.e2e.reports_world import EMAIL, PASSWORD, accepted_grant

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _visit(page, heading):
    expect(page.locator("h1")).to_contain_text(heading)
    assert_accessible(page)


def test_an_administrator_writes_and_sends_the_final_report(live_server, page):
    grant, _user = accepted_grant("Automasjon på Helgeland")
    page.goto(f"{live_server.url}/my/grants/{grant.pk}/")
    _visit(page, "Logg inn")
    page.get_by_label("E-post").fill(EMAIL)
    page.get_by_label("Passord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    _visit(page, "Tilbud om tilskudd")
    page.get_by_role("link", name="Sluttrapport").click()
    _visit(page, "Sluttrapport")

    page.get_by_role("link", name="1. Status i prosjektet").click()
    _visit(page, "Status i prosjektet")
    page.get_by_label("Status i prosjektet").fill("Fagskoletilbudet startet i august.")
    page.get_by_role("button", name="Lagre og gå tilbake til oversikten").click()
    _visit(page, "Sluttrapport")
    expect(page.locator("#status-status")).to_have_text("Fullført")

    # A figure that is not a number is refused with a message; what was typed stays.
    page.get_by_role("link", name="2. Resultater").click()
    _visit(page, "Resultater")
    page.get_by_label("Studiepoeng").fill("tretti")
    page.get_by_role("button", name="Lagre", exact=True).click()
    _visit(page, "Resultater")
    expect(page.get_by_text("Skriv et helt tall, for eksempel 12.", exact=True)).to_be_visible()
    expect(page.get_by_label("Studiepoeng")).to_have_value("tretti")
    for label, value in (
        ("Nye studie- eller EVU-tilbud etablert", "1"),
        ("Studieplasser", "25"),
        ("Deltakere fra bedrifter", "22"),
        ("Deltakende bedrifter", "9"),
        ("Studiepoeng", "30"),
    ):
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Lagre og gå tilbake til oversikten").click()
    _visit(page, "Sluttrapport")

    # The summary lists what is left and links to it.
    page.get_by_role("link", name="5. Se over og send").click()
    _visit(page, "Se over og send")
    page.get_by_role("link", name="Skriv hva dere har lært.").click()
    _visit(page, "Hva dere har lært")
    page.get_by_label("Hva dere har lært").fill("Bedriftene vil ha kveldsundervisning.")
    page.get_by_role("button", name="Lagre og gå tilbake til oversikten").click()
    _visit(page, "Sluttrapport")

    page.get_by_role("link", name="4. Vedlegg").click()
    _visit(page, "Vedlegg")
    page.get_by_label("Velg fil").set_input_files(
        {"name": "deltakerliste.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Last opp").click()
    _visit(page, "Vedlegg")
    expect(page.get_by_role("link", name="deltakerliste.pdf")).to_be_visible()

    page.get_by_role("link", name="Tilbake til oversikten").click()
    page.get_by_role("link", name="5. Se over og send").click()
    _visit(page, "Se over og send")
    expect(page.locator("[data-error-summary]")).to_have_count(0)
    page.get_by_role("button", name="Send rapporten").click()
    _visit(page, "Se rapporten")
    expect(page.get_by_text("Rapporten er sendt til Innovasjon Norge.")).to_be_visible()
    expect(page.get_by_role("button", name="Send rapporten")).to_have_count(0)

    report = Report.objects.get(grant=grant, kind=Report.Kind.FINAL)
    assert report.status == Report.Status.SUBMITTED
    assert report.figures.get(indicator__code="credits").actual == 30
    grant.refresh_from_db()
    assert grant.state == Grant.State.FINAL_REPORT
