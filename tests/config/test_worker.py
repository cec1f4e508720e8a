"""The database queue with a real worker: ``manage.py db_worker`` in a process of its own picks
up what the site queued and sends it."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection
from django_tasks_db.models import DBTaskResult

from awards import roles
from awards.decisions import services as decision_services
from awards.letters import services as letter_services
from awards.models import Letter, LetterBatch
from calls.mail import email_later
from tests.factories import (
    ApplicationFactory,
    CaseFactory,
    MembershipFactory,
    StaffFactory,
    UserFactory,
)
from tests.scale.nodes import database_url

pytestmark = pytest.mark.django_db(transaction=True)
BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATABASE_QUEUE = "django_tasks_db.DatabaseBackend"


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": DATABASE_QUEUE, "QUEUES": ["default"]}}


def _run_worker(mail_folder: Path) -> None:
    """One worker, as production runs it, until the queue is empty."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url(connection.settings_dict),
        "UTLYSNING_TASKS_BACKEND": DATABASE_QUEUE,
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(mail_folder),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def _sent(mail_folder: Path) -> str:
    return "".join(path.read_text(encoding="utf-8") for path in sorted(mail_folder.iterdir()))


def test_a_queued_email_waits_in_the_database_until_the_worker_sends_it(database_queue, tmp_path):
    email_later(
        subject="Kvittering for søknaden", body="Søknaden er sendt.", to=["kari@example.org"]
    )
    task = DBTaskResult.objects.get()
    assert task.status == "READY"
    assert mail.outbox == []

    _run_worker(tmp_path)

    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    sent = _sent(tmp_path)
    assert "To: kari@example.org" in sent
    assert "Søknaden er sendt." in sent


def test_a_letter_queued_by_the_site_is_sent_by_the_worker(database_queue, tmp_path):
    adviser = StaffFactory(username="adviser-worker")
    application = ApplicationFactory(status="under_review", title="Havbruk i nord")
    CaseFactory(application=application)
    MembershipFactory(
        organisation=application.organisation, user=UserFactory(email="leder@havbruk.no")
    )
    decision_services.decision_make(
        application=application,
        outcome="award",
        amount=800_000,
        payout_deadline=dt.date(2028, 6, 30),
        by=adviser,
    )
    [letter] = letter_services.letters_send_for_call(call=application.call, by=adviser)
    letter.refresh_from_db()
    assert letter.delivery_status == Letter.Delivery.QUEUED

    _run_worker(tmp_path)

    letter.refresh_from_db()
    assert letter.delivery_status == Letter.Delivery.SENT
    assert letter.delivered_at is not None
    sent = _sent(tmp_path)
    assert "To: leder@havbruk.no" in sent
    assert f"/my/letters/{letter.pk}/" in sent


def test_the_call_letters_are_made_by_the_worker_after_the_page_returned(
    database_queue, tmp_path, client
):
    adviser = StaffFactory(username="adviser-batch", group=roles.ADVISER)
    application = ApplicationFactory(status="under_review", title="Tare i Lofoten")
    CaseFactory(application=application)
    MembershipFactory(
        organisation=application.organisation, user=UserFactory(email="leder@tare.no")
    )
    decision_services.decision_make(
        application=application,
        outcome="award",
        amount=600_000,
        payout_deadline=dt.date(2028, 6, 30),
        by=adviser,
    )
    client.force_login(adviser)
    response = client.post(f"/admin/calls/call/{application.call_id}/letters/send/")
    assert response.status_code == 302
    assert not Letter.objects.exists()
    batch = LetterBatch.objects.get()
    assert batch.status == LetterBatch.Status.QUEUED

    _run_worker(tmp_path)

    batch.refresh_from_db()
    assert (batch.status, batch.issued) == (LetterBatch.Status.DONE, 1)
    letter = Letter.objects.get()
    assert letter.delivery_status == Letter.Delivery.SENT
    assert "To: leder@tare.no" in _sent(tmp_path)
