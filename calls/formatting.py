"""Formatting people expect in Norwegian public services: kroner, deadlines, long dates, and
people by the name they gave.

Plain functions, for code that writes text (e-mails, letters, messages, feeds); the template
filters in ``calls/templatetags/utlysning.py`` wrap them.
"""

from __future__ import annotations

import datetime as dt

from django.utils import dateformat, timezone, translation

NBSP = "\u00a0"

_DEADLINE_FORMATS = {
    "nb": r"j. F Y \k\l. H.i",
    "en": r"j F Y \a\t H:i",
}
_DATE_FORMATS = {"nb": r"j. F Y", "en": r"j F Y"}


def _language() -> str:
    return (translation.get_language() or "nb").split("-")[0]


def group_digits(value: int, separator: str) -> str:
    """1500000 → '1 500 000' with the separator given between each group of three digits."""
    return f"{value:,}".replace(",", separator)


def format_kroner(amount) -> str:
    """1500000 → '1 500 000 kr' (bokmål) or 'NOK 1,500,000' (English)."""
    if amount is None or amount == "":
        return ""
    try:
        value = int(amount)
    except (TypeError, ValueError):
        return str(amount)
    sign = "−" if value < 0 else ""
    if _language() == "en":
        return f"{sign}NOK{NBSP}{group_digits(abs(value), ',')}"
    return f"{sign}{group_digits(abs(value), NBSP)}{NBSP}kr"


def format_deadline(value: dt.datetime | None) -> str:
    """An aware datetime as people read a deadline: '1. juni 2015 kl. 12.00' in Europe/Oslo."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return dateformat.format(local, _DEADLINE_FORMATS.get(_language(), _DEADLINE_FORMATS["nb"]))


def format_long_date(value: dt.date | dt.datetime | None) -> str:
    """A date (or datetime, in Europe/Oslo) as '1. juni 2015'."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    return dateformat.format(value, _DATE_FORMATS.get(_language(), _DATE_FORMATS["nb"]))


def person_name(user) -> str:
    """A person as others read them: the name they gave, else their e-mail address.

    Never the username alone while there is an address: sign-up makes one up ("kari.074716")
    that nobody chose. Only an account with neither name nor address (one made on the command
    line) shows its username.
    """
    if user is None:
        return ""
    name = " ".join((user.get_full_name() or "").split())
    return name or (user.email or "") or user.get_username()


def person_with_address(user) -> str:
    """'Kari Nordmann (kari@example.org)' where both are known, else what there is."""
    name = person_name(user)
    email = getattr(user, "email", "") or ""
    return f"{name} ({email})" if email and name != email else name
