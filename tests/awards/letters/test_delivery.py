"""A letter's e-mail leaves from a background task: sent only when the mail server took it,
failures kept with their reason, tried again on request, never sent twice."""

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from awards.letters import services as letter_services
from awards.letters.delivery import letter_deliver
from awards.models import Letter
from tests import deciding
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
REFUSING = "tests.awards.letters.test_delivery.RefusingBackend"


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses every recipient."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({"leder@klynge.no": (550, b"Mailbox unavailable")})


@pytest.fixture
def decided(adviser, eligible):
    MembershipFactory(organisation=eligible.organisation, user=UserFactory(email="leder@klynge.no"))
    deciding.decision_make(
        application=eligible,
        outcome="award",
        amount=1_000_000,
        payout_deadline=dt.date(2028, 6, 30),
        by=adviser,
    )
    return eligible


def test_a_letter_is_queued_until_the_mail_server_takes_it(adviser, decided, committed):
    with committed() as callbacks:
        letter = letter_services.letter_send(application=decided, by=adviser)
        letter.refresh_from_db()
        assert letter.delivery_status == Letter.Delivery.QUEUED
        assert mail.outbox == []
    assert len(callbacks) == 1
    letter.refresh_from_db()
    assert letter.delivery_status == Letter.Delivery.SENT
    assert letter.delivered_at is not None
    assert letter.delivery_attempts == 1
    assert [m.to for m in mail.outbox] == [["leder@klynge.no"]]


def test_a_refused_letter_is_failed_with_the_servers_reason(adviser, decided, committed, settings):
    settings.EMAIL_BACKEND = REFUSING
    with committed():
        letter = letter_services.letter_send(application=decided, by=adviser)
    letter.refresh_from_db()
    assert letter.delivery_status == Letter.Delivery.FAILED
    assert letter.delivered_at is None
    assert "SMTPRecipientsRefused" in letter.delivery_error
    assert "Mailbox unavailable" in letter.delivery_error


def test_trying_again_sends_the_failed_letters(adviser, decided, committed, settings, client):
    settings.EMAIL_BACKEND = REFUSING
    with committed():
        letter = letter_services.letter_send(application=decided, by=adviser)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.force_login(adviser)
    board = f"/admin/calls/call/{decided.call_id}/ranking/"
    html = client.get(board).content.decode()
    assert "0 av 1 brev er sendt på e-post." in html
    assert "Prøv igjen med 1 brev" in html
    with committed():
        response = client.post(f"/admin/calls/call/{decided.call_id}/letters/retry/")
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.delivery_status == Letter.Delivery.SENT
    assert letter.delivery_attempts == 2
    assert letter.delivery_error == ""
    assert len(mail.outbox) == 1
    assert "1 av 1 brev er sendt på e-post." in client.get(board).content.decode()


def test_the_retry_is_a_post(client, adviser, decided):
    client.force_login(adviser)
    assert client.get(f"/admin/calls/call/{decided.call_id}/letters/retry/").status_code == 405


def test_a_letter_already_sent_is_not_sent_again(adviser, decided, committed):
    with committed():
        letter = letter_services.letter_send(application=decided, by=adviser)
    assert letter_deliver.call(letter_id=letter.pk) == Letter.Delivery.SENT
    assert len(mail.outbox) == 1


def test_a_letter_without_recipients_finds_a_member_who_joined_later(adviser, eligible, committed):
    deciding.decision_make(
        application=eligible,
        outcome="award",
        amount=1_000_000,
        payout_deadline=dt.date(2028, 6, 30),
        by=adviser,
    )
    with committed():
        letter = letter_services.letter_send(application=eligible, by=adviser)
    letter.refresh_from_db()
    assert letter.delivery_status == Letter.Delivery.FAILED
    assert "ingen aktive medlemmer" in letter.delivery_error
    MembershipFactory(organisation=eligible.organisation, user=UserFactory(email="ny@klynge.no"))
    with committed():
        assert letter_services.letters_retry_failed(call=eligible.call, by=adviser) == 1
    letter.refresh_from_db()
    assert letter.delivery_status == Letter.Delivery.SENT
    assert letter.recipients == "ny@klynge.no"
    assert [m.to for m in mail.outbox] == [["ny@klynge.no"]]


@pytest.mark.django_db(transaction=True)
def test_a_letter_another_worker_is_sending_is_skipped(adviser, decided):
    import threading

    from django.db import connection, transaction

    letter = letter_services.letter_send(application=decided, by=adviser)  # commits: sent once
    Letter.objects.filter(pk=letter.pk).update(delivery_status=Letter.Delivery.QUEUED)
    held, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                Letter.objects.select_for_update().get(pk=letter.pk)
                held.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert held.wait(10)
        assert letter_deliver.call(letter_id=letter.pk) == "skipped"
    finally:
        release.set()
        thread.join()
    assert len(mail.outbox) == 1
