"""Changes to calls and their reference data that people make."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import County, Municipality
from .regions import municipality_periods_close

MAX_IMPORT_ERRORS = 20

_COLUMNS = {
    "number": {"number", "kommunenummer", "nummer", "knr"},
    "name": {"name", "navn", "kommune", "kommunenavn"},
    "county": {"county", "fylke", "fylkesnummer", "fnr"},
    "zone": {"zone", "sone", "distriktspolitisk sone"},
}
_ZONES = {
    "I": Municipality.Zone.I,
    "1": Municipality.Zone.I,
    "II": Municipality.Zone.II,
    "2": Municipality.Zone.II,
    "III": Municipality.Zone.III,
    "3": Municipality.Zone.III,
    "IV": Municipality.Zone.IV,
    "4": Municipality.Zone.IV,
}


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def _header_map(header: list[str]) -> dict[str, int]:
    found = {}
    for index, title in enumerate(header):
        title = title.strip().lower()
        for column, names in _COLUMNS.items():
            if title in names:
                found[column] = index
    missing = [column for column in _COLUMNS if column not in found]
    if missing:
        raise ValidationError(
            _(
                "Første linje må navngi kolonnene kommunenummer, navn, fylkesnummer og sone "
                "(mangler: %(missing)s)."
            ),
            params={"missing": ", ".join(missing)},
        )
    return found


def _rows(text: str) -> list[list[str]]:
    text = text.lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)]


@transaction.atomic
def municipalities_import(*, text: str, valid_from: date) -> ImportResult:
    """Create or update municipalities (number, name, county, district-policy zone) from CSV.

    Municipalities are kept per period: a row updates the municipality with that number valid
    from ``valid_from``, or creates it, and the period before it of the same number ends the day
    before. Every line is checked first; if any is wrong nothing is saved and the error names
    the line.
    """
    rows = _rows(text)
    if not rows:
        raise ValidationError(_("Filen er tom."))
    columns = _header_map(rows[0])
    counties = {county.number: county for county in County.objects.valid_on(valid_from)}
    errors: list[str] = []
    parsed = []
    for line, row in enumerate(rows[1:], start=2):
        cells = {column: (row[i].strip() if i < len(row) else "") for column, i in columns.items()}
        number = cells["number"].zfill(4) if cells["number"].isdigit() else cells["number"]
        problems = []
        if not (len(number) == 4 and number.isdigit()):
            problems.append(_("kommunenummeret må ha fire sifre"))
        if not cells["name"]:
            problems.append(_("navnet mangler"))
        county = counties.get(cells["county"].zfill(2))
        if county is None:
            problems.append(
                _("fylke %(county)s finnes ikke på datoen") % {"county": cells["county"] or "–"}
            )
        zone = _ZONES.get(cells["zone"].upper())
        if zone is None:
            problems.append(_("sonen må være I, II, III eller IV"))
        if problems:
            errors.append(
                _("Linje %(line)s: %(problems)s.") % {"line": line, "problems": "; ".join(problems)}
            )
        else:
            parsed.append((number, cells["name"], county, zone))
    if errors:
        shown = errors[:MAX_IMPORT_ERRORS]
        if len(errors) > MAX_IMPORT_ERRORS:
            shown.append(
                _("… og %(count)s linjer til.") % {"count": len(errors) - MAX_IMPORT_ERRORS}
            )
        raise ValidationError(shown)
    existing = {
        m.number: m
        for m in Municipality.objects.select_for_update().filter(
            valid_from=valid_from, number__in=[number for number, *_rest in parsed]
        )
    }
    created = updated = 0
    for number, name, county, zone in parsed:
        municipality = existing.get(number) or Municipality(number=number, valid_from=valid_from)
        is_new = municipality.pk is None
        municipality.name = name
        municipality.county = county
        municipality.district_policy_zone = zone
        municipality.full_clean()
        municipality.save()
        existing[number] = municipality
        created += is_new
        updated += not is_new
    municipality_periods_close(numbers=existing)
    return ImportResult(created=created, updated=updated)
