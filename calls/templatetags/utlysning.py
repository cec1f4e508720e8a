"""Formatting people expect in Norwegian public services: money, deadlines, status tags."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import dateformat, timezone, translation
from django.utils.html import format_html

register = template.Library()

NBSP = "\u00a0"

_DEADLINE_FORMATS = {
    "nb": r"j. F Y \k\l. H.i",
    "en": r"j F Y \a\t H:i",
}
_DATE_FORMATS = {"nb": r"j. F Y", "en": r"j F Y"}


def _language() -> str:
    return (translation.get_language() or "nb").split("-")[0]


def format_kroner(amount) -> str:
    """1500000 → '1 500 000 kr' (bokmål) or 'NOK 1,500,000' (English)."""
    if amount is None or amount == "":
        return ""
    try:
        value = int(amount)
    except (TypeError, ValueError):
        return str(amount)
    sign = "−" if value < 0 else ""
    digits = f"{abs(value):,}"
    if _language() == "en":
        return f"{sign}NOK{NBSP}{digits}"
    return f"{sign}{digits.replace(',', NBSP)}{NBSP}kr"


@register.filter
def kroner(amount) -> str:
    return format_kroner(amount)


def format_deadline(value: datetime) -> str:
    """An aware datetime as people read a deadline: '1. juni 2015 kl. 12.00' in Europe/Oslo."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return dateformat.format(local, _DEADLINE_FORMATS.get(_language(), _DEADLINE_FORMATS["nb"]))


@register.filter
def deadline(value) -> str:
    return format_deadline(value)


@register.filter
def longdate(value) -> str:
    """A date (or datetime, in Europe/Oslo) as '1. juni 2015'."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return dateformat.format(value, _DATE_FORMATS.get(_language(), _DATE_FORMATS["nb"]))


_STATUS_COLOURS = {"open": "success", "upcoming": "info", "closed": "neutral"}


@register.simple_tag
def call_status_tag(call) -> str:
    status = call.status
    return format_html(
        '<span class="ds-tag" data-color="{}">{}</span>',
        _STATUS_COLOURS.get(status, "neutral"),
        call.get_status_display(),
    )
