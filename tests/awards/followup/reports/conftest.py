"""An accepted grant on a call with the scheme's five indicators, its reports, and the people."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.models import Application, IndicatorTarget
from awards.followup import services as grant_services
from awards.models import Report
from calls.reporting import ReportSchedule, indicators_add_scheme_defaults

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
STARTS, ENDS = dt.date(2026, 8, 1), dt.date(2027, 7, 31)


def pdf(name="deltakere.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def accepted(offered, org_admin):
    """The grant accepted by the organisation's administrator; its reports exist."""
    application = offered.award.application
    Application.objects.filter(pk=application.pk).update(project_start=STARTS, project_end=ENDS)
    call = application.call
    ReportSchedule.objects.create(call=call, final_days_after_end=60)
    indicators_add_scheme_defaults(call=call)
    for order, indicator in enumerate(call.indicators.all(), start=1):
        IndicatorTarget.objects.create(application=application, indicator=indicator, target=order)
    offered.award.application.refresh_from_db()
    return grant_services.grant_accept(
        grant=offered, by=org_admin, conditions_confirmed=True, period_confirmed=True
    )


@pytest.fixture
def final(accepted):
    return Report.objects.get(grant=accepted, kind=Report.Kind.FINAL)


@pytest.fixture
def progress(accepted):
    return Report.objects.get(grant=accepted, kind=Report.Kind.PROGRESS)


def fill(report, *, by):
    """Everything a report needs before it can be sent."""
    from awards.followup.reports import services

    indicators = list(report.grant.award.application.call.indicators.all())
    report = services.report_save_text(report=report, by=by, field="status_text", text="Går bra.")
    report = services.report_save_text(report=report, by=by, field="learned", text="Mye.")
    return services.report_save_figures(
        report=report, by=by, figures={i.pk: 10 * n for n, i in enumerate(indicators, start=1)}
    )
