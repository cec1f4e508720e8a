"""Whole kroner as people type them: "1 500 000", "1 500 000 kr", "1.500.000", "kr 1500000,-"."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from calls.formatting import group_digits

MAX_KRONER = 10_000_000_000  # ten billion: far above any project in these schemes

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_kroner(value) -> int | None:
    """Return whole kroner, None for empty input, or raise ValidationError a person can act on."""
    if value is None:
        return None
    text = _SPACES.sub("", str(value)).lower()
    if text == "":
        return None
    for prefix in ("nok", "kr."):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    if text.startswith("kr"):
        text = text[2:]
    for suffix in (",-", ".-", "kroner", "kr.", "kr", "nok"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    text = text.removesuffix(",-")
    if text.startswith(("-", "−", "\u2212")):
        raise ValidationError(_("Beløpet kan ikke være negativt."), code="negative")
    if _GROUPED.match(text):
        text = text.replace(".", "")
    if re.fullmatch(r"\d+[.,]\d*", text):
        raise ValidationError(
            _("Skriv hele kroner uten øre, for eksempel 1 500 000."), code="decimals"
        )
    if not text.isdigit() or not text.isascii():
        raise ValidationError(
            _("Skriv beløpet med tall i hele kroner, for eksempel 1 500 000."), code="invalid"
        )
    amount = int(text)
    if amount > MAX_KRONER:
        raise ValidationError(
            _("Beløpet er urimelig stort. Sjekk at du ikke har skrevet for mange sifre."),
            code="too_large",
        )
    return amount


def format_kroner_input(amount) -> str:
    """1500000 → "1 500 000" for an input field (the unit stays outside the field)."""
    if amount in (None, ""):
        return ""
    try:
        return group_digits(int(amount), " ")
    except (TypeError, ValueError):
        return str(amount)


class KronerInput(forms.TextInput):
    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int):
            return format_kroner_input(value)
        return super().format_value(value)


class KronerField(forms.Field):
    """A form field for whole kroner that accepts Norwegian spacing and a "kr" suffix."""

    widget = KronerInput

    def __init__(self, *, required=False, **kwargs):
        super().__init__(required=required, **kwargs)

    def to_python(self, value):
        amount = parse_kroner(value)
        return 0 if amount is None and not self.required else amount
