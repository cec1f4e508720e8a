"""The demo's 2015 call tells the press release's follow-up: three projects with approved final
reports and their offers running, marked illustrative; loading twice changes nothing."""

import pytest

from awards.demo.load import load_demo
from awards.models import Grant, Report, ReportFigure

pytestmark = pytest.mark.django_db


def test_three_2015_projects_have_approved_final_reports_with_outcomes(client):
    load_demo()
    load_demo()
    reports = Report.objects.filter(status=Report.Status.APPROVED, kind=Report.Kind.FINAL)
    assert reports.count() == 3
    assert all(r.status_text.startswith("Illustrerende eksempel") for r in reports)
    assert set(reports.values_list("grant__state", flat=True)) <= {
        Grant.State.FINAL_REPORT,
        Grant.State.CLOSED,
    }
    assert all(r.grant.final_report_approved_at for r in reports)
    assert ReportFigure.objects.filter(report__in=reports).count() == 15
    page = client.get("/statistics/").content.decode()
    assert '<td>Nye studie- eller EVU-tilbud etablert</td><td class="num">4</td>' in page
    award = reports.first().grant.award
    detail = client.get(f"/awards/{award.pk}/").content.decode()
    assert "Gjennomført" in detail
    assert "Tallene er illustrerende eksempler i demodata." in detail
