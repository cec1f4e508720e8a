"""Deciding, inviting and sending letters wait until the call has closed."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from applications.models import Application
from awards.letters import services as letter_services
from awards.models import Decision, Letter
from calls.models import Call
from tests import deciding
from tests.factories import ApplicationFactory, CallFactory, CaseFactory, MembershipFactory

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")
CLOSES = dt.datetime(2026, 3, 2, 12, 0, tzinfo=OSLO)
BEFORE = CLOSES - dt.timedelta(minutes=1)


def _under_review(stage=Call.Stage.APPLICATION):
    call = CallFactory(stage=stage, opens_at=CLOSES - dt.timedelta(days=60), closes_at=CLOSES)
    application = ApplicationFactory(call=call, status=Application.Status.UNDER_REVIEW)
    CaseFactory(application=application)
    MembershipFactory(organisation=application.organisation)
    return application


@pytest.mark.parametrize(
    ("stage", "values"),
    [
        (Call.Stage.APPLICATION, {"outcome": "award", "amount": 500_000}),
        (Call.Stage.APPLICATION, {"outcome": "reject", "rejection_reason": "low_score"}),
        (Call.Stage.SKETCH, {"outcome": "invite"}),
    ],
    ids=["award", "reject", "invite"],
)
def test_no_decision_before_the_deadline(adviser, stage, values):
    application = _under_review(stage)
    with (
        time_machine.travel(BEFORE, tick=False),
        pytest.raises(ValidationError, match="venter til fristen har gått ut"),
    ):
        deciding.decision_make(application=application, by=adviser, **values)
    assert not Decision.objects.exists()
    with time_machine.travel(CLOSES, tick=False):
        deciding.decision_make(application=application, by=adviser, **values)
    assert Decision.objects.count() == 1


def test_no_letter_before_the_deadline(adviser):
    application = _under_review()
    with time_machine.travel(CLOSES + dt.timedelta(hours=1), tick=False):
        deciding.decision_make(
            application=application, outcome="reject", rejection_reason="low_score", by=adviser
        )
    # The deadline moved out after the decision (an extended call): the letter waits.
    Call.objects.filter(pk=application.call_id).update(closes_at=CLOSES + dt.timedelta(days=7))
    with (
        time_machine.travel(CLOSES + dt.timedelta(days=1), tick=False),
        pytest.raises(ValidationError, match="venter til fristen har gått ut"),
    ):
        letter_services.letter_send(application=application, by=adviser)
    assert not Letter.objects.exists()
