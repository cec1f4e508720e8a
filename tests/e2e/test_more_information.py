"""An adviser asks for more information in the admin; the applicant corrects the section and
sends it in again; the adviser sees what changed. Axe on every page visited."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from applications.models import Application, CorrectionRequest
from awards.demo.load import load_demo
from tests.e2e.axe import assert_accessible
from tests.e2e.test_adviser_flow import _log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_adviser_asks_and_the_applicant_sends_in_again(live_server, browser, settings):
    settings.UTLYSNING_STAFF_MFA_REQUIRED = True
    load_demo()
    application = (
        Application.objects.filter(
            organisation__memberships__user__email="soker@utlysning.example",
            organisation__memberships__role__in=["admin", "editor"],
            status__in=Application.CORRECTABLE_STATUSES,
        )
        .order_by("pk")
        .first()
    )
    assert application is not None, "the demo applicant has a sent application"
    # The demo's sent applications are sketches of a project: fill in what a full one holds, so
    # that sending the section in again is refused only for what the applicant changes.
    Application.objects.filter(pk=application.pk).update(
        project_start=dt.date(2027, 1, 1),
        project_end=dt.date(2028, 6, 30),
        target_group="Operatører i prosessindustrien.",
        planned_offer="Fagskoletilbud, 30 studiepoeng.",
        expected_participants=30,
    )
    reference = application.reference
    base = live_server.url
    context = {"locale": "en-GB", "timezone_id": "Europe/Oslo"}

    adviser = browser.new_context(**context).new_page()
    adviser.set_default_timeout(15_000)
    case_url = f"/admin/applications/application/{application.pk}/assessment/"
    _log_in(
        adviser,
        base,
        email="radgiver@utlysning.example",
        password="demo-radgiver-2026",
        next_url=case_url,
        totp_user="radgiver",
    )
    section = adviser.locator("#corrections")
    # Without a section and a reason nothing is asked, and what was chosen stays.
    due = timezone.localdate() + dt.timedelta(days=10)
    section.get_by_label("Frist for å sende inn igjen").fill(due.isoformat())
    section.get_by_role("button", name="Be søkeren om mer informasjon").click()
    expect(adviser.locator(".messagelist")).to_contain_text("Velg minst én del")
    expect(section.get_by_label("Frist for å sende inn igjen")).to_have_value(due.isoformat())
    assert_accessible(adviser)

    section.get_by_label("Prosjekt", exact=True).check()
    section.get_by_label("Hva mangler eller må rettes").fill(
        "Skriv hvilke læringsmål EVU-tilbudet har."
    )
    section.get_by_role("button", name="Be søkeren om mer informasjon").click()
    expect(adviser.locator(".messagelist")).to_contain_text("Søkeren er bedt om mer informasjon")
    expect(section).to_contain_text("Venter på søkeren.")
    assert_accessible(adviser)

    applicant = browser.new_context(**context).new_page()
    applicant.set_default_timeout(15_000)
    _log_in(
        applicant,
        base,
        email="soker@utlysning.example",
        password="demo-soker-2026",
        next_url="/my/",
    )
    applicant.get_by_role("link", name="Mer informasjon trengs innen").first.click()
    expect(applicant.get_by_test_id("correction-notice")).to_contain_text("læringsmål")
    assert_accessible(applicant)
    expect(applicant.get_by_text("Låst").first).to_be_visible()
    applicant.get_by_role("link", name="1. Prosjekt").click()
    field = applicant.get_by_label("Prosjektbeskrivelse")
    field.fill(field.input_value() + " Læringsmål: automasjon og sikkerhet.")
    applicant.get_by_role("button", name="Lagre og gå tilbake").click()
    assert_accessible(applicant)
    applicant.get_by_role("link", name="Se over og send inn").click()
    applicant.get_by_role("button", name="Send inn igjen").click()
    expect(applicant.get_by_text("Det dere endret er sendt inn")).to_be_visible()
    assert_accessible(applicant)

    request = CorrectionRequest.objects.get(application=application)
    assert request.answered_at is not None
    application.refresh_from_db()
    assert application.reference == reference
    assert application.status in Application.CORRECTABLE_STATUSES

    adviser.goto(base + case_url)
    table = adviser.locator("#corrections table")
    expect(table).to_contain_text("Prosjektbeskrivelse")
    expect(table).to_contain_text("Læringsmål: automasjon og sikkerhet.")
    assert_accessible(adviser)

    # The request is among the organisation's case documents; internal notes never are.
    applicant.goto(base + "/my/")
    applicant.get_by_role("link", name=f"Saksdokumenter – {application.title}").click()
    expect(applicant.locator("h1")).to_contain_text("Saksdokumenter")
    expect(applicant.get_by_test_id("document-correction")).to_contain_text("læringsmål")
    assert_accessible(applicant)
