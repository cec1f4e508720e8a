"""Deciding from the ranking board: everything above the funding line is awarded its proposed
amount, each through the decision service, in one transaction."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from applications.models import Application
from awards.decisions import services as decision_services
from awards.decisions.ranking import call_ranking
from awards.models import Award, Decision
from calls.models import Call
from tests import deciding
from tests.awards.conftest import make_eligible
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _board(call):
    """Three applications of 2 million each against a budget of 5: two above the line."""
    first = make_eligible(call, requested_amount=2_000_000, reference="A-1")
    second = make_eligible(call, requested_amount=2_000_000, reference="A-2")
    third = make_eligible(call, requested_amount=2_000_000, reference="A-3")
    return first, second, third


def test_everything_above_the_line_is_awarded_its_proposed_amount(adviser, call):
    first, second, third = _board(call)
    decision_services.proposed_amount_set(application=second, amount=1_500_000, by=adviser)

    decisions = decision_services.decisions_award_above_line(
        call=call, payout_deadline=dt.date(2028, 12, 31), impartial=True, by=adviser
    )

    assert {d.application_id: d.amount for d in decisions} == {
        first.pk: 2_000_000,
        second.pk: 1_500_000,
    }
    assert not Decision.objects.filter(application=third).exists()
    for application in (first, second):
        application.refresh_from_db()
        assert application.status == Application.Status.AWARDED
        decision = application.decision
        assert (decision.outcome, decision.decided_by, decision.payout_deadline) == (
            Decision.Outcome.AWARD,
            adviser,
            dt.date(2028, 12, 31),
        )
        # Made through the service: the history names the adviser, and the award exists.
        assert decision.history.get().history_user == adviser
        assert Award.objects.get(application=application).is_published is False
        assert application.history.latest().history_user == adviser


def test_what_was_confirmed_must_still_be_the_board(adviser, call):
    first, second, _third = _board(call)
    confirmed = {row.application.pk: row.proposed for row in call_ranking(call=call).to_award}
    decision_services.proposed_amount_set(application=first, amount=1_000_000, by=adviser)

    with pytest.raises(ValidationError, match="Rangeringen er endret"):
        decision_services.decisions_award_above_line(
            call=call, expected=confirmed, impartial=True, by=adviser
        )
    assert not Decision.objects.exists()


def test_one_refusal_decides_nothing(adviser, call):
    first, second, _third = _board(call)
    # Above the line, but not through the formal check: the service refuses to award it.
    unchecked = ApplicationFactory(
        call=call,
        requested_amount=500_000,
        reference="A-0",
        status=Application.Status.UNDER_REVIEW,
    )
    assert unchecked.pk in {row.application.pk for row in call_ranking(call=call).to_award}

    with pytest.raises(ValidationError) as error:
        decision_services.decisions_award_above_line(call=call, impartial=True, by=adviser)

    assert unchecked.title in str(error.value)
    assert "formelle kravene" in str(error.value)
    assert not Decision.objects.exists()
    assert not Award.objects.exists()
    assert set(Application.objects.values_list("status", flat=True)) == {
        Application.Status.UNDER_REVIEW
    }


def test_over_the_budget_decides_nothing(adviser, call):
    first, second, third = _board(call)
    # An earlier award low on the board leaves too little for what is above the line.
    deciding.decision_make(application=third, outcome="award", amount=2_000_000, by=adviser)
    Application.objects.filter(pk=third.pk).update(reference="A-9")
    rows = call_ranking(call=call).to_award
    assert [row.application.pk for row in rows] == [first.pk, second.pk]

    with pytest.raises(ValidationError, match="går over rammen"):
        decision_services.decisions_award_above_line(call=call, impartial=True, by=adviser)
    assert list(Decision.objects.values_list("application_id", flat=True)) == [third.pk]


def test_nothing_is_decided_before_the_deadline(adviser, call):
    _board(call)
    with (
        time_machine.travel(call.closes_at - dt.timedelta(minutes=1), tick=False),
        pytest.raises(ValidationError, match="venter til fristen har gått ut"),
    ):
        decision_services.decisions_award_above_line(call=call, impartial=True, by=adviser)
    assert not Decision.objects.exists()


def test_sketches_are_not_awarded_from_the_board(adviser, call):
    Call.objects.filter(pk=call.pk).update(stage=Call.Stage.SKETCH)
    call.refresh_from_db()
    _board(call)
    with pytest.raises(ValidationError, match="Prosjektskisser"):
        decision_services.decisions_award_above_line(call=call, impartial=True, by=adviser)
    assert not Decision.objects.exists()


def test_nothing_above_the_line_left_is_said(adviser, call):
    with pytest.raises(ValidationError, match="Ingen søknader over streken"):
        decision_services.decisions_award_above_line(call=call, impartial=True, by=adviser)
