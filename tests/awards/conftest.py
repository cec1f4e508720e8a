"""Fixtures for the assessment tests: a closed call with criteria, its people and applications."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from applications.models import Application
from awards import roles
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CaseFactory,
    CriterionFactory,
    StaffFactory,
    UserFactory,
)

OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture
def call():
    call = CallFactory(
        budget=5_000_000,
        max_amount_per_project=3_000_000,
        opens_at=dt.datetime(2026, 1, 5, 9, 0, tzinfo=OSLO),
        closes_at=dt.datetime(2026, 3, 2, 12, 0, tzinfo=OSLO),
    )
    CriterionFactory(call=call, name="Relevans", weight=60, order=1)
    CriterionFactory(call=call, name="Gjennomføring", weight=40, order=2)
    return call


@pytest.fixture
def adviser():
    return StaffFactory(username="adviser", group=roles.ADVISER)


@pytest.fixture
def reviewer():
    return StaffFactory(username="reviewer", group=roles.PARTNER_REVIEWER)


@pytest.fixture
def other_reviewer():
    return StaffFactory(username="other-reviewer", group=roles.PARTNER_REVIEWER)


@pytest.fixture
def applicant():
    return UserFactory(username="applicant")


@pytest.fixture
def application(call):
    return ApplicationFactory(
        call=call, requested_amount=2_000_000, status=Application.Status.SUBMITTED
    )


@pytest.fixture
def eligible(application):
    CaseFactory(application=application)
    return application


def make_eligible(call, **kwargs) -> Application:
    application = ApplicationFactory(call=call, status=Application.Status.UNDER_REVIEW, **kwargs)
    CaseFactory(application=application)
    return application
