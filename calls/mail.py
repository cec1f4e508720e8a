"""The one door for e-mail: every message leaves through a background task.

``email_later(...)`` queues a message for after the surrounding transaction commits, so a page
never waits for the mail server and a rolled-back change sends nothing. The worker
(``manage.py db_worker``) sends it; a failure is kept as the task's result with its traceback.
``email_message(...)`` builds the same message for code that sends it itself and must know
whether the mail server took it (decision letters record that).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django_tasks import task

logger = logging.getLogger(__name__)


def _one_line(subject: str) -> str:
    """A header holds no line breaks."""
    return " ".join(str(subject).split())


def email_message(
    *,
    subject: str,
    body: str,
    to: Sequence[str],
    html: str | None = None,
    reply_to: Sequence[str] | None = None,
    headers: Mapping[str, str] | None = None,
    from_email: str | None = None,
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=_one_line(subject),
        body=body,
        from_email=from_email,
        to=list(to),
        reply_to=list(reply_to or []),
        headers=dict(headers or {}),
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message


@task()
def email_send(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str | None = None,
    reply_to: list[str] | None = None,
    headers: dict[str, str] | None = None,
    from_email: str | None = None,
) -> int:
    """Send one message now; returns how many the mail server accepted (raises if it refused)."""
    message = email_message(
        subject=subject,
        body=body,
        to=to,
        html=html,
        reply_to=reply_to,
        headers=headers,
        from_email=from_email,
    )
    return message.send(fail_silently=False)


def email_later(
    *,
    subject: str,
    body: str,
    to: Sequence[str],
    html: str | None = None,
    reply_to: Sequence[str] | None = None,
    headers: Mapping[str, str] | None = None,
    from_email: str | None = None,
) -> None:
    """Queue one message for the worker once the current transaction commits (at once outside
    one). Nothing is queued without a recipient."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    kwargs = {
        "subject": _one_line(subject),
        "body": str(body),
        "to": recipients,
        "html": str(html) if html else None,
        "reply_to": list(reply_to or []),
        "headers": dict(headers or {}),
        "from_email": from_email,
    }

    def enqueue() -> None:
        try:
            email_send.enqueue(**kwargs)
        except Exception:  # the change is committed; a lost e-mail must not turn it into a 500
            logger.exception("Could not queue the e-mail %r to %s", kwargs["subject"], recipients)

    transaction.on_commit(enqueue)
