"""An accepted grant of 1 500 000 kr on a budget of 3 000 000 kr (personnel 2 000 000, other
costs 1 000 000), its organisation's people, a case handler and two payout approvers."""

import datetime as dt

import pytest
from django.utils import timezone

from awards.followup import services as followup_services
from awards.followup.changes import services
from awards.models import Grant
from tests.awards.followup.payments.conftest import (  # noqa: F401
    PDF,
    approver,
    checker,
    pdf,
    second_approver,
)
from tests.factories import CostLineFactory


@pytest.fixture
def accepted(offered, org_admin):
    """The payments' accepted grant, on an application for August 2026 to the end of 2027."""
    application = offered.award.application
    application.project_start = dt.date(2026, 8, 1)
    application.project_end = dt.date(2027, 12, 31)
    application.save()
    application.cost_lines.all().delete()
    for year in (2026, 2027):
        CostLineFactory(
            application=application,
            year=year,
            personnel=1_000_000,
            purchased_services=0,
            other=500_000,
        )
    followup_services.grant_accept(
        grant=offered, by=org_admin, conditions_confirmed=True, period_confirmed=True
    )
    return Grant.objects.get(pk=offered.pk)


def ask(grant, *, by, kind="project_period", reason="Rekrutteringen tok lengre tid.", **values):
    """A change request; a longer project period (a year past the application's end) unless
    told otherwise."""
    if kind == "project_period":
        values.setdefault("new_project_end", dt.date(2028, 12, 31))
    return services.change_request_create(grant=grant, by=by, kind=kind, reason=reason, **values)


def later(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)
