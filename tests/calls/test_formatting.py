"""Kroner, deadlines and long dates as people read them, in bokmål and English."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.utils import translation

from applications.amounts import format_kroner_input
from calls.formatting import format_deadline, format_kroner, format_long_date, group_digits

OSLO = ZoneInfo("Europe/Oslo")


def test_kroner_are_grouped_with_no_break_spaces_in_bokmaal():
    assert format_kroner(1_500_000) == "1\u00a0500\u00a0000\u00a0kr"
    assert format_kroner(-2500) == "−2\u00a0500\u00a0kr"
    assert format_kroner(None) == ""
    assert format_kroner("mange") == "mange"


def test_kroner_in_english_put_the_currency_first():
    with translation.override("en"):
        assert format_kroner(1_500_000) == "NOK\u00a01,500,000"


def test_an_amount_in_an_input_field_is_grouped_with_plain_spaces():
    assert group_digits(1_500_000, " ") == "1 500 000"
    assert format_kroner_input(1_500_000) == "1 500 000"
    assert format_kroner_input(None) == ""


def test_a_deadline_is_read_in_oslo_time():
    utc = dt.datetime(2026, 3, 2, 11, 0, tzinfo=dt.UTC)
    assert format_deadline(utc) == "2. mars 2026 kl. 12.00"
    with translation.override("en"):
        assert format_deadline(utc) == "2 March 2026 at 12:00"


def test_a_long_date_takes_a_date_or_a_datetime_in_oslo():
    assert format_long_date(dt.date(2015, 6, 1)) == "1. juni 2015"
    late_evening_utc = dt.datetime(2015, 5, 31, 23, 30, tzinfo=dt.UTC)
    assert format_long_date(late_evening_utc) == "1. juni 2015"
    assert format_long_date(None) == ""


def test_the_template_filters_wrap_the_same_functions():
    html = Template("{% load utlysning %}{{ a|kroner }} | {{ d|deadline }} | {{ day|longdate }}")
    text = html.render(
        Context(
            {
                "a": 250_000,
                "d": dt.datetime(2026, 3, 2, 12, 0, tzinfo=OSLO),
                "day": dt.date(2026, 3, 2),
            }
        )
    )
    assert text == (
        f"{format_kroner(250_000)} | {format_deadline(dt.datetime(2026, 3, 2, 12, 0, tzinfo=OSLO))}"
        f" | {format_long_date(dt.date(2026, 3, 2))}"
    )
