"""Norwegian organisation numbers (Brønnøysundregistrene): normalise, then check with stdnum."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidFormat,
    InvalidLength,
)
from stdnum.exceptions import (
    ValidationError as StdnumError,
)
from stdnum.no import orgnr as stdnum_orgnr

_SEPARATORS = re.compile(r"[\s.\-\u00a0]+")


def normalise_orgnr(value: str) -> str:
    """Turn what people type ("974 760 673", "NO 974 760 673 MVA") into nine digits or less."""
    text = _SEPARATORS.sub("", str(value or "")).upper()
    if text.startswith("NO"):
        text = text[2:]
    if text.endswith("MVA"):
        text = text[:-3]
    return text


def validate_orgnr(value: str) -> str:
    """Return the normalised number, or raise ValidationError with a message a person can act on."""
    number = normalise_orgnr(value)
    if not number:
        raise ValidationError(_("Skriv inn et organisasjonsnummer."), code="required")
    if not number.isdigit():
        raise ValidationError(
            _("Organisasjonsnummeret kan bare inneholde sifre, for eksempel 974 760 673."),
            code="format",
        )
    try:
        return stdnum_orgnr.validate(number)
    except InvalidLength:
        raise ValidationError(
            _("Organisasjonsnummeret må ha 9 sifre (du skrev %(count)s)."),
            code="length",
            params={"count": len(number)},
        ) from None
    except InvalidChecksum:
        raise ValidationError(
            _("Organisasjonsnummeret %(number)s finnes ikke: kontrollsifferet stemmer ikke."),
            code="checksum",
            params={"number": format_orgnr(number)},
        ) from None
    except (InvalidFormat, StdnumError):
        raise ValidationError(_("Organisasjonsnummeret er ikke gyldig."), code="invalid") from None


def format_orgnr(number: str) -> str:
    """Show nine digits as people read them: 974 760 673."""
    if len(number) == 9 and number.isdigit():
        return f"{number[0:3]} {number[3:6]} {number[6:9]}"
    return number


def orgnr_from_sequence(sequence: int, *, base: int = 91_000_000) -> str:
    """A well-formed organisation number (correct MOD11 check digit) from a fixed series.

    Used for demo, test and benchmark organisations so their numbers are valid and repeatable;
    they are not numbers looked up in Enhetsregisteret.
    """
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    candidate = base + sequence * 7
    while True:
        digits = [int(d) for d in f"{candidate:08d}"]
        remainder = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
        if remainder != 1:
            check = 0 if remainder == 0 else 11 - remainder
            return f"{candidate:08d}{check}"
        candidate += 1
