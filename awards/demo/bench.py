"""Generated published awards for load tests and query-count tests (fast: bulk inserts).

Everything generated hangs off calls whose slug starts with ``bench-``; generating again first
removes the previous set, so the number of awards is what was asked for.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import connection, transaction

from applications.models import Application, Organisation
from applications.orgnr import orgnr_from_sequence
from awards.decisions.models import Award, Decision
from awards.public.cache import public_data_changed
from awards.public.models import ClosedCallFigures, PublishedAward, PublishedAwardTotals
from calls.models import Call, County, Scheme

OSLO = ZoneInfo("Europe/Oslo")
SLUG_PREFIX = "bench-"
ORG_PREFIX = "Benk "
ORGNR_BASE = 95_000_000
AWARDS_PER_CALL = 1000
AWARDS_PER_ORGANISATION = 3
BATCH = 5000

COUNTIES_2024 = [
    ("03", "Oslo"),
    ("11", "Rogaland"),
    ("15", "Møre og Romsdal"),
    ("18", "Nordland"),
    ("31", "Østfold"),
    ("32", "Akershus"),
    ("33", "Buskerud"),
    ("34", "Innlandet"),
    ("39", "Vestfold"),
    ("40", "Telemark"),
    ("42", "Agder"),
    ("46", "Vestland"),
    ("50", "Trøndelag"),
    ("55", "Troms"),
    ("56", "Finnmark"),
]
WORDS = ["Kompetanse", "Havrom", "Industri 4.0", "Reiseliv", "Sjømat", "Grønt skifte", "Ærlig IKT"]


def _delete_previous() -> None:
    """Plain SQL deletes: no per-row signals for tens of thousands of rows."""
    award, application = Award._meta.db_table, Application._meta.db_table
    decision = Decision._meta.db_table
    call, organisation = Call._meta.db_table, Organisation._meta.db_table
    # The award list's own tables point at the awards and calls (a cascade Django would do).
    listing = [m._meta.db_table for m in (PublishedAward, PublishedAwardTotals, ClosedCallFigures)]
    with connection.cursor() as cursor:
        bench_calls = f"SELECT id FROM {call} WHERE slug LIKE %s"  # noqa: S608
        for table in listing:
            cursor.execute(
                f"DELETE FROM {table} WHERE call_id IN ({bench_calls})",  # noqa: S608
                [SLUG_PREFIX + "%"],
            )
        for table in (award, decision):
            cursor.execute(
                f"DELETE FROM {table} WHERE application_id IN "  # noqa: S608
                f"(SELECT id FROM {application} WHERE call_id IN ({bench_calls}))",
                [SLUG_PREFIX + "%"],
            )
        cursor.execute(
            f"DELETE FROM {application} WHERE call_id IN ({bench_calls})",  # noqa: S608
            [SLUG_PREFIX + "%"],
        )
        cursor.execute(f"DELETE FROM {call} WHERE slug LIKE %s", [SLUG_PREFIX + "%"])  # noqa: S608
        cursor.execute(
            f"DELETE FROM {organisation} WHERE name LIKE %s AND NOT EXISTS "  # noqa: S608
            f"(SELECT 1 FROM {application} a WHERE a.organisation_id = {organisation}.id)",
            [ORG_PREFIX + "%"],
        )


def bench_scheme() -> Scheme:
    """The scheme generated data belongs to (the demo's, when it is loaded)."""
    scheme, _ = Scheme.objects.get_or_create(
        code="KRN",
        defaults={
            "name": "Kompetanseutvikling i regionale næringsmiljø",
            "owner": "Kommunal- og distriktsdepartementet",
            "administrator": "Innovasjon Norge",
            "annual_budget": 20_000_000,
        },
    )
    return scheme


@transaction.atomic
def create_bench_awards(*, awards: int) -> None:
    """Replace the generated set with ``awards`` published awards."""
    _delete_previous()
    scheme = bench_scheme()
    # The published counties of 2024 when they are loaded (`load_regions`), else rows of its own.
    counties = [
        County.objects.valid_on(dt.date(2024, 1, 1)).filter(number=number).first()
        or County.objects.get_or_create(
            number=number, valid_from=dt.date(2024, 1, 1), defaults={"name": name}
        )[0]
        for number, name in COUNTIES_2024
    ]
    call_count = max(1, -(-awards // AWARDS_PER_CALL))
    calls = Call.objects.bulk_create(
        Call(
            scheme=scheme,
            slug=f"{SLUG_PREFIX}{index}",
            title=f"Benk: kompetanseutvikling, utlysning {index}",
            number=index + 1,  # unique in the scheme, whatever the year
            summary="Generert utlysning for ytelsestester.",
            opens_at=dt.datetime(2020 + index % 6, 1, 10, 9, tzinfo=OSLO),
            closes_at=dt.datetime(2020 + index % 6, 3, 1, 12, tzinfo=OSLO) + dt.timedelta(index),
            budget=AWARDS_PER_CALL * 3_000_000,
            max_amount_per_project=3_000_000,
            contact_name="Benk Rådgiver",
            is_published=True,
        )
        for index in range(call_count)
    )
    org_count = max(1, -(-awards // AWARDS_PER_ORGANISATION))
    organisations = Organisation.objects.bulk_create(
        (
            Organisation(
                name=f"{ORG_PREFIX}næringsmiljø {index}",
                orgnr=orgnr_from_sequence(index, base=ORGNR_BASE),
                kind=Organisation.Kind.CLUSTER,
                county=counties[index % len(counties)],
            )
            for index in range(org_count)
        ),
        batch_size=BATCH,
    )
    applications = Application.objects.bulk_create(
        (
            Application(
                call=calls[index // AWARDS_PER_CALL],
                organisation=organisations[index % org_count],
                title=f"{WORDS[index % len(WORDS)]}: prosjekt {index} på Åsane og Ørland",
                summary="Etter- og videreutdanning for bedrifter i næringsmiljøet.",
                requested_amount=1_000_000 + (index % 20) * 100_000,
                status=Application.Status.AWARDED,
                submitted_at=calls[index // AWARDS_PER_CALL].closes_at - dt.timedelta(days=1),
            )
            for index in range(awards)
        ),
        batch_size=BATCH,
    )
    # The amount is the decision's; generated decisions have their letters sent (published).
    Decision.objects.bulk_create(
        (
            Decision(
                application=application,
                outcome=Decision.Outcome.AWARD,
                amount=application.requested_amount - 100_000,
                decided_at=application.submitted_at + dt.timedelta(days=60),
                letter_sent_at=application.submitted_at + dt.timedelta(days=60),
            )
            for application in applications
        ),
        batch_size=BATCH,
    )
    Award.objects.bulk_create(
        (
            Award(
                application=application,
                decided_at=application.submitted_at + dt.timedelta(days=60),
                project_starts_on=dt.date(application.submitted_at.year + 1, 1, 1),
                project_ends_on=dt.date(application.submitted_at.year + 2, 12, 31),
                is_published=True,
            )
            for application in applications
        ),
        batch_size=BATCH,
    )
    public_data_changed()  # bulk inserts send no signals
