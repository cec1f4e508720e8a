"""The demo's call titles say what the call is, not what stage it is in: a title becomes the
public heading of the call's results."""

import pytest

from awards.demo.assessment import ASSESSMENT_CALL_SLUG
from awards.demo.load import load_demo
from calls.models import Call

pytestmark = pytest.mark.django_db
STATES = ("vurdering pågår", "pågår", "under behandling", "åpen nå")


def test_no_demo_call_title_holds_its_state():
    load_demo()
    for call in Call.objects.all():
        assert not any(state in call.title.lower() for state in STATES), call.title


def test_the_call_being_assessed_is_named_by_its_year_and_number():
    load_demo()
    call = Call.objects.get(slug=ASSESSMENT_CALL_SLUG)
    assert call.title.endswith("– andre utlysning")
    assert str(call.closes_at.year) in call.title
