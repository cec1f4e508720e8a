"""E-mailing a letter that has been issued, as a background task, one task per letter.

The letter is a case record from the moment it is issued (``letter_send``); its e-mail counts as
sent only when the mail server accepted the message. A task holds the letter's row while it
sends, and another worker skips a row that is held, so two workers never send one letter twice.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from applications.models import Membership

from .document import letter_email
from .models import Letter
from .pdf import letter_document_store
from .texts import appeal_last_day

logger = logging.getLogger(__name__)
ERROR_LENGTH = 1000


def letter_recipients_by_organisation(*, organisation_ids) -> dict[int, list[str]]:
    """The addresses a letter to each organisation goes to: its active members' e-mails."""
    found: dict[int, set[str]] = {pk: set() for pk in organisation_ids}
    rows = Membership.objects.filter(organisation_id__in=found, user__is_active=True).values_list(
        "organisation_id", "user__email"
    )
    for organisation_id, email in rows:
        if email:
            found[organisation_id].add(email)
    return {pk: sorted(emails) for pk, emails in found.items()}


def no_recipient_reason() -> str:
    return _("Organisasjonen har ingen aktive medlemmer med e-postadresse.")


def letter_delivery_enqueue(*, letter_ids: list[int], base_url: str = "") -> None:
    """Queue the e-mail of each letter once the current transaction commits."""

    def enqueue() -> None:
        for letter_id in letter_ids:
            try:
                letter_deliver.enqueue(letter_id=letter_id, base_url=base_url)
            except Exception:  # the letter stays queued; the board offers to try again
                logger.exception("Could not queue the e-mail of letter %s", letter_id)

    transaction.on_commit(enqueue)


@task()
def letter_deliver(*, letter_id: int, base_url: str = "") -> str:
    """Keep the letter's PDF document, then e-mail the letter to its organisation's active
    members; returns the delivery status. A PDF that cannot be rendered is logged and made on
    the first download instead: it never holds back the e-mail."""
    with transaction.atomic():
        letter = (
            Letter.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("application")
            .filter(pk=letter_id)
            .first()
        )
        if letter is None:  # deleted, or another worker is sending it right now
            return "skipped"
        if letter.delivery_status == Letter.Delivery.SENT:
            return letter.delivery_status
        try:
            letter_document_store(letter=letter)
        except Exception:
            logger.exception("Could not render the document of letter %s", letter.pk)
        recipients = [part.strip() for part in letter.recipients.split(",") if part.strip()]
        if not recipients:  # nobody had an address when it was issued: someone may have now
            organisation_id = letter.application.organisation_id
            recipients = letter_recipients_by_organisation(organisation_ids=[organisation_id])[
                organisation_id
            ]
        changes = {
            "delivery_attempts": letter.delivery_attempts + 1,
            "recipients": ", ".join(recipients),
        }
        if not recipients:
            changes.update(
                delivery_status=Letter.Delivery.FAILED, delivery_error=no_recipient_reason()
            )
        else:
            message = letter_email(letter=letter, recipients=recipients, base_url=base_url)
            try:
                message.send(fail_silently=False)
            except Exception as error:
                logger.warning("Could not e-mail letter %s: %s", letter.pk, error)
                reason = f"{type(error).__name__}: {error}"[:ERROR_LENGTH]
                changes.update(delivery_status=Letter.Delivery.FAILED, delivery_error=reason)
            else:
                delivered_at = timezone.now()
                changes.update(
                    delivery_status=Letter.Delivery.SENT,
                    delivery_error="",
                    delivered_at=delivered_at,
                )
                if letter.appeal_deadline is not None:
                    # The appeal period runs from the notice (texts.appeal_deadline_at): a
                    # notice that went out on a later day than the letter was issued moves the
                    # deadline the letter page shows to three weeks after that day.
                    changes["appeal_deadline"] = appeal_last_day(
                        notified_on=timezone.localdate(delivered_at)
                    )
        Letter.objects.filter(pk=letter.pk).update(**changes)
    return changes["delivery_status"]
