"""The whole applicant journey in Debian's chromium, with axe on every page visited."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from applications.models import Application, Organisation
from applications.people.services import organisation_confirm
from awards.demo.load import OPEN_CALL_SLUG, load_demo
from tests.e2e.axe import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "kari.nordmann@klynge.example"
PASSWORD = "Fjord-og-fjell-2026!"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _visit(page, heading):
    expect(page.locator("h1")).to_contain_text(heading)
    assert_accessible(page)


def test_a_cluster_manager_signs_up_registers_applies_and_gets_a_receipt(
    live_server, page, tmp_path
):
    load_demo()
    base = live_server.url

    # Sign up and verify the e-mail address.
    page.goto(base + "/accounts/signup/")
    _visit(page, "Registrer deg")
    page.get_by_label("Fullt navn").fill("Kari Nordmann")
    page.get_by_label("E-post").fill(EMAIL)
    page.get_by_label("Passord", exact=True).fill(PASSWORD)
    page.get_by_label("Passord (gjenta)").fill(PASSWORD)
    page.get_by_role("button", name="Registrer deg").click()
    _visit(page, "Bekreft din e-postadresse")
    message = mail.outbox[-1]
    assert message.to == [EMAIL]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(base + "/accounts/" + link.split("/accounts/", 1)[1])
    _visit(page, "e-postadresse")
    page.get_by_role("button", name="Bekreft").click()

    # Logged in: register the organisation.
    _visit(page, "Mine sider")
    page.get_by_role("link", name="Registrer organisasjon").click()
    _visit(page, "Registrer organisasjon")
    page.get_by_label("Organisasjonsnummer").fill("974 760 674")
    page.get_by_label("Navn").fill("Vefsn Industriklynge")
    page.get_by_label("Type organisasjon").select_option("cluster")
    page.get_by_role("button", name="Registrer").click()
    expect(page.locator(".ds-error-summary")).to_contain_text("kontrollsifferet stemmer ikke")
    assert_accessible(page)
    expect(page.get_by_label("Navn")).to_have_value("Vefsn Industriklynge")
    page.get_by_label("Organisasjonsnummer").fill("974 760 673")
    page.get_by_label("Fylke").select_option(label="Nordland")
    page.get_by_role("button", name="Registrer").click()
    _visit(page, "Mine sider")
    expect(page.get_by_text("Du handler for Vefsn Industriklynge")).to_be_visible()
    # The first registration of a number waits for an adviser; here the adviser confirms it.
    organisation_confirm(organisation=Organisation.objects.get(orgnr="974760673"), by=None)

    # Find the open call and start.
    page.goto(f"{base}/calls/{OPEN_CALL_SLUG}/")
    _visit(page, "Kompetanseutvikling")
    page.get_by_role("link", name="Start søknad").click()
    _visit(page, "Start søknad")
    page.get_by_role("button", name="Start søknad").click()
    _visit(page, "Søknad")
    expect(page.get_by_text("Ikke påbegynt")).to_have_count(4)

    # 1. Project.
    page.get_by_role("link", name="1. Prosjekt").click()
    _visit(page, "Prosjekt")
    page.get_by_label("Prosjekttittel").fill("Automasjon for industrien på Helgeland")
    page.get_by_label("Sammendrag").fill("Et fagskoletilbud i automasjon for ansatte i industrien.")
    expect(page.get_by_text("av 1 000 tegn")).to_be_visible()
    page.get_by_label("Prosjektbeskrivelse").fill("Vi bygger et tilbud sammen med fagskolen.")
    page.get_by_label("Prosjektstart").fill("2026-08-01")
    page.get_by_label("Prosjektslutt").fill("2027-06-30")
    page.get_by_label("Målgruppe og kompetansebehov").fill("Operatører og fagarbeidere.")
    page.get_by_label("Planlagt tilbud").fill("Fagskoleutdanning, 30 studiepoeng (EVU).")
    page.get_by_label("Forventet antall deltakere").fill("40")
    # The call's outcome indicators: a target for each (what the reports are measured against).
    targets = page.locator("input[name^=target_]")
    assert targets.count() == 5
    for index in range(targets.count()):
        targets.nth(index).fill(str(index + 1))
    page.get_by_role("button", name="Lagre og gå tilbake til oversikten").click()
    _visit(page, "Automasjon for industrien")
    expect(page.get_by_text("av Kari Nordmann")).to_be_visible()  # who saved it, by name

    # 2. Partners.
    page.get_by_role("link", name="2. Partnere").click()
    _visit(page, "Partnere")
    page.get_by_label("Navn på partner").fill("Fagskolen i Nordland")
    page.get_by_label("Rolle i prosjektet").select_option("education_provider")
    page.get_by_label("Kommune").select_option(label="1804 Bodø")
    page.get_by_role("button", name="Legg til partner").click()
    _visit(page, "Partnere")
    page.get_by_label("Navn på partner").fill("Mosjøen Verk AS")
    page.get_by_label("Organisasjonsnummer").fill("974 760 673")
    page.get_by_label("Rolle i prosjektet").select_option("participating_firm")
    page.get_by_label("Kommune").select_option(label="1824 Vefsn")
    page.get_by_role("button", name="Legg til partner").click()
    _visit(page, "Partnere")
    expect(page.get_by_role("table")).to_contain_text("Mosjøen Verk AS")
    page.get_by_role("link", name="Tilbake til oversikten").click()

    # 3. Budget: 1 500 000 kr in costs, 1 000 000 kr requested, 500 000 kr own contribution.
    page.get_by_role("link", name="3. Budsjett").click()
    _visit(page, "Budsjett")
    page.get_by_label("Personalkostnader (rad 1)").fill("600 000")
    page.get_by_label("Kjøp av tjenester (rad 1)").fill("300 000 kr")
    page.get_by_label("Personalkostnader (rad 2)").fill("600 000")
    page.get_by_label("Søkt tilskudd").fill("1 000 000 kr")
    page.get_by_label("Egenfinansiering").fill("400 000")
    page.get_by_role("button", name="Lagre", exact=True).click()
    _visit(page, "Budsjett")
    expect(page.get_by_text("må være lik kostnadsplanen")).to_be_visible()
    page.get_by_label("Egenfinansiering").fill("500 000")
    page.get_by_role("button", name="Lagre og gå tilbake til oversikten").click()
    _visit(page, "Automasjon for industrien")

    # 4. Attachments.
    page.get_by_role("link", name="4. Vedlegg").click()
    _visit(page, "Vedlegg")
    plan = tmp_path / "prosjektplan.pdf"
    plan.write_bytes(PDF)
    page.get_by_label("Velg fil").set_input_files(str(plan))
    page.get_by_role("button", name="Last opp").click()
    _visit(page, "Vedlegg")
    expect(page.get_by_role("link", name="prosjektplan.pdf")).to_be_visible()
    page.get_by_role("link", name="Tilbake til oversikten").click()
    _visit(page, "Automasjon for industrien")
    expect(page.get_by_text("Fullført")).to_have_count(4)

    # Check and send.
    page.get_by_role("link", name="5. Se over og send").click()
    _visit(page, "Se over og send")
    expect(page.locator(".ds-error-summary")).to_have_count(0)
    page.get_by_role("button", name="Send søknaden").click()
    _visit(page, "Søknaden er sendt")
    reference = page.get_by_test_id("reference").inner_text()
    assert re.fullmatch(r"KRN-\d{4}-1-001", reference)
    receipt = mail.outbox[-1]
    assert reference in receipt.subject and receipt.to == [EMAIL]

    page.get_by_role("link", name="Til Mine sider").click()
    _visit(page, "Mine sider")
    row = page.get_by_role("row", name=re.compile("Automasjon for industrien"))
    expect(row).to_contain_text("Sendt")
    expect(row).to_contain_text(reference)

    application = Application.objects.get(reference=reference)
    assert application.status == Application.Status.SUBMITTED
    assert application.requested_amount == 1_000_000
    assert application.outside_district_area is False

    # Withdraw before the deadline, then send again: the same reference, one receipt page.
    page.get_by_role("link", name="Automasjon for industrien på Helgeland", exact=True).click()
    _visit(page, "Søknad")
    page.get_by_role("link", name="Se søknaden").click()
    _visit(page, "Automasjon for industrien")
    page.get_by_role("button", name="Trekk søknaden").click()
    _visit(page, "Se over og send")
    expect(page.get_by_text("Søknaden er trukket")).to_be_visible()
    page.get_by_role("button", name="Send søknaden").click()
    _visit(page, "Søknaden er sendt")
    expect(page.get_by_test_id("reference")).to_have_text(reference)
