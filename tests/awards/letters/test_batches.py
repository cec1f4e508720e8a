"""Sending a call's letters: everything that can be refused is refused before anything is
queued; then one background run makes the letters one by one, records what it could not make,
never makes a letter twice, and only one run per call goes at a time."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from awards.letters import services as letter_services
from awards.models import Decision, Letter, LetterBatch
from calls.models import Call
from tests import deciding
from tests.awards.conftest import make_eligible
from tests.factories import MembershipFactory, OrganisationFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db
DATABASE_QUEUE = "django_tasks_db.DatabaseBackend"


def _award(application, adviser, **kwargs):
    deciding.decision_make(
        application=application,
        outcome="award",
        amount=500_000,
        payout_deadline=kwargs.pop("payout_deadline", dt.date(2028, 6, 30)),
        by=adviser,
        **kwargs,
    )
    return application


@pytest.fixture
def decided(adviser, call):
    """Three awarded applications of the call, each with a member to e-mail."""
    for name in ("Alfa klynge", "Beta klynge", "Gamma klynge"):
        application = make_eligible(
            call, organisation=OrganisationFactory(name=name), title=f"Prosjekt {name}"
        )
        MembershipFactory(organisation=application.organisation, user=UserFactory())
        _award(application, adviser)
    return call


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": DATABASE_QUEUE, "QUEUES": ["default"]}}


def _send_url(call) -> str:
    return f"/admin/calls/call/{call.pk}/letters/send/"


def test_a_run_makes_every_pending_letter_once(adviser, decided, committed):
    with committed():
        batch = letter_services.letter_batch_start(call=decided, by=adviser)
    batch.refresh_from_db()
    assert batch.status == LetterBatch.Status.DONE
    assert (batch.total, batch.issued, batch.failures) == (3, 3, [])
    assert batch.finished_at is not None
    assert Letter.objects.filter(application__call=decided).count() == 3
    assert not Decision.objects.filter(letter_sent_at__isnull=True).exists()
    assert set(Letter.objects.values_list("sent_by", flat=True)) == {adviser.pk}


def test_running_a_run_again_makes_nothing_more(adviser, decided, committed):
    with committed():
        batch = letter_services.letter_batch_start(call=decided, by=adviser)
    assert letter_services.letter_batch_run.call(batch_id=batch.pk) == "skipped"
    # Even put back in the queue by hand, it skips the decisions that have their letter.
    LetterBatch.objects.filter(pk=batch.pk).update(status=LetterBatch.Status.QUEUED)
    assert letter_services.letter_batch_run.call(batch_id=batch.pk) == "done"
    batch.refresh_from_db()
    assert batch.issued == 3
    assert Letter.objects.count() == 3


def test_a_letter_that_cannot_be_made_is_recorded_and_the_others_go(adviser, decided):
    batch = letter_services.letter_batch_start(call=decided, by=adviser)
    # Between the request and the run, one decision loses a value its letter needs.
    broken = Decision.objects.get(application__title="Prosjekt Beta klynge")
    Decision.objects.filter(pk=broken.pk).update(payout_deadline=None)
    assert letter_services.letter_batch_run.call(batch_id=batch.pk) == "done"
    batch.refresh_from_db()
    assert batch.issued == 2
    [failure] = batch.failures
    assert failure["application"] == broken.application_id
    assert failure["title"] == "Prosjekt Beta klynge"
    assert "mangler: Frist for utbetaling" in failure["reason"]
    assert sorted(Letter.objects.values_list("application__title", flat=True)) == [
        "Prosjekt Alfa klynge",
        "Prosjekt Gamma klynge",
    ]


def test_a_letter_made_elsewhere_meanwhile_is_skipped_not_failed(adviser, decided):
    batch = letter_services.letter_batch_start(call=decided, by=adviser)
    first = Decision.objects.get(application__title="Prosjekt Alfa klynge")
    letter_services.letter_send(application=first.application, by=adviser)
    letter_services.letter_batch_run.call(batch_id=batch.pk)
    batch.refresh_from_db()
    assert (batch.issued, batch.failures) == (2, [])
    assert Letter.objects.filter(application=first.application).count() == 1


def test_the_post_returns_before_any_letter_is_made_with_the_database_queue(
    client, adviser, decided, database_queue, committed
):
    client.force_login(adviser)
    with committed():
        response = client.post(_send_url(decided), follow=True)
    assert response.redirect_chain[-1][0] == f"/admin/calls/call/{decided.pk}/ranking/"
    shown = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("3 brev lages nå.") for m in shown)
    assert not Letter.objects.exists()
    batch = LetterBatch.objects.get()
    assert batch.status == LetterBatch.Status.QUEUED
    task = DBTaskResult.objects.get(task_path="awards.letters.services.letter_batch_run")
    assert task.status == "READY"
    html = client.get(f"/admin/calls/call/{decided.pk}/ranking/").content.decode()
    assert "0 av 3 brev er laget." in html
    assert "Brevene lages nå." in html

    letter_services.letter_batch_run.call(**task.args_kwargs["kwargs"])
    assert Letter.objects.count() == 3
    html = client.get(f"/admin/calls/call/{decided.pk}/ranking/").content.decode()
    assert "3 av 3 brev er laget." in html
    assert "Brevene lages nå." not in html


def test_an_open_call_is_refused_up_front(client, adviser, decided, database_queue):
    Call.objects.filter(pk=decided.pk).update(closes_at=timezone.now() + dt.timedelta(days=3))
    client.force_login(adviser)
    response = client.post(_send_url(decided))
    assert response.status_code == 200
    [refusal] = response.context["refusals"]
    assert "venter til fristen har gått ut" in refusal
    assert 'id="send-refusals"' in response.content.decode()
    assert not LetterBatch.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_every_incomplete_letter_is_named_before_anything_is_queued(
    client, adviser, decided, database_queue
):
    Decision.objects.filter(application__call=decided).exclude(
        application__title="Prosjekt Alfa klynge"
    ).update(payout_deadline=None)
    client.force_login(adviser)
    page = client.get(_send_url(decided)).content.decode()
    assert "Prosjekt Beta klynge" in page[page.index('id="send-refusals"') :]
    assert "Send 3 brev" not in page  # no button while something stops the letters
    response = client.post(_send_url(decided))
    html = response.content.decode()
    refusals = html[html.index('id="send-refusals"') : html.index("</div>", html.index("refusals"))]
    assert "«Prosjekt Beta klynge» mangler: Frist for utbetaling" in refusals
    assert "«Prosjekt Gamma klynge» mangler: Frist for utbetaling" in refusals
    assert "Alfa" not in refusals
    assert not LetterBatch.objects.exists()
    assert not DBTaskResult.objects.exists()
    assert not Letter.objects.exists()


def test_a_second_run_is_refused_while_one_runs(client, adviser, decided, database_queue):
    client.force_login(adviser)
    client.post(_send_url(decided))
    assert LetterBatch.objects.get().status == LetterBatch.Status.QUEUED
    page = client.get(_send_url(decided)).content.decode()
    assert "Brevene i utlysningen lages allerede (0 av 3 er laget)." in page
    response = client.post(_send_url(decided))
    assert response.status_code == 200
    assert "lages allerede" in response.content.decode()
    assert LetterBatch.objects.count() == 1
    with pytest.raises(ValidationError, match="lages allerede"):
        letter_services.letter_batch_start(call=decided, by=adviser)


def test_the_database_holds_one_active_run_per_call(adviser, decided):
    fields = {"call": decided, "requested_by": adviser, "requested_at": timezone.now(), "total": 1}
    LetterBatch.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        LetterBatch.objects.create(**fields, status=LetterBatch.Status.RUNNING)
    LetterBatch.objects.create(**fields, status=LetterBatch.Status.DONE)


def test_a_run_that_lost_its_worker_may_be_replaced(adviser, decided, committed):
    stale = LetterBatch.objects.create(
        call=decided,
        requested_by=adviser,
        requested_at=timezone.now(),
        total=3,
        status=LetterBatch.Status.RUNNING,
    )
    LetterBatch.objects.filter(pk=stale.pk).update(
        updated_at=timezone.now() - letter_services.BATCH_STALE_AFTER - dt.timedelta(minutes=1)
    )
    with committed():
        batch = letter_services.letter_batch_start(call=decided, by=adviser)
    stale.refresh_from_db()
    batch.refresh_from_db()
    assert stale.status == LetterBatch.Status.STOPPED
    assert (batch.status, batch.issued) == (LetterBatch.Status.DONE, 3)


def test_the_board_lists_a_letter_that_could_not_be_made_with_its_reason(client, adviser, decided):
    batch = letter_services.letter_batch_start(call=decided, by=adviser)
    Decision.objects.filter(application__title="Prosjekt Gamma klynge").update(payout_deadline=None)
    letter_services.letter_batch_run.call(batch_id=batch.pk)
    client.force_login(adviser)
    html = client.get(f"/admin/calls/call/{decided.pk}/ranking/").content.decode()
    assert "2 av 3 brev er laget." in html
    failed = html[html.index('id="batch-failed"') : html.index("</table>", html.index("batch-"))]
    assert "Prosjekt Gamma klynge" in failed
    assert "mangler: Frist for utbetaling" in failed
    assert "Rett opp og send de gjenstående brevene" in html


def test_only_those_who_may_send_letters_start_a_run(client, reviewer, decided, database_queue):
    client.force_login(reviewer)
    assert client.get(_send_url(decided)).status_code == 403
    assert client.post(_send_url(decided)).status_code == 403
    assert not LetterBatch.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_a_staff_member_without_the_permission_cannot_start_a_run(client, decided, database_queue):
    client.force_login(StaffFactory(username="plain-staff"))
    assert client.post(_send_url(decided)).status_code == 403
    assert not LetterBatch.objects.exists()


def test_the_checks_before_sending_run_as_many_queries_for_three_letters_as_for_six(
    client, adviser, decided
):
    client.force_login(adviser)
    client.get(_send_url(decided))  # warm the session and the caches
    with CaptureQueriesContext(connection) as three:
        assert client.get(_send_url(decided)).status_code == 200
    for n in range(3):
        application = make_eligible(decided, organisation=OrganisationFactory(name=f"Ny {n}"))
        MembershipFactory(organisation=application.organisation, user=UserFactory())
        _award(application, adviser)
    with CaptureQueriesContext(connection) as six:
        assert "Send 6 brev" in client.get(_send_url(decided)).content.decode()
    assert len(six) == len(three)
