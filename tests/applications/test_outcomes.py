"""The doors the assessment side moves a sent application through, and what applicants then see."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from applications import outcomes
from applications.models import Application
from tests.factories import ApplicationFactory, DraftFactory, UserFactory

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
Status = Application.Status


def test_a_sent_application_is_marked_under_review_by_the_adviser():
    application = ApplicationFactory(status=Status.SUBMITTED)
    adviser = UserFactory(is_staff=True)
    outcomes.application_mark_under_review(application=application, by=adviser)
    application.refresh_from_db()
    assert application.status == Status.UNDER_REVIEW
    assert application.history.first().history_user == adviser


def test_marking_under_review_leaves_a_decided_application_as_it_is():
    application = ApplicationFactory(status=Status.AWARDED)
    outcomes.application_mark_under_review(application=application, by=UserFactory())
    application.refresh_from_db()
    assert application.status == Status.AWARDED


@pytest.mark.parametrize("status", [Status.DRAFT, Status.WITHDRAWN])
def test_an_application_that_is_not_sent_cannot_be_taken_up(status):
    application = DraftFactory(status=status)
    with pytest.raises(ValidationError, match="ikke sendt inn"):
        outcomes.application_mark_under_review(application=application, by=UserFactory())
    application.refresh_from_db()
    assert application.status == status


@pytest.mark.parametrize("status", [Status.INVITED, Status.AWARDED, Status.REJECTED])
def test_an_outcome_is_recorded_with_who_and_why(status):
    application = ApplicationFactory(status=Status.UNDER_REVIEW)
    adviser = UserFactory(is_staff=True)
    outcomes.application_record_outcome(
        application=application, status=status, by=adviser, reason="Nytt vedtak"
    )
    application.refresh_from_db()
    assert application.status == status
    record = application.history.first()
    assert (record.history_user, record.history_change_reason) == (adviser, "Nytt vedtak")


def test_an_outcome_can_be_changed():
    application = ApplicationFactory(status=Status.AWARDED)
    outcomes.application_record_outcome(
        application=application, status=Status.REJECTED, by=UserFactory()
    )
    application.refresh_from_db()
    assert application.status == Status.REJECTED


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.WITHDRAWN])
def test_only_invited_awarded_or_rejected_are_outcomes(status):
    application = ApplicationFactory(status=Status.UNDER_REVIEW)
    with pytest.raises(ValidationError, match="invitert, innvilget eller avslått"):
        outcomes.application_record_outcome(application=application, status=status, by=None)


def test_a_draft_gets_no_outcome():
    application = DraftFactory()
    with pytest.raises(ValidationError, match="ikke sendt inn"):
        outcomes.application_record_outcome(
            application=application, status=Status.AWARDED, by=UserFactory()
        )
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_the_applicant_sees_the_outcome_only_once_it_is_announced():
    application = ApplicationFactory(status=Status.UNDER_REVIEW)
    outcomes.application_record_outcome(
        application=application, status=Status.AWARDED, by=UserFactory()
    )
    application.refresh_from_db()
    assert application.applicant_status == Status.UNDER_REVIEW
    assert application.applicant_status_label == "under behandling"
    assert not application.outcome_is_announced
    sent = dt.datetime(2026, 5, 4, 10, 0, tzinfo=OSLO)
    outcomes.application_announce_outcome(application=application, at=sent, by=UserFactory())
    application.refresh_from_db()
    assert application.outcome_announced_at == sent
    assert application.outcome_is_announced
    assert application.applicant_status == Status.AWARDED
    assert application.applicant_status_label == "innvilget"


def test_announcing_without_a_time_uses_now():
    application = ApplicationFactory(status=Status.REJECTED)
    before = dt.datetime.now(OSLO)
    outcomes.application_announce_outcome(application=application, by=UserFactory())
    application.refresh_from_db()
    assert application.outcome_announced_at >= before


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.UNDER_REVIEW, Status.DRAFT])
def test_there_is_nothing_to_announce_before_an_outcome(status):
    application = ApplicationFactory(status=status)
    with pytest.raises(ValidationError, match="ikke noe utfall"):
        outcomes.application_announce_outcome(application=application, by=UserFactory())
    application.refresh_from_db()
    assert application.outcome_announced_at is None


def test_an_announcement_counts_only_for_a_decided_application():
    """The field records that the applicant was told; the status says what they see now."""
    application = ApplicationFactory(
        status=Status.UNDER_REVIEW, outcome_announced_at=dt.datetime(2026, 5, 4, tzinfo=OSLO)
    )
    assert not application.outcome_is_announced
    assert application.applicant_status == Status.UNDER_REVIEW
