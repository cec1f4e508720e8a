"""The one door for e-mail: messages are queued as tasks after the commit, never before."""

import pytest
from django.core import mail
from django.db import transaction

from calls.mail import email_later
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_message_is_sent_only_after_the_commit_with_all_its_parts(committed):
    with committed() as callbacks:
        email_later(
            subject="Kvittering\nfor søknaden",
            body="Ren tekst",
            html="<p>HTML</p>",
            to=["kari@example.org", ""],
            reply_to=["svar@example.org"],
            headers={"X-Utlysning": "1"},
        )
        assert mail.outbox == []
    assert len(callbacks) == 1
    [message] = mail.outbox
    assert message.subject == "Kvittering for søknaden"
    assert message.to == ["kari@example.org"]
    assert message.body == "Ren tekst"
    assert message.alternatives[0][0] == "<p>HTML</p>"
    assert message.reply_to == ["svar@example.org"]
    assert message.extra_headers["X-Utlysning"] == "1"


def test_a_rolled_back_change_sends_nothing(committed):
    with committed():
        try:
            with transaction.atomic():
                email_later(subject="Aldri", body="-", to=["kari@example.org"])
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert mail.outbox == []


def test_a_message_without_recipients_is_not_queued(committed):
    with committed() as callbacks:
        email_later(subject="Ingen", body="-", to=[""])
    assert callbacks == []


def test_allauths_mails_go_through_the_door(client, committed):
    user = UserFactory(email="kari@example.org")
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    with committed() as callbacks:
        client.post("/accounts/password/reset/", {"email": "kari@example.org"})
        assert mail.outbox == []
    assert len(callbacks) == 1
    assert mail.outbox[-1].to == ["kari@example.org"]
    assert "/accounts/password/reset/key/" in mail.outbox[-1].body


def test_no_code_sends_email_past_the_door():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent.parent
    allowed = {"calls/mail.py", "applications/people/adapters.py", "awards/letters/delivery.py"}
    found = []
    for app in ("calls", "applications", "awards", "config"):
        for path in (root / app).rglob("*.py"):
            name = path.relative_to(root).as_posix()
            text = path.read_text(encoding="utf-8")
            if name not in allowed and re.search(
                r"\b(send_mail|send_mass_mail|EmailMessage|EmailMultiAlternatives|mail_admins)\b",
                text,
            ):
                found.append(name)
    assert found == []
