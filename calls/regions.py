"""Counties, municipalities and district-policy zones from the data files in the repository.

`calls/data/regions/` holds SSB's divisions (counties, municipalities) and the ministry's
district-policy zones, each row with its validity period (see the README there). `regions_load`
makes the database say the same: a municipality row is stored per period in which its number,
name, county and zone stay the same, so the rows valid on a call's deadline carry the zones valid
that day. Loading is idempotent; it never deletes a row (applications and organisations point at
them), and rows that are not in the files, such as an adviser's CSV import of a later revision,
are kept and win from the day they start.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import County, Municipality

DATA_DIR = Path(__file__).resolve().parent / "data" / "regions"
ZONES = {zone.value for zone in Municipality.Zone}


@dataclass
class LoadResult:
    """What one load changed, per model: created, updated and unchanged rows."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    kept: int = 0  # municipality rows in the database that the files do not name

    def count(self, model: str, what: str) -> None:
        row = self.counts.setdefault(model, {"created": 0, "updated": 0, "unchanged": 0})
        row[what] += 1

    def lines(self) -> list[str]:
        lines = [
            f"{model}: {row['created']} created, {row['updated']} updated, "
            f"{row['unchanged']} unchanged"
            for model, row in self.counts.items()
        ]
        if self.kept:
            lines.append(f"municipalities not in the files, kept: {self.kept}")
        return lines


def _day(text: str, *, where: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"{where}: {text!r} is not a date (YYYY-MM-DD).") from None


def _read(path: Path, columns: list[str], number_digits: int) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=";")
        if reader.fieldnames != columns:
            raise ValidationError(f"{path.name}: the header must be {';'.join(columns)}.")
        for line, row in enumerate(reader, start=2):
            where = f"{path.name} line {line}"
            number = row[columns[0]].strip()
            if not re.fullmatch(rf"[0-9]{{{number_digits}}}", number):
                raise ValidationError(f"{where}: {number!r} must have {number_digits} digits.")
            valid_from = _day(row["gyldig_fra"].strip(), where=where)
            valid_to = _day(row["gyldig_til"].strip(), where=where)
            if valid_from is None or (valid_to is not None and valid_to < valid_from):
                raise ValidationError(f"{where}: the period must start, and end after it starts.")
            rows.append(
                {**{k: v.strip() for k, v in row.items()}, "from": valid_from, "to": valid_to}
            )
    return rows


def _covers(outer_from, outer_to, day) -> bool:
    return outer_from <= day and (outer_to is None or day <= outer_to)


def _pieces(municipality: dict, zones: list[dict]) -> list[tuple]:
    """Split one municipality period at the zone periods of its number: (from, to, zone)."""
    start, end = municipality["from"], municipality["to"]
    pieces = []
    for zone in sorted(zones, key=lambda z: z["from"]):
        z_from = max(zone["from"], start)
        z_to = end if zone["to"] is None else (zone["to"] if end is None else min(zone["to"], end))
        if z_to is not None and z_to < z_from:
            continue
        pieces.append((z_from, z_to, zone["sone"]))
    day = start
    for z_from, z_to, _zone in pieces:  # the zones must cover the period without a gap
        if z_from != day:
            break
        day = None if z_to is None else z_to + dt.timedelta(days=1)
        if day is None:
            break
    if not pieces or day is not None and (end is None or day <= end):
        raise ValidationError(
            f"district_policy_zones.csv: no zone for {municipality['kommunenummer']} "
            f"{municipality['navn']} on {day or start} (the zones must cover the period "
            f"{start}–{end or ''} without a gap)."
        )
    return pieces


def _counties(directory: Path, result: LoadResult) -> list[County]:
    rows = _read(
        directory / "counties.csv", ["fylkesnummer", "navn", "gyldig_fra", "gyldig_til"], 2
    )
    existing = {(c.number, c.valid_from): c for c in County.objects.select_for_update()}
    loaded = []
    for row in rows:
        county = existing.get((row["fylkesnummer"], row["from"]))
        if county is None:
            county = County.objects.create(
                number=row["fylkesnummer"],
                name=row["navn"],
                valid_from=row["from"],
                valid_to=row["to"],
            )
            result.count("counties", "created")
        elif (county.name, county.valid_to) != (row["navn"], row["to"]):
            county.name, county.valid_to = row["navn"], row["to"]
            county.save(update_fields=["name", "valid_to"])
            result.count("counties", "updated")
        else:
            result.count("counties", "unchanged")
        loaded.append(county)
    return loaded


def _county_for(counties: list[County], number: str, start, end, where: str) -> County:
    for county in counties:
        if (
            county.number == number
            and _covers(county.valid_from, county.valid_to, start)
            and (county.valid_to is None or (end is not None and end <= county.valid_to))
        ):
            return county
    raise ValidationError(f"{where}: no county {number} covers {start}–{end or ''}.")


def municipality_periods_close(*, numbers) -> int:
    """End each municipality period the day before a later period of the same number starts.

    A later row wins from its first day: a division or zone map read from the files, or an
    adviser's import. Returns how many rows were shortened.
    """
    rows = defaultdict(list)
    for m in (
        Municipality.objects.select_for_update()
        .filter(number__in=list(numbers))
        .order_by("number", "valid_from")
    ):
        rows[m.number].append(m)
    closed = []
    for periods in rows.values():
        for earlier, later in zip(periods, periods[1:], strict=False):
            last_day = later.valid_from - dt.timedelta(days=1)
            if earlier.valid_to is None or earlier.valid_to > last_day:
                earlier.valid_to = last_day
                closed.append(earlier)
    Municipality.objects.bulk_update(closed, ["valid_to"])
    return len(closed)


@transaction.atomic
def regions_load(*, directory: Path = DATA_DIR) -> LoadResult:
    """Create or update counties and municipalities (with their zones) from the data files."""
    result = LoadResult()
    counties = _counties(directory, result)
    municipalities = _read(
        directory / "municipalities.csv",
        ["kommunenummer", "navn", "fylkesnummer", "gyldig_fra", "gyldig_til"],
        4,
    )
    zones = defaultdict(list)
    for row in _read(
        directory / "district_policy_zones.csv",
        ["kommunenummer", "sone", "gyldig_fra", "gyldig_til"],
        4,
    ):
        if row["sone"] not in ZONES:
            raise ValidationError(f"district_policy_zones.csv: {row['sone']!r} is not a zone.")
        zones[row["kommunenummer"]].append(row)
    wanted = {}
    for row in municipalities:
        where = f"municipalities.csv {row['kommunenummer']} {row['navn']}"
        if row["fylkesnummer"] != row["kommunenummer"][:2]:
            raise ValidationError(f"{where}: the county must be the number's first two digits.")
        county = _county_for(counties, row["fylkesnummer"], row["from"], row["to"], where)
        for start, end, zone in _pieces(row, zones[row["kommunenummer"]]):
            wanted[(row["kommunenummer"], start)] = (row["navn"], county, zone, end)
    existing = {(m.number, m.valid_from): m for m in Municipality.objects.select_for_update()}
    others = defaultdict(list)  # rows the files do not name, such as a later import
    for number, start in existing:
        if (number, start) not in wanted:
            others[number].append(start)
    new, changed = [], []
    for (number, start), (name, county, zone, end) in wanted.items():
        later = [day for day in others.get(number, ()) if day > start]
        if later and (end is None or end >= min(later)):
            end = min(later) - dt.timedelta(days=1)
        municipality = existing.get((number, start))
        if municipality is None:
            new.append(
                Municipality(
                    number=number,
                    valid_from=start,
                    name=name,
                    county=county,
                    district_policy_zone=zone,
                    valid_to=end,
                )
            )
            result.count("municipalities", "created")
            continue
        values = (municipality.name, municipality.county_id, municipality.district_policy_zone)
        if values == (name, county.pk, zone) and municipality.valid_to == end:
            result.count("municipalities", "unchanged")
            continue
        municipality.name, municipality.county = name, county
        municipality.district_policy_zone, municipality.valid_to = zone, end
        changed.append(municipality)
        result.count("municipalities", "updated")
    Municipality.objects.bulk_create(new)
    Municipality.objects.bulk_update(
        changed, ["name", "county", "district_policy_zone", "valid_to"]
    )
    result.kept = sum(len(starts) for starts in others.values())
    if others:
        municipality_periods_close(numbers=others)
    return result
