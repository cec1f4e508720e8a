import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction

from calls.models import Call, County, Criterion, Municipality
from tests.factories import CallFactory, CountyFactory, CriterionFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


def _rejected(factory, **kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**kwargs)


def test_call_must_close_after_it_opens():
    moment = dt.datetime(2026, 3, 1, 12, tzinfo=OSLO)
    _rejected(CallFactory, opens_at=moment, closes_at=moment)


def test_call_budget_cannot_be_negative():
    _rejected(CallFactory, budget=-1)


def test_call_max_amount_cannot_exceed_budget():
    _rejected(CallFactory, budget=1_000_000, max_amount_per_project=2_000_000)


def test_call_own_contribution_is_at_most_100_percent():
    _rejected(CallFactory, min_own_contribution_percent=101)


def test_call_slug_is_unique():
    CallFactory(slug="samme")
    _rejected(CallFactory, slug="samme")


def test_criterion_names_are_unique_within_a_call():
    criterion = CriterionFactory(name="Relevans")
    _rejected(CriterionFactory, call=criterion.call, name="Relevans")


def test_criterion_scale_must_be_a_range():
    _rejected(CriterionFactory, scale_min=6, scale_max=6)


def test_criterion_weight_at_most_100():
    _rejected(CriterionFactory, weight=101)


def test_county_number_has_two_digits():
    _rejected(CountyFactory, number="1", valid_from=dt.date(2020, 1, 1))


def test_county_cannot_end_before_it_starts():
    _rejected(
        CountyFactory, number="50", valid_from=dt.date(2018, 1, 1), valid_to=dt.date(2017, 1, 1)
    )


def test_municipality_number_has_four_digits():
    _rejected(MunicipalityFactory, number="180")


def test_counties_valid_on_a_day():
    old = CountyFactory(number="16", name="Sør-Trøndelag", valid_to=dt.date(2017, 12, 31))
    new = CountyFactory(number="50", name="Trøndelag", valid_from=dt.date(2018, 1, 1))
    assert list(County.objects.valid_on(dt.date(2015, 6, 1))) == [old]
    assert list(County.objects.valid_on(dt.date(2024, 6, 1))) == [new]


def test_zone_one_is_outside_the_district_policy_area():
    assert not MunicipalityFactory(district_policy_zone=Municipality.Zone.I).in_district_policy_area
    assert MunicipalityFactory(district_policy_zone=Municipality.Zone.II).in_district_policy_area
    assert MunicipalityFactory(district_policy_zone=Municipality.Zone.III).in_district_policy_area


CLOSES = dt.datetime(2015, 6, 1, 12, 0, tzinfo=OSLO)


@pytest.mark.parametrize(
    ("moment", "status"),
    [
        (CLOSES - dt.timedelta(seconds=1), Call.Status.OPEN),
        (CLOSES, Call.Status.CLOSED),
        (CLOSES + dt.timedelta(seconds=1), Call.Status.CLOSED),
    ],
)
def test_call_status_around_the_deadline(moment, status):
    call = CallFactory(opens_at=dt.datetime(2015, 3, 1, 9, tzinfo=OSLO), closes_at=CLOSES)
    with time_machine.travel(moment, tick=False):
        assert call.status == status
        assert (call in Call.objects.open()) is (status == Call.Status.OPEN)
        assert (call in Call.objects.closed()) is (status == Call.Status.CLOSED)


def test_call_is_upcoming_before_it_opens():
    call = CallFactory(
        opens_at=dt.datetime(2026, 5, 1, 9, tzinfo=OSLO),
        closes_at=dt.datetime(2026, 6, 1, 12, tzinfo=OSLO),
    )
    with time_machine.travel(dt.datetime(2026, 5, 1, 8, 59, 59, tzinfo=OSLO), tick=False):
        assert call.status == Call.Status.UPCOMING
        assert list(Call.objects.upcoming()) == [call]


def test_deadline_across_the_change_to_summer_time():
    # Clocks go from 02:00 to 03:00 in Oslo on 29 March 2026; a deadline at 12:00 that day is
    # 10:00 UTC, not 11:00.
    call = CallFactory(
        opens_at=dt.datetime(2026, 3, 1, 9, tzinfo=OSLO),
        closes_at=dt.datetime(2026, 3, 29, 12, 0, tzinfo=OSLO),
    )
    call.refresh_from_db()
    assert call.closes_at == dt.datetime(2026, 3, 29, 10, 0, tzinfo=dt.UTC)
    with time_machine.travel(dt.datetime(2026, 3, 29, 9, 59, 59, tzinfo=dt.UTC), tick=False):
        assert call.status == Call.Status.OPEN
    with time_machine.travel(dt.datetime(2026, 3, 29, 10, 0, 1, tzinfo=dt.UTC), tick=False):
        assert call.status == Call.Status.CLOSED


def test_deadline_across_the_change_to_winter_time():
    # On 25 October 2026 Oslo goes back from UTC+2 to UTC+1: 12:00 is 11:00 UTC.
    call = CallFactory(
        opens_at=dt.datetime(2026, 10, 1, 9, tzinfo=OSLO),
        closes_at=dt.datetime(2026, 10, 25, 12, 0, tzinfo=OSLO),
    )
    with time_machine.travel(dt.datetime(2026, 10, 25, 10, 59, 59, tzinfo=dt.UTC), tick=False):
        assert call.status == Call.Status.OPEN
    with time_machine.travel(dt.datetime(2026, 10, 25, 11, 0, 1, tzinfo=dt.UTC), tick=False):
        assert call.status == Call.Status.CLOSED


def test_criteria_are_ordered():
    call = CallFactory()
    second = CriterionFactory(call=call, order=2)
    first = CriterionFactory(call=call, order=1)
    assert list(Criterion.objects.filter(call=call)) == [first, second]
