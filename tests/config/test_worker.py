"""The database queue with a real worker: ``manage.py db_worker`` in a process of its own picks
up what the site queued and sends it."""

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from awards import roles
from awards.letters import services as letter_services
from awards.models import Letter, LetterBatch
from calls.mail import email_later
from tests.factories import (
    StaffFactory,
)
from tests.workers import DATABASE_QUEUE, decided_award, file_mail, mail_in, run_worker_until_empty

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": DATABASE_QUEUE, "QUEUES": ["default"]}}


def test_a_queued_email_waits_in_the_database_until_the_worker_sends_it(database_queue, tmp_path):
    email_later(
        subject="Kvittering for søknaden", body="Søknaden er sendt.", to=["kari@example.org"]
    )
    task = DBTaskResult.objects.get()
    assert task.status == "READY"
    assert mail.outbox == []

    run_worker_until_empty(**file_mail(tmp_path))

    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    sent = mail_in(tmp_path)
    assert "To: kari@example.org" in sent
    assert "Søknaden er sendt." in sent


def test_a_letter_queued_by_the_site_is_sent_by_the_worker(database_queue, tmp_path):
    adviser = StaffFactory(username="adviser-worker")
    application = decided_award(
        by=adviser, title="Havbruk i nord", recipient="leder@havbruk.no", amount=800_000
    )
    [letter] = letter_services.letters_send_for_call(call=application.call, by=adviser)
    letter.refresh_from_db()
    assert letter.delivery_status == Letter.Delivery.QUEUED

    run_worker_until_empty(**file_mail(tmp_path))

    letter.refresh_from_db()
    assert letter.delivery_status == Letter.Delivery.SENT
    assert letter.delivered_at is not None
    sent = mail_in(tmp_path)
    assert "To: leder@havbruk.no" in sent
    assert f"/my/letters/{letter.pk}/" in sent


def test_the_call_letters_are_made_by_the_worker_after_the_page_returned(
    database_queue, tmp_path, client
):
    adviser = StaffFactory(username="adviser-batch", group=roles.ADVISER)
    application = decided_award(
        by=adviser, title="Tare i Lofoten", recipient="leder@tare.no", amount=600_000
    )
    client.force_login(adviser)
    response = client.post(f"/admin/calls/call/{application.call_id}/letters/send/")
    assert response.status_code == 302
    assert not Letter.objects.exists()
    batch = LetterBatch.objects.get()
    assert batch.status == LetterBatch.Status.QUEUED

    run_worker_until_empty(**file_mail(tmp_path))

    batch.refresh_from_db()
    assert (batch.status, batch.issued) == (LetterBatch.Status.DONE, 1)
    letter = Letter.objects.get()
    assert letter.delivery_status == Letter.Delivery.SENT
    assert "To: leder@tare.no" in mail_in(tmp_path)
