"""Advisers approve a sent report or send it back with a comment in the admin; the comment is
needed and kept when refused; staff without the right cannot; the version sent back shows."""

import pytest

from awards import roles
from awards.followup.reports import services
from awards.models import Report
from tests.factories import StaffFactory

from .conftest import fill

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.UTLYSNING_STAFF_MFA_REQUIRED = False


@pytest.fixture
def sent(final, org_admin):
    return services.report_submit(report=fill(final, by=org_admin), by=org_admin)


def _page(report):
    return f"/admin/awards/report/{report.pk}/change/"


def _decide(report):
    return f"/admin/awards/report/{report.pk}/decide/"


def test_the_adviser_sees_the_figures_against_the_targets_and_approves(client, sent, adviser):
    client.force_login(adviser)
    page = client.get(_page(sent)).content.decode()
    assert "Resultater mot målene i søknaden" in page
    assert "Godkjenn rapporten" in page
    response = client.post(_decide(sent), {"decision": "approve"}, follow=True)
    assert "Rapporten er godkjent." in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == Report.Status.APPROVED
    assert "Godkjenn rapporten" not in client.get(_page(sent)).content.decode()


def test_sending_back_without_a_comment_is_refused(client, sent, adviser):
    client.force_login(adviser)
    response = client.post(_decide(sent), {"decision": "return", "comment": " "})
    assert response.status_code == 200
    assert "Skriv hva organisasjonen må rette." in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == Report.Status.SUBMITTED


def test_sending_back_keeps_the_version_and_shows_it(client, sent, adviser, org_admin):
    client.force_login(adviser)
    client.post(_decide(sent), {"decision": "return", "comment": "Mangler deltakerliste."})
    sent.refresh_from_db()
    assert sent.status == Report.Status.RETURNED
    services.report_save_text(report=sent, by=org_admin, field="status_text", text="Ny tekst.")
    page = client.get(_page(sent)).content.decode()
    assert "Mangler deltakerliste." in page
    assert "Går bra." in page  # the version sent back


def test_a_partner_reviewer_cannot_open_or_decide_reports(client, sent):
    client.force_login(StaffFactory(username="partner", group=roles.PARTNER_REVIEWER))
    assert client.get(_page(sent)).status_code == 403
    assert client.post(_decide(sent), {"decision": "approve"}).status_code == 403
    sent.refresh_from_db()
    assert sent.status == Report.Status.SUBMITTED


def test_the_admin_index_lists_overdue_reports(client, final, adviser):
    import datetime as dt

    Report.objects.filter(pk=final.pk).update(due_on=dt.date(2020, 1, 1))
    client.force_login(adviser)
    page = client.get("/admin/").content.decode()
    assert "Rapporter på overtid" in page
    assert f"/admin/awards/report/{final.pk}/change/" in page


def test_an_adviser_edits_a_calls_report_schedule_and_indicators_in_the_call_admin(
    client, final, adviser
):
    client.force_login(adviser)
    call = final.grant.award.application.call
    page = client.get(f"/admin/calls/call/{call.pk}/change/").content.decode()
    assert "Rapporteringsplan" in page
    assert 'name="report_schedule-0-final_days_after_end"' in page
    assert 'name="indicators-0-name"' in page
    assert "Studiepoeng" in page
