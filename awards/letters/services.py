"""Sending decision letters: rendered once, kept as sent, e-mailed to the organisation."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import outcomes
from applications.models import Application
from awards import audit
from awards.decisions.models import Decision
from awards.decisions.rules import call_require_closed
from calls.models import Call

from .delivery import letter_delivery_enqueue, letter_recipients_by_organisation
from .models import Letter, LetterTemplate
from .render import letter_require_complete, render_letter

logger = logging.getLogger(__name__)


def _recipients(application: Application) -> list[str]:
    ids = [application.organisation_id]
    return letter_recipients_by_organisation(organisation_ids=ids)[application.organisation_id]


@transaction.atomic
def letter_send(*, application: Application, by, base_url: str = "") -> Letter:
    """Send the letter about the application's decision; ``base_url`` (``https://host``) makes
    the link in the e-mail absolute."""
    application = (
        Application.objects.select_for_update()
        .select_related("organisation", "call")
        .get(pk=application.pk)
    )
    call_require_closed(call=application.call)
    decision = Decision.objects.select_for_update().filter(application=application).first()
    if decision is None:
        raise ValidationError(
            _("«%(title)s» har ikke noe vedtak ennå.") % {"title": application.title}
        )
    if decision.letter_sent_at:
        raise ValidationError(
            _("Brevet om vedtaket for «%(title)s» er allerede sendt.")
            % {"title": application.title}
        )
    templates = {t.kind: t for t in LetterTemplate.objects.filter(call=application.call)}
    now = timezone.now()
    rendered = render_letter(
        decision=decision, templates=templates, sent_on=timezone.localdate(now)
    )
    letter_require_complete(letter=rendered, application=application)
    recipients = _recipients(application)
    letter = audit.save(
        Letter(
            application=application,
            decision=decision,
            kind=rendered.kind,
            subject=rendered.subject,
            body=rendered.body,
            recipients=", ".join(recipients),
            appeal_deadline=rendered.appeal_deadline,
            sent_at=now,
            sent_by=by,
        ),
        by=by,
    )
    decision.letter_sent_at = now
    audit.save(decision, by=by)
    outcomes.application_announce_outcome(application=application, at=now, by=by)
    letter_delivery_enqueue(letter_ids=[letter.pk], base_url=base_url)
    return letter


def letters_retry_failed(*, call: Call, by, base_url: str = "") -> int:
    """Queue the e-mails of the call's letters that failed again; returns how many."""
    with transaction.atomic():
        failed = list(
            Letter.objects.select_for_update()
            .filter(application__call=call, delivery_status=Letter.Delivery.FAILED)
            .values_list("pk", flat=True)
        )
        Letter.objects.filter(pk__in=failed).update(delivery_status=Letter.Delivery.QUEUED)
        letter_delivery_enqueue(letter_ids=failed, base_url=base_url)
    logger.info("%s queued %s failed letters of call %s again", by, len(failed), call.pk)
    return len(failed)


def letters_send_for_call(*, call: Call, by, base_url: str = "") -> list[Letter]:
    """Issue every letter of the call whose decision has none yet, each in its own transaction;
    their e-mails are queued, one task per letter, and go out from the worker."""
    pending = (
        Decision.objects.filter(application__call=call, letter_sent_at__isnull=True)
        .select_related("application")
        .order_by("application__pk")
    )
    return [
        letter_send(application=decision.application, by=by, base_url=base_url)
        for decision in pending
    ]


DELETED_RECIPIENT = "[slettet konto]"


def letters_forget_recipient(*, email: str) -> int:
    """A deleted account's address leaves the recipient lists of sent letters (and their
    history); the letters themselves are case records and stay. Returns how many changed."""
    if not email:
        return 0
    wanted = email.strip().lower()
    changed = 0
    for model in (Letter, Letter.history.model):
        rows = model.objects.filter(recipients__icontains=wanted)
        for pk, recipients in rows.values_list("pk", "recipients"):
            names = [part.strip() for part in recipients.split(",")]
            kept = [DELETED_RECIPIENT if n.lower() == wanted else n for n in names]
            if kept != names:
                model.objects.filter(pk=pk).update(recipients=", ".join(kept))
                changed += model is Letter
    return changed


def letters_export(*, user) -> list[dict]:
    """The letters sent to the person's address, for their data download."""
    if not user.email:
        return []
    wanted = user.email.lower()
    return [
        {
            "subject": letter.subject,
            "kind": letter.kind,
            "sent_at": letter.sent_at.isoformat(),
            "application": letter.application.reference or letter.application.title,
            "body": letter.body,
        }
        for letter in Letter.objects.filter(recipients__icontains=wanted).select_related(
            "application"
        )
        if wanted in [part.strip().lower() for part in letter.recipients.split(",")]
    ]
