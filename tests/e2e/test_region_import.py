"""An adviser keeps the district-policy zones up to date from the ministry's list."""

import re

import pytest
from playwright.sync_api import expect

from awards.demo.load import load_demo
from calls.models import Municipality
from tests.e2e.test_adviser_flow import _log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_adviser_imports_municipalities_from_csv(live_server, page, settings, tmp_path):
    settings.UTLYSNING_STAFF_MFA_REQUIRED = True
    load_demo()
    _log_in(
        page,
        live_server.url,
        email="radgiver@utlysning.example",
        password="demo-radgiver-2026",
        next_url="/admin/calls/municipality/",
        totp_user="radgiver",
    )
    page.get_by_role("link", name="Importer fra CSV").click()
    expect(page).to_have_url(re.compile(r"/admin/calls/municipality/import/$"))

    bad = tmp_path / "feil.csv"
    bad.write_text("kommunenummer;navn;fylkesnummer;sone\n1833;Rana;18;V\n", encoding="utf-8")
    page.get_by_label("CSV-fil").set_input_files(str(bad))
    page.get_by_label("Gyldig fra").fill("2026-01-01")
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_text("Linje 2: sonen må være I, II, III eller IV.")).to_be_visible()

    good = tmp_path / "soner.csv"
    good.write_text(
        "kommunenummer;navn;fylkesnummer;sone\n1833;Rana;18;III\n1804;Bodø;18;III\n",
        encoding="utf-8",
    )
    page.get_by_label("CSV-fil").set_input_files(str(good))
    page.get_by_label("Gyldig fra").fill("2026-01-01")
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_text("Importert: 2 nye og 0 oppdaterte kommuner.")).to_be_visible()
    assert Municipality.objects.filter(valid_from="2026-01-01").count() == 2
