"""Whole kroner as people type them."""

import pytest

from applications.amounts import parse_kroner

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1 500 000", 1_500_000),
        ("1 500 000 kr", 1_500_000),
        ("1\u00a0500\u00a0000\u00a0kr", 1_500_000),
        ("kr 1.500.000,-", 1_500_000),
        ("NOK 250000", 250_000),
        ("0", 0),
        ("", None),
    ],
)
def test_norwegian_amounts_are_understood(typed, expected):
    assert parse_kroner(typed) == expected
