"""An adviser (with two-factor login) sends a report back with a comment in the admin; the
organisation's administrator finds it reopened with the comment. Axe on every page visited."""

import pytest
from playwright.sync_api import expect

from awards.followup.reports import services
from awards.models import Report
from tests.e2e.axe import assert_accessible
from tests.e2e.reports_world import (
    ADVISER_EMAIL,
    EMAIL,
    PASSWORD,
    accepted_grant,
    adviser_with_two_factor,
)
from tests.e2e.test_adviser_flow import _log_in

pytestmark = pytest.mark.django_db(transaction=True)


def _sent_report(grant, user):
    report = Report.objects.get(grant=grant, kind=Report.Kind.PROGRESS)
    report = services.report_save_text(report=report, by=user, field="status_text", text="I rute.")
    report = services.report_save_text(report=report, by=user, field="learned", text="Mye.")
    indicators = grant.award.application.call.indicators.all()
    report = services.report_save_figures(
        report=report, by=user, figures={indicator.pk: 3 for indicator in indicators}
    )
    return services.report_submit(report=report, by=user)


def test_an_adviser_returns_a_report_and_the_applicant_sees_it_reopened(
    live_server, browser, settings
):
    settings.UTLYSNING_STAFF_MFA_REQUIRED = True
    grant, user = accepted_grant("Sveising for havbruk i Lofoten")
    report = _sent_report(grant, user)
    adviser_with_two_factor()
    base = live_server.url

    adviser = browser.new_context(timezone_id="Europe/Oslo").new_page()
    adviser.set_default_timeout(15_000)
    _log_in(
        adviser,
        base,
        email=ADVISER_EMAIL,
        password=PASSWORD,
        next_url=f"/admin/awards/report/{report.pk}/change/",
        totp_user="radgiver",
    )
    assert_accessible(adviser)
    # Without a comment the report stays sent, and the page says what is missing.
    adviser.get_by_role("button", name="Send tilbake").click()
    expect(adviser.locator(".messagelist")).to_contain_text("Skriv hva organisasjonen må rette.")
    assert_accessible(adviser)
    adviser.get_by_label("Hva må organisasjonen rette?").fill("Oppgi antall studiepoeng per emne.")
    adviser.get_by_role("button", name="Send tilbake").click()
    expect(adviser.locator(".messagelist")).to_contain_text("sendt tilbake til organisasjonen")
    expect(adviser.locator("#report-returns")).to_contain_text("Oppgi antall studiepoeng")
    assert_accessible(adviser)
    report.refresh_from_db()
    assert report.status == Report.Status.RETURNED

    applicant = browser.new_context(timezone_id="Europe/Oslo").new_page()
    applicant.goto(f"{base}/my/reports/{report.pk}/")
    applicant.get_by_label("E-post").fill(EMAIL)
    applicant.get_by_label("Passord", exact=True).fill(PASSWORD)
    applicant.get_by_role("button", name="Logg inn").click()
    expect(applicant.locator("h1")).to_contain_text("Framdriftsrapport")
    expect(applicant.get_by_text("Oppgi antall studiepoeng per emne.")).to_be_visible()
    assert_accessible(applicant)
    applicant.get_by_role("link", name="1. Status i prosjektet").click()
    expect(applicant.get_by_label("Status i prosjektet")).to_have_value("I rute.")
    assert_accessible(applicant)
