"""Generated applications in assessment for the admin's benchmark and query-count tests.

Calls, organisations with a member each, applications with a case, a review with scores, and for
some a decision, an award, its grant, the letter and a message (fast: bulk inserts). Kept apart
from the published awards of ``bench.py`` (own scheme, own slugs, own organisation numbers) so
each set can be made again without the other.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction

from applications.models import Application, Organisation
from applications.orgnr import orgnr_from_sequence
from awards.decisions.models import Award, Decision
from calls.models import Call, County, Scheme

from .bench import AWARDS_PER_CALL, AWARDS_PER_ORGANISATION, BATCH, OSLO, WORDS, _delete_previous

CASE_SCHEME_CODE = "BENK"
CASE_SLUG_PREFIX = "benk-saker-"
CASE_ORG_PREFIX = "Saksbenk "
CASE_ORGNR_BASE = 97_000_000
CASE_USER_PREFIX = "saksbenk-"
SUBMITTED_FROM = dt.datetime(2025, 2, 20, 12, tzinfo=OSLO)


def _delete_previous_cases() -> None:
    from django.contrib.auth import get_user_model

    from applications.models import CostLine, Membership, Partner
    from awards.assessment.models import Case, ReviewAssignment, Score
    from awards.dialogue.models import InternalNote, Message, ThreadRead
    from awards.followup.models import Grant
    from awards.letters.models import Letter
    from calls.models import Criterion

    application = Application._meta.db_table
    in_calls = (
        f"SELECT a.id FROM {application} a JOIN {Call._meta.db_table} c ON c.id = a.call_id "  # noqa: S608
        "WHERE c.slug LIKE %s"
    )
    prefix = [CASE_SLUG_PREFIX + "%"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {Grant._meta.db_table} WHERE award_id IN "  # noqa: S608
            f"(SELECT id FROM {Award._meta.db_table} WHERE application_id IN ({in_calls}))",
            prefix,
        )
        cursor.execute(
            f"DELETE FROM {Score._meta.db_table} WHERE assignment_id IN "  # noqa: S608
            f"(SELECT id FROM {ReviewAssignment._meta.db_table} "
            f"WHERE application_id IN ({in_calls}))",
            prefix,
        )
        dependents = (Letter, Message, InternalNote, ThreadRead, Award, Decision)
        for model in (*dependents, ReviewAssignment, Case, Partner, CostLine):
            cursor.execute(
                f"DELETE FROM {model._meta.db_table} WHERE application_id IN ({in_calls})",  # noqa: S608
                prefix,
            )
        cursor.execute(
            f"DELETE FROM {application} WHERE id IN ({in_calls})",  # noqa: S608
            prefix,
        )
        cursor.execute(
            f"DELETE FROM {Criterion._meta.db_table} WHERE call_id IN "  # noqa: S608
            f"(SELECT id FROM {Call._meta.db_table} WHERE slug LIKE %s)",
            prefix,
        )
        cursor.execute(f"DELETE FROM {Call._meta.db_table} WHERE slug LIKE %s", prefix)  # noqa: S608
        organisation = Organisation._meta.db_table
        cursor.execute(
            f"DELETE FROM {Membership._meta.db_table} WHERE organisation_id IN "  # noqa: S608
            f"(SELECT id FROM {organisation} WHERE name LIKE %s)",
            [CASE_ORG_PREFIX + "%"],
        )
        cursor.execute(
            f"DELETE FROM {organisation} WHERE name LIKE %s AND NOT EXISTS "  # noqa: S608
            f"(SELECT 1 FROM {application} a WHERE a.organisation_id = {organisation}.id)",
            [CASE_ORG_PREFIX + "%"],
        )
    get_user_model().objects.filter(username__startswith=CASE_USER_PREFIX).delete()


@transaction.atomic
def create_bench_cases(*, applications: int, reviewers, adviser) -> list:
    """Replace the generated assessment set with ``applications`` applications; returns them.

    ``reviewers`` (staff users) share the reviews round-robin, ``adviser`` owns the cases and
    makes the decisions. Every fourth application has an award (decision, award, grant, letter);
    every tenth has a message from the applicant.
    """
    from django.contrib.auth import get_user_model

    from applications.models import Membership
    from awards.assessment.models import Case, ReviewAssignment, Score
    from awards.dialogue.models import Message
    from awards.followup.models import Grant
    from awards.letters.models import Letter
    from calls.models import Criterion

    _delete_previous_cases()
    scheme, _ = Scheme.objects.get_or_create(
        code=CASE_SCHEME_CODE,
        defaults={
            "name": "Benk: saksbehandling",
            "owner": "Kommunal- og distriktsdepartementet",
            "administrator": "Innovasjon Norge",
        },
    )
    counties = list(County.objects.order_by("pk")[:15]) or [
        County.objects.create(number="50", name="Trøndelag", valid_from=dt.date(2024, 1, 1))
    ]
    call_count = max(1, -(-applications // AWARDS_PER_CALL))
    calls = Call.objects.bulk_create(
        Call(
            scheme=scheme,
            slug=f"{CASE_SLUG_PREFIX}{index}",
            title=f"Saksbenk: utlysning {index}",
            number=index + 1,
            summary="Generert utlysning for ytelsestester i saksbehandlingen.",
            opens_at=dt.datetime(2025, 1, 10, 9, tzinfo=OSLO),
            closes_at=dt.datetime(2025, 3, 1, 12, tzinfo=OSLO),
            budget=AWARDS_PER_CALL * 3_000_000,
            max_amount_per_project=3_000_000,
            contact_name="Benk Rådgiver",
            is_published=True,
        )
        for index in range(call_count)
    )
    criteria = Criterion.objects.bulk_create(
        Criterion(call=call, name=name, weight=50, order=order)
        for call in calls
        for order, name in enumerate(["Relevans", "Gjennomføring"], start=1)
    )
    criteria_of = {call.pk: [c for c in criteria if c.call_id == call.pk] for call in calls}
    org_count = max(1, -(-applications // AWARDS_PER_ORGANISATION))
    organisations = Organisation.objects.bulk_create(
        (
            Organisation(
                name=f"{CASE_ORG_PREFIX}næringsmiljø {index}",
                orgnr=orgnr_from_sequence(index, base=CASE_ORGNR_BASE),
                kind=Organisation.Kind.CLUSTER,
                county=counties[index % len(counties)],
            )
            for index in range(org_count)
        ),
        batch_size=BATCH,
    )
    members = get_user_model().objects.bulk_create(
        (
            get_user_model()(
                username=f"{CASE_USER_PREFIX}{index}",
                email=f"{CASE_USER_PREFIX}{index}@example.org",
                first_name="Søker",
                last_name=str(index),
                password="!",  # no usable password  # noqa: S106
            )
            for index in range(org_count)
        ),
        batch_size=BATCH,
    )
    Membership.objects.bulk_create(
        (
            Membership(user=user, organisation=organisation, role=Membership.Role.ADMIN)
            for user, organisation in zip(members, organisations, strict=True)
        ),
        batch_size=BATCH,
    )
    statuses = [
        Application.Status.UNDER_REVIEW,
        Application.Status.SUBMITTED,
        Application.Status.UNDER_REVIEW,
        Application.Status.AWARDED,
    ]
    rows = Application.objects.bulk_create(
        (
            Application(
                call=calls[index // AWARDS_PER_CALL],
                organisation=organisations[index % org_count],
                reference=f"BENK-2025-{index // AWARDS_PER_CALL + 1}-{index:06d}",
                sequence=index % AWARDS_PER_CALL + 1,
                title=f"{WORDS[index % len(WORDS)]}: sak {index} i Bodø og Alta",
                summary="Etter- og videreutdanning for bedrifter i næringsmiljøet.",
                requested_amount=1_000_000 + (index % 20) * 100_000,
                status=statuses[index % 4],
                outside_district_area=index % 9 == 0,
                submitted_at=dt.datetime(2025, 2, 20, 12, tzinfo=OSLO)
                + dt.timedelta(minutes=index),
                submitted_by=members[index % org_count],
            )
            for index in range(applications)
        ),
        batch_size=BATCH,
    )
    Case.objects.bulk_create(
        (
            Case(
                application=application,
                case_owner=adviser,
                eligibility=Case.Eligibility.ELIGIBLE if index % 5 else Case.Eligibility.UNCHECKED,
            )
            for index, application in enumerate(rows)
        ),
        batch_size=BATCH,
    )
    now = dt.datetime(2025, 4, 1, 12, tzinfo=OSLO)
    assignments = ReviewAssignment.objects.bulk_create(
        (
            ReviewAssignment(
                application=application,
                reviewer=reviewers[index % len(reviewers)],
                role=ReviewAssignment.Role.SIVA,
                impartiality=ReviewAssignment.Impartiality.IMPARTIAL,
                declared_at=now,
                submitted_at=now if index % 3 else None,
                assigned_by=adviser,
            )
            for index, application in enumerate(rows)
        ),
        batch_size=BATCH,
    )
    Score.objects.bulk_create(
        (
            Score(assignment=assignment, criterion=criterion, score=1 + (index + n) % 6)
            for index, (assignment, application) in enumerate(zip(assignments, rows, strict=True))
            for n, criterion in enumerate(criteria_of[application.call_id])
        ),
        batch_size=BATCH,
    )
    awarded = [a for a in rows if a.status == Application.Status.AWARDED]
    decisions = Decision.objects.bulk_create(
        (
            Decision(
                application=application,
                outcome=Decision.Outcome.AWARD,
                amount=application.requested_amount - 100_000,
                decided_by=adviser,
                decided_at=now,
                letter_sent_at=now,
            )
            for application in awarded
        ),
        batch_size=BATCH,
    )
    awards = Award.objects.bulk_create(
        (
            Award(
                application=application,
                decided_at=now,
                project_starts_on=dt.date(2025, 6, 1),
                project_ends_on=dt.date(2026, 12, 31),
                is_published=False,
            )
            for application in awarded
        ),
        batch_size=BATCH,
    )
    Grant.objects.bulk_create(
        (
            Grant(award=award, offered_at=now, accept_by=now + dt.timedelta(days=21))
            for award in awards
        ),
        batch_size=BATCH,
    )
    Letter.objects.bulk_create(
        (
            Letter(
                application=application,
                decision=decision,
                kind="offer",
                subject=f"Tilbud om tilskudd: {application.title}",
                body="Vi har gleden av å tilby tilskudd til prosjektet.",
                sent_at=now,
                sent_by=adviser,
                delivery_status=Letter.Delivery.SENT,
                delivered_at=now,
            )
            for application, decision in zip(awarded, decisions, strict=True)
        ),
        batch_size=BATCH,
    )
    Message.objects.bulk_create(
        (
            Message(
                application=application,
                author=members[index % org_count],
                text="Vi har et spørsmål om budsjettet.",
            )
            for index, application in enumerate(rows)
            if index % 10 == 0
        ),
        batch_size=BATCH,
    )
    return rows


def remove_bench_awards() -> None:
    """Remove the generated published awards (``create_bench_awards``), nothing else."""
    _delete_previous()
