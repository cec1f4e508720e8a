"""Registering an organisation in the browser: the number is looked up in Enhetsregisteret (the
local register of tests/brreg.py), the form is filled from its answer, and the person registers."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from applications.models import Organisation
from applications.people.enhetsregisteret import RegisterStatus
from tests import brreg as answers
from tests.e2e.axe import assert_accessible
from tests.factories import CountyFactory, MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_looking_up_the_number_prefills_the_form_and_registers_it_verified(
    live_server, page, brreg
):
    county = CountyFactory(name="Nordland")
    MunicipalityFactory(number="1820", name="Alstahaug", county=county)
    client = Client()
    client.force_login(UserFactory())
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    page.goto(live_server.url + "/my/organisations/new/")
    expect(page.locator("h1")).to_contain_text("Registrer organisasjon")
    page.get_by_label("Organisasjonsnummer").fill("910 000 039")
    page.get_by_role("button", name="Slå opp i Enhetsregisteret").click()
    expect(page.locator(".ds-error-summary")).to_contain_text("er konkurs ifølge Enhetsregisteret")
    assert_accessible(page)

    page.get_by_label("Organisasjonsnummer").fill("910 000 004")
    page.get_by_role("button", name="Slå opp i Enhetsregisteret").click()
    answer = page.get_by_role("region", name="Dette sier Enhetsregisteret")
    expect(answer).to_contain_text("Aksjeselskap")
    expect(answer).to_contain_text("1820 ALSTAHAUG")
    expect(answer).to_contain_text("72.190 Annen forskning og utviklingsarbeid")
    expect(page.get_by_label("Navn (valgfritt)")).to_have_value("Havromsklyngen Helgeland AS")
    expect(page.get_by_label("Adresse (valgfritt)")).to_have_value("Havnegata 1, 8800 SANDNESSJØEN")
    expect(page.get_by_label("Fylke")).to_have_value(str(county.pk))
    assert_accessible(page)

    page.get_by_label("Type organisasjon").select_option("cluster")
    page.get_by_role("button", name="Registrer", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Mine sider")
    expect(page.get_by_text("Du handler for Havromsklyngen Helgeland AS")).to_be_visible()
    organisation = Organisation.objects.get(orgnr=answers.FOUND)
    assert organisation.register_status == RegisterStatus.FOUND
    assert organisation.county == county
