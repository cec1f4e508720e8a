"""Applicants with complete drafts for the deadline-burst benchmark (fast: bulk inserts).

Everything generated hangs off one open call whose slug starts with ``burst-`` and people whose
username starts with ``burst-``; generating again first removes the previous set. Each applicant
gets a session made here (``sessions``), so the benchmark measures submitting, not password
hashing at login.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from applications.applying.storage import private_storage
from applications.models import (
    Application,
    Attachment,
    CostLine,
    Membership,
    Organisation,
    Partner,
)
from applications.orgnr import orgnr_from_sequence
from calls.models import Call

from .bench import bench_scheme

SLUG = "burst-frist"
USER_PREFIX = "burst-"
ORG_PREFIX = "Frist "
ORGNR_BASE = 96_000_000
CALL_NUMBER = 900
BATCH = 2000
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _delete_previous() -> None:
    """Few enough rows (hundreds) for the ORM, which also removes the stored files' rows."""
    applications = Application.objects.filter(call__slug=SLUG)
    Attachment.objects.filter(application__in=applications).delete()
    applications.delete()
    Call.objects.filter(slug=SLUG).delete()
    Organisation.objects.filter(name__startswith=ORG_PREFIX, applications__isnull=True).delete()
    get_user_model().objects.filter(username__startswith=USER_PREFIX).delete()


def _open_call() -> Call:
    scheme = bench_scheme()
    now = timezone.now()
    return Call.objects.create(
        scheme=scheme,
        slug=SLUG,
        title="Benk: søknadsfrist med mange søkere",
        number=CALL_NUMBER,
        summary="Generert utlysning for å måle innsending rett før fristen.",
        opens_at=now - dt.timedelta(days=30),
        closes_at=now + dt.timedelta(days=1),
        budget=1_000_000_000,
        max_amount_per_project=3_000_000,
        min_own_contribution_percent=30,
        contact_name="Benk Rådgiver",
        is_published=True,
    )


def _sessions(users) -> list[str]:
    """A logged-in session per person, as ``django.contrib.auth.login`` leaves it."""
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    keys = []
    for user in users:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        # The first backend is the one that signs people in with a password (config/backends.py).
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return keys


@transaction.atomic
def create_burst_applicants(*, applicants: int) -> list[dict]:
    """Replace the generated set with ``applicants`` people, each the administrator of their own
    organisation with a complete draft to the open call. Returns, per applicant, the session key
    and the application's id."""
    _delete_previous()
    call = _open_call()
    # One password hash for everyone: hashing hundreds of passwords would take minutes.
    password = make_password("burst-benchmark-password")
    users = get_user_model().objects.bulk_create(
        (
            get_user_model()(
                username=f"{USER_PREFIX}{index}",
                email=f"{USER_PREFIX}{index}@example.org",
                password=password,
            )
            for index in range(applicants)
        ),
        batch_size=BATCH,
    )
    organisations = Organisation.objects.bulk_create(
        (
            Organisation(
                name=f"{ORG_PREFIX}næringsmiljø {index}",
                orgnr=orgnr_from_sequence(index, base=ORGNR_BASE),
                kind=Organisation.Kind.CLUSTER,
            )
            for index in range(applicants)
        ),
        batch_size=BATCH,
    )
    Membership.objects.bulk_create(
        (
            Membership(user=user, organisation=organisation, role=Membership.Role.ADMIN)
            for user, organisation in zip(users, organisations, strict=True)
        ),
        batch_size=BATCH,
    )
    start = timezone.localdate() + dt.timedelta(days=90)
    applications = Application.objects.bulk_create(
        (
            Application(
                call=call,
                organisation=organisation,
                created_by=user,
                title=f"Kompetanseløft i næringsmiljø {index}",
                summary="Etter- og videreutdanning for bedriftene i næringsmiljøet.",
                description="Et kursprogram over to år med tre samlinger i året.",
                project_start=start,
                project_end=start + dt.timedelta(days=700),
                target_group="Ansatte i små og mellomstore bedrifter.",
                planned_offer="Moduler på 7,5 studiepoeng.",
                expected_participants=40,
                requested_amount=600_000,
                own_contribution=400_000,
            )
            for index, (user, organisation) in enumerate(zip(users, organisations, strict=True))
        ),
        batch_size=BATCH,
    )
    Partner.objects.bulk_create(
        (
            Partner(application=application, name=name, role=role)
            for application in applications
            for name, role in (
                ("Høgskolen i Innlandet", Partner.Role.EDUCATION_PROVIDER),
                ("Ølen Mekaniske AS", Partner.Role.PARTICIPATING_FIRM),
            )
        ),
        batch_size=BATCH,
    )
    CostLine.objects.bulk_create(
        (
            CostLine(application=application, year=start.year, personnel=1_000_000)
            for application in applications
        ),
        batch_size=BATCH,
    )
    # One stored file serves every generated attachment: the benchmark never deletes one alone.
    stored = private_storage().save("applications/burst/prosjektplan.pdf", ContentFile(PDF))
    Attachment.objects.bulk_create(
        (
            Attachment(
                application=application,
                file=stored,
                name="prosjektplan.pdf",
                content_type="application/pdf",
                size=len(PDF),
            )
            for application in applications
        ),
        batch_size=BATCH,
    )
    return [
        {"session": key, "application": application.pk}
        for key, application in zip(_sessions(users), applications, strict=True)
    ]


def burst_result(*, applications: list[int]) -> dict:
    """What the database holds after the burst for the given applications: how many are
    submitted, how many references they have and how many of those are distinct."""
    submitted = list(
        Application.objects.filter(
            pk__in=applications, status=Application.Status.SUBMITTED
        ).values_list("pk", "reference")
    )
    references = [reference for _pk, reference in submitted if reference]
    return {
        "submitted": sorted(pk for pk, _reference in submitted),
        "references": len(references),
        "distinct_references": len(set(references)),
    }
