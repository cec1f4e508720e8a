"""Demo data for applicants: the demo applicant's organisation and membership.

Idempotent: everything is found by a natural key (organisation number, person and organisation)
and updated, so loading twice leaves the same data. The counties and municipalities are the
published ones, loaded before this (`calls/regions.py`).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from calls.demo import upsert
from calls.models import County

from .models import Membership, Organisation
from .orgnr import orgnr_from_sequence

DEMO_ORGANISATION = {
    "orgnr": orgnr_from_sequence(1, base=93_000_000),
    "name": "Helgeland Industriklynge (demo)",
    "kind": Organisation.Kind.CLUSTER,
    "county_number": "18",
    "address": "Industriveien 1, 8657 Mosjøen",
    "website": "https://helgeland-industriklynge.example",
}
DEMO_APPLICANT_EMAIL = "soker@utlysning.example"


def load_demo_organisation() -> Organisation:
    values = dict(DEMO_ORGANISATION)
    county = (
        County.objects.valid_on(timezone.localdate())
        .filter(number=values.pop("county_number"))
        .first()
    )
    orgnr = values.pop("orgnr")
    return upsert(Organisation, {"orgnr": orgnr}, {**values, "county": county})


@transaction.atomic
def load_applicant_demo() -> None:
    organisation = load_demo_organisation()
    applicant = get_user_model().objects.filter(email=DEMO_APPLICANT_EMAIL).first()
    if applicant is not None:
        Membership.objects.update_or_create(
            user=applicant, organisation=organisation, defaults={"role": Membership.Role.ADMIN}
        )
