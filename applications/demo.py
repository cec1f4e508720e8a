"""Demo data for applicants: municipalities with district-policy zones, the demo applicant's
organisation and membership.

Idempotent: everything is found by a natural key (municipality number and start of validity,
organisation number, person and organisation) and updated, so loading twice leaves the same data.
The zone of each municipality is illustrative demo data; advisers maintain the real list in the
admin.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from calls.demo import upsert
from calls.models import County, Municipality

from .models import Membership, Organisation
from .orgnr import orgnr_from_sequence

MUNICIPALITIES_CSV = Path(__file__).resolve().parent / "demo_data" / "municipalities.csv"
REGIONS_VALID_FROM = dt.date(2015, 1, 1)

DEMO_ORGANISATION = {
    "orgnr": orgnr_from_sequence(1, base=93_000_000),
    "name": "Helgeland Industriklynge (demo)",
    "kind": Organisation.Kind.CLUSTER,
    "county_number": "18",
    "address": "Industriveien 1, 8657 Mosjøen",
    "website": "https://helgeland-industriklynge.example",
}
DEMO_APPLICANT_EMAIL = "soker@utlysning.example"


def load_municipalities(path: Path = MUNICIPALITIES_CSV) -> list[Municipality]:
    counties = {
        county.number: county
        for county in County.objects.filter(valid_from=REGIONS_VALID_FROM).order_by("valid_from")
    }
    loaded = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            county = counties.get(row["county"])
            if county is None:
                continue
            municipality = upsert(
                Municipality,
                {"number": row["number"], "valid_from": REGIONS_VALID_FROM},
                {"name": row["name"], "county": county, "district_policy_zone": row["zone"]},
            )
            loaded.append(municipality)
    return loaded


def load_demo_organisation() -> Organisation:
    values = dict(DEMO_ORGANISATION)
    county = County.objects.filter(
        number=values.pop("county_number"), valid_from=REGIONS_VALID_FROM
    ).first()
    orgnr = values.pop("orgnr")
    return upsert(Organisation, {"orgnr": orgnr}, {**values, "county": county})


@transaction.atomic
def load_applicant_demo() -> None:
    load_municipalities()
    organisation = load_demo_organisation()
    applicant = get_user_model().objects.filter(email=DEMO_APPLICANT_EMAIL).first()
    if applicant is not None:
        Membership.objects.update_or_create(
            user=applicant, organisation=organisation, defaults={"role": Membership.Role.ADMIN}
        )
