"""A call's number is unique per scheme and year of the deadline; references never collide."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from applications.applying import submission
from applications.models import Application, Membership
from calls.models import Call, call_next_free_number
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    MembershipFactory,
    SchemeFactory,
    complete_draft,
)

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


def _unsaved_call(scheme, *, closes_at, number=1):
    return CallFactory.build(
        scheme=scheme,
        number=number,
        opens_at=closes_at - dt.timedelta(days=30),
        closes_at=closes_at,
    )


def test_a_second_call_numbered_1_in_the_same_scheme_and_year_is_refused_with_the_next_free():
    scheme = SchemeFactory()
    CallFactory(scheme=scheme, number=1, closes_at=dt.datetime(2026, 3, 2, 12, tzinfo=OSLO))
    call = _unsaved_call(scheme, closes_at=dt.datetime(2026, 10, 1, 12, tzinfo=OSLO))
    with pytest.raises(ValidationError) as error:
        call.full_clean()
    message = " ".join(error.value.message_dict["number"])
    assert "allerede brukt" in message
    assert "Neste ledige nummer er 2" in message


def test_the_same_number_in_another_year_or_scheme_is_accepted():
    scheme = SchemeFactory()
    CallFactory(scheme=scheme, number=1, closes_at=dt.datetime(2026, 3, 2, 12, tzinfo=OSLO))
    _unsaved_call(scheme, closes_at=dt.datetime(2027, 3, 2, 12, tzinfo=OSLO)).full_clean()
    other = SchemeFactory(code="ANN", name="En annen ordning")
    _unsaved_call(other, closes_at=dt.datetime(2026, 3, 2, 12, tzinfo=OSLO)).full_clean()


def test_the_year_is_the_deadline_year_in_norway():
    scheme = SchemeFactory()
    # 1 January 00:30 in Oslo is 2027 there, though still 2026 in UTC.
    CallFactory(scheme=scheme, number=1, closes_at=dt.datetime(2027, 1, 1, 0, 30, tzinfo=OSLO))
    with pytest.raises(ValidationError):
        _unsaved_call(scheme, closes_at=dt.datetime(2027, 6, 1, 12, tzinfo=OSLO)).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        CallFactory(scheme=scheme, number=1, closes_at=dt.datetime(2027, 6, 1, 12, tzinfo=OSLO))


def test_the_database_refuses_a_duplicate_number():
    scheme = SchemeFactory()
    CallFactory(scheme=scheme, number=1, closes_at=dt.datetime(2026, 3, 2, 12, tzinfo=OSLO))
    with pytest.raises(IntegrityError), transaction.atomic():
        CallFactory(scheme=scheme, number=1, closes_at=dt.datetime(2026, 9, 1, 12, tzinfo=OSLO))


def test_the_next_free_number_skips_the_ones_used():
    scheme = SchemeFactory()
    for number in (1, 2, 4):
        CallFactory(
            scheme=scheme, number=number, closes_at=dt.datetime(2026, 3, number, 12, tzinfo=OSLO)
        )
    assert call_next_free_number(scheme_id=scheme.pk, year=2026) == 3
    assert call_next_free_number(scheme_id=scheme.pk, year=2027) == 1


def test_the_admin_suggests_the_next_free_number_for_the_scheme(admin_client):
    scheme = SchemeFactory()
    CallFactory(scheme=scheme, number=1, closes_at=dt.datetime(2026, 3, 2, 12, tzinfo=OSLO))
    with time_machine.travel(dt.datetime(2026, 5, 1, 12, tzinfo=OSLO), tick=False):
        response = admin_client.get(f"/admin/calls/call/add/?scheme={scheme.pk}")
    assert response.context["adminform"].form.initial["number"] == 2


def test_a_reference_already_taken_is_skipped_and_the_applicant_can_send():
    """An older call whose number was changed left a reference the new call would give."""
    scheme = SchemeFactory(code="KRN")
    old = CallFactory(scheme=scheme, number=7, closes_at=dt.datetime(2026, 2, 1, 12, tzinfo=OSLO))
    ApplicationFactory(call=old, sequence=1, reference="KRN-2026-1-001")
    call = CallFactory(scheme=scheme, number=1, closes_at=dt.datetime(2026, 6, 1, 12, tzinfo=OSLO))
    assert Call.objects.filter(scheme=scheme).count() == 2
    application = complete_draft(call=call)
    user = MembershipFactory(organisation=application.organisation, role=Membership.Role.EDITOR)
    with time_machine.travel(dt.datetime(2026, 5, 1, 12, tzinfo=OSLO), tick=False):
        sent = submission.application_submit(application=application, by=user.user)
    assert sent.status == Application.Status.SUBMITTED
    assert sent.reference == "KRN-2026-1-002"
