"""The only writes of the dialogue on a case: messages, sharing with reviewers, internal notes,
and how far a person has read.

A message's notice by e-mail never holds the text, only a link: the text may hold what the
organisation keeps from others, and e-mail is not a safe channel for it.
"""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.applying.storage import STORAGE_ERRORS
from applications.files import check_upload, sanitise_filename
from applications.models import Application
from awards import audit
from awards.letters.delivery import letter_recipients_by_organisation
from awards.permissions import (
    MANAGE_ASSESSMENT,
    adviser_may_use_thread,
    member_may_write_thread,
    users_with_permission,
)
from calls.mail import email_later

from .models import MESSAGE_MAX_LENGTH, InternalNote, Message, ThreadRead

logger = logging.getLogger(__name__)


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Skriv en melding."), code="required")
    if len(text) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            _("Meldingen kan være høyst %(max)s tegn lang. Den er %(length)s tegn nå.")
            % {"max": MESSAGE_MAX_LENGTH, "length": len(text)},
            code="too_long",
        )
    return text


def _require_sent(application: Application) -> None:
    if application.status in {Application.Status.DRAFT, Application.Status.WITHDRAWN}:
        raise ValidationError(
            _("Meldinger kan bare skrives om en søknad som er sendt inn."), code="not_sent"
        )


def message_post(*, application: Application, by, text: str, uploaded=None) -> Message:
    """Write a message in the application's thread, as an adviser or for the organisation, and
    tell the other side by e-mail (a link, never the text)."""
    if adviser_may_use_thread(by):
        from_adviser = True
    elif member_may_write_thread(user=by, application=application):
        from_adviser = False
    else:
        raise PermissionDenied
    _require_sent(application)
    text = _clean_text(text)
    message = Message(application=application, author=by, from_adviser=from_adviser, text=text)
    if uploaded is not None:
        kind = check_upload(uploaded, max_mb=application.call.max_attachment_mb)
        message.attachment_name = sanitise_filename(uploaded.name, extension=kind.extension)
        message.attachment_content_type = kind.content_type
        message.attachment_size = uploaded.size
    with transaction.atomic():
        if uploaded is not None:
            try:
                message.attachment.save(
                    f"{secrets.token_hex(16)}.{kind.extension}", uploaded, save=False
                )
            except STORAGE_ERRORS:
                logger.exception(
                    "The private storage refused a message file for %s", application.pk
                )
                raise ValidationError(
                    _(
                        "Filen kunne ikke lagres fordi fillageret ikke svarer akkurat nå. "
                        "Prøv igjen om noen minutter."
                    ),
                    code="storage",
                ) from None
        audit.save(message, by=by, reason=_("Melding skrevet"))
        thread_mark_read(application=application, user=by)
        _notify(message)
    return message


def _notify(message: Message) -> None:
    application = message.application
    if message.from_adviser:
        to = letter_recipients_by_organisation(organisation_ids=[application.organisation_id])[
            application.organisation_id
        ]
        link = reverse("dialogue:thread", args=[application.pk])
    else:
        to = _adviser_addresses(application)
        link = reverse("admin:awards_case", args=[application.pk]) + "#dialogue"
    to = [address for address in to if address and address != message.author.email]
    email_later(
        subject=_("Ny melding om søknaden %(reference)s")
        % {"reference": application.reference or application.title},
        body=_(
            "Det har kommet en ny melding om søknaden «%(title)s». Logg inn for å lese den:\n"
            "%(link)s\n\nMeldingen står ikke i denne e-posten, fordi e-post ikke er en sikker "
            "kanal.\n\nInnovasjon Norge"
        )
        % {"title": application.title, "link": settings.SITE_URL.rstrip("/") + link},
        to=sorted(set(to)),
    )


def _adviser_addresses(application: Application) -> list[str]:
    """The case owner's address; with no case owner, every adviser's."""
    case = getattr(application, "case", None)
    owner = getattr(case, "case_owner", None) if case is not None else None
    if owner is not None and owner.is_active and owner.email:
        return [owner.email]
    codename = MANAGE_ASSESSMENT.split(".", 1)[1]
    return [user.email for user in users_with_permission(codename) if user.email]


def message_share(*, message: Message, shared: bool, by) -> Message:
    """Show a message to the partner reviewers on the case (or stop showing it)."""
    if not adviser_may_use_thread(by):
        raise PermissionDenied
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        message.shared_with_reviewers = shared
        reason = _("Delt med fagvurderere") if shared else _("Ikke lenger delt med fagvurderere")
        audit.save(message, by=by, reason=reason)
    return message


def note_add(*, application: Application, by, text: str) -> InternalNote:
    """An internal note on the case, for advisers only."""
    if not adviser_may_use_thread(by):
        raise PermissionDenied
    note = InternalNote(application=application, author=by, text=_clean_text(text))
    with transaction.atomic():
        audit.save(note, by=by, reason=_("Internt notat skrevet"))
    return note


def thread_mark_read(*, application: Application, user) -> None:
    """The person has read the thread up to now: one ``INSERT … ON CONFLICT``, safe when two
    pages mark at once. (``bulk_create`` sends the same statement inside a transaction of its
    own, which outside one costs a BEGIN and a COMMIT more on every page that reads a thread.)"""
    meta = ThreadRead._meta
    table = connection.ops.quote_name(meta.db_table)
    application_column, user_column, read_at_column = (
        connection.ops.quote_name(meta.get_field(name).column)
        for name in ("application", "user", "read_at")
    )
    # The names come from the model, the values go as parameters.
    upsert = (
        f"INSERT INTO {table} ({application_column}, {user_column}, {read_at_column}) "  # noqa: S608
        f"VALUES (%s, %s, %s) ON CONFLICT ({application_column}, {user_column}) "
        f"DO UPDATE SET {read_at_column} = EXCLUDED.{read_at_column}"
    )
    with connection.cursor() as cursor:
        cursor.execute(upsert, [application.pk, user.pk, timezone.now()])
