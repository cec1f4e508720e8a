"""Migration 0006 drops Award.amount: an award without a decision gets one with its amount first,
and where the two disagreed the decision's amount stands."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

OSLO = ZoneInfo("Europe/Oslo")
BEFORE = ("awards", "0005_award_project_period_public_data_version")
AFTER = ("awards", "0006_award_amount_from_decision")


def _migrate(awards_node=None):
    """Every app at its newest migration, but awards at ``awards_node`` when given."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = executor.loader.graph.leaf_nodes()
    if awards_node is not None:
        targets = [node for node in targets if node[0] != "awards"] + [awards_node]
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_awards_get_their_amount_from_a_decision():
    apps = _migrate(BEFORE)
    User = apps.get_model("auth", "User")
    Scheme = apps.get_model("calls", "Scheme")
    Call = apps.get_model("calls", "Call")
    Organisation = apps.get_model("applications", "Organisation")
    Application = apps.get_model("applications", "Application")
    Award = apps.get_model("awards", "Award")
    Decision = apps.get_model("awards", "Decision")
    try:
        adviser = User.objects.create(username="migration-adviser")
        scheme = Scheme.objects.create(
            code="MIG", name="Migrering", owner="KDD", administrator="IN"
        )
        call = Call.objects.create(
            scheme=scheme,
            title="Migrering",
            slug="migrering",
            summary="…",
            opens_at=dt.datetime(2015, 1, 1, tzinfo=OSLO),
            closes_at=dt.datetime(2015, 6, 1, 12, tzinfo=OSLO),
            budget=10_000_000,
            max_amount_per_project=3_000_000,
            contact_name="Rådgiver",
        )
        organisation = Organisation.objects.create(name="Klynge", orgnr="974760673")
        decided = dt.datetime(2015, 11, 20, 12, tzinfo=OSLO)
        lone, tampered = (
            Application.objects.create(call=call, organisation=organisation, title=title)
            for title in ("Uten vedtak", "Endret i admin")
        )
        Award.objects.create(
            application=lone, amount=800_000, decided_at=decided, is_published=True
        )
        Award.objects.create(application=tampered, amount=9_000_000, decided_at=decided)
        Decision.objects.create(
            application=tampered,
            outcome="award",
            amount=1_000_000,
            decided_by=adviser,
            decided_at=decided,
        )

        apps = _migrate(AFTER)
        Decision = apps.get_model("awards", "Decision")
        made = Decision.objects.get(application_id=lone.pk)
        assert (made.outcome, made.amount, made.decided_at) == ("award", 800_000, decided)
        assert made.letter_sent_at == decided  # published, so it was made known
        assert Decision.objects.get(application_id=tampered.pk).amount == 1_000_000
    finally:
        _migrate()
