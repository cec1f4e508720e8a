"""Sending, withdrawing and continuing a sketch: each rule of the submission services."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.applying import services, submission
from applications.models import Application, Membership, Partner
from calls.models import Call, Municipality
from tests.factories import (
    CallFactory,
    DraftFactory,
    MembershipFactory,
    MunicipalityFactory,
    PartnerFactory,
    complete_draft,
    invited_sketch,
)

pytestmark = pytest.mark.django_db


def _editor(application, role=Membership.Role.EDITOR):
    return MembershipFactory(organisation=application.organisation, role=role).user


def _open_call(**kwargs):
    now = timezone.now()
    return CallFactory(
        opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=30), **kwargs
    )


def test_submitting_gives_a_reference_from_scheme_year_call_and_sequence(committed):
    application = complete_draft()
    user = _editor(application)
    with committed():
        submitted = submission.application_submit(application=application, by=user)
    year = timezone.localtime(application.call.closes_at).year
    assert submitted.reference == f"KRN-{year}-{application.call.number}-001"
    assert submitted.status == Application.Status.SUBMITTED
    assert submitted.submitted_by == user
    assert submitted.reference in mail.outbox[-1].subject
    assert user.email in mail.outbox[-1].to


def test_the_sequence_counts_per_call():
    first = complete_draft()
    second = complete_draft(call=first.call)
    submission.application_submit(application=first, by=_editor(first))
    submission.application_submit(application=second, by=_editor(second))
    second.refresh_from_db()
    assert second.reference.endswith("-002")


def test_an_incomplete_application_cannot_be_submitted():
    application = DraftFactory()
    with pytest.raises(ValidationError, match="Beskriv prosjektet"):
        submission.application_submit(application=application, by=_editor(application))
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_submitting_twice_is_refused():
    application = complete_draft()
    user = _editor(application)
    submission.application_submit(application=application, by=user)
    with pytest.raises(ValidationError, match="allerede sendt"):
        submission.application_submit(application=application, by=user)


def test_a_submitted_application_is_read_only():
    application = complete_draft()
    user = _editor(application)
    submission.application_submit(application=application, by=user)
    with pytest.raises(ValidationError, match="kan ikke endres"):
        services.application_save_project(
            application=application, version=1, values={"title": "Endret"}, by=user
        )


def test_without_a_firm_in_the_district_area_the_application_is_flagged():
    application = complete_draft()
    application.partners.filter(role=Partner.Role.PARTICIPATING_FIRM).update(
        municipality=MunicipalityFactory(district_policy_zone=Municipality.Zone.I)
    )
    submitted = submission.application_submit(application=application, by=_editor(application))
    assert submitted.outside_district_area is True


def test_with_a_firm_in_the_district_area_it_is_not_flagged():
    application = complete_draft()
    submitted = submission.application_submit(application=application, by=_editor(application))
    assert submitted.outside_district_area is False


def test_withdraw_then_submit_again_keeps_the_reference():
    application = complete_draft()
    user = _editor(application)
    reference = submission.application_submit(application=application, by=user).reference
    withdrawn = submission.application_withdraw(application=application, by=user)
    assert withdrawn.status == Application.Status.WITHDRAWN
    again = submission.application_submit(application=application, by=user)
    assert again.status == Application.Status.SUBMITTED
    assert again.reference == reference


def test_a_draft_cannot_be_withdrawn():
    application = complete_draft()
    with pytest.raises(ValidationError):
        submission.application_withdraw(application=application, by=_editor(application))


def test_an_invited_sketch_becomes_a_prefilled_application_on_the_linked_call():
    sketch_call = CallFactory(stage=Call.Stage.SKETCH)
    sketch = invited_sketch(call=sketch_call)
    full_call = _open_call(sketch_call=sketch_call)
    user = _editor(sketch)
    application = submission.application_from_sketch(sketch=sketch, by=user)
    assert application.call == full_call
    assert application.sketch == sketch
    assert application.title == sketch.title
    assert application.partners.count() == 2
    assert application.cost_lines.count() == 1
    assert submission.application_from_sketch(sketch=sketch, by=user) == application


def test_a_sketch_that_was_not_invited_cannot_become_an_application():
    sketch_call = CallFactory(stage=Call.Stage.SKETCH)
    sketch = complete_draft(call=sketch_call, status=Application.Status.SUBMITTED)
    _open_call(sketch_call=sketch_call)
    with pytest.raises(ValidationError, match="invitert"):
        submission.application_from_sketch(sketch=sketch, by=_editor(sketch))


def _sending_queries(partners: int) -> int:
    application = complete_draft()
    for n in range(partners):
        PartnerFactory(application=application, name=f"Bedrift {n}")
    user = _editor(application)
    with CaptureQueriesContext(connection) as queries:
        submission.application_submit(application=application, by=user)
    return len(queries)


def test_sending_reads_the_parts_with_the_locked_row_whatever_their_number():
    few, many = _sending_queries(0), _sending_queries(20)
    assert few == many, (few, many)
    # The lock with the parts, the member, the reference, the district check, the save and its
    # history: the model's own checks run only for what sending changes.
    assert few <= 16, few
