"""The case documents of an appeal forwarded to the appeal body: one PDF (the application as
sent, the scores, the decision, the letters, the messages with the organisation, the appeal and
the handler's comments; never the advisers' internal notes) and a ZIP with that PDF, each
letter's PDF and every file the organisation or the advisers sent. Made by a background task
and kept in the private storage; the admin streams them after the check."""

from __future__ import annotations

import io
import logging
import secrets
import zipfile

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from awards.assessment.selectors import application_score_table
from awards.letters.pdf import html_pdf, letter_document_open

from .models import Appeal

logger = logging.getLogger(__name__)


def _appeal(appeal_id: int) -> Appeal:
    return Appeal.objects.select_related(
        "application__organisation",
        "application__call__scheme",
        "decision__decided_by",
        "letter",
        "lodged_by",
        "case_handler",
    ).get(pk=appeal_id)


def bundle_context(appeal: Appeal) -> dict:
    application = appeal.application
    return {
        "appeal": appeal,
        "application": application,
        "decision": appeal.decision,
        "score_table": application_score_table(application=application, submitted_only=True),
        "letters": list(application.letters.order_by("sent_at", "pk")),
        "thread": list(
            application.dialogue_messages.select_related("author").order_by("created_at", "pk")
        ),
        "made_at": timezone.now(),
    }


def bundle_pdf(appeal: Appeal) -> bytes:
    with translation.override("nb"):
        html = render_to_string("awards/appeals/bundle.html", bundle_context(appeal))
    return html_pdf(html=html, identifier=f"utlysning-appeal-{appeal.pk}")


def _read(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def bundle_zip(appeal: Appeal, *, pdf: bytes) -> bytes:
    application = appeal.application
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("saksdokumenter.pdf", pdf)
        for letter in application.letters.order_by("sent_at", "pk"):
            with letter_document_open(letter=letter) as handle:
                archive.writestr(f"brev/{letter.pk}-{letter.kind}.pdf", handle.read())
        for attachment in application.attachments.exclude(file=""):
            archive.writestr(f"vedlegg/{attachment.pk}-{attachment.name}", _read(attachment.file))
        for message in application.dialogue_messages.exclude(attachment=""):
            archive.writestr(
                f"meldinger/{message.pk}-{message.attachment_name}", _read(message.attachment)
            )
        if appeal.attachment:
            archive.writestr(f"klage/{appeal.attachment_name}", _read(appeal.attachment))
    return buffer.getvalue()


def appeal_bundle_make(*, appeal_id: int) -> Appeal:
    """Make and keep both documents of the appeal (again, when asked again)."""
    appeal = _appeal(appeal_id)
    pdf = bundle_pdf(appeal)
    archive = bundle_zip(appeal, pdf=pdf)
    token = secrets.token_hex(16)
    with transaction.atomic():
        locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
        old = [f for f in (locked.bundle_pdf, locked.bundle_zip) if f]
        locked.bundle_pdf.save(f"{token}.pdf", ContentFile(pdf), save=False)
        locked.bundle_zip.save(f"{token}.zip", ContentFile(archive), save=False)
        Appeal.objects.filter(pk=locked.pk).update(
            bundle_pdf=locked.bundle_pdf.name, bundle_zip=locked.bundle_zip.name
        )
    for field in old:
        try:
            field.storage.delete(field.name)
        except Exception:
            logger.warning("Could not remove an old bundle file %s", field.name)
    return locked


@task()
def appeal_bundle_build(*, appeal_id: int) -> str:
    appeal_bundle_make(appeal_id=appeal_id)
    return "done"


def appeal_bundle_enqueue(*, appeal_id: int) -> None:
    def enqueue() -> None:
        try:
            appeal_bundle_build.enqueue(appeal_id=appeal_id)
        except Exception:  # the admin offers to make it again
            logger.exception("Could not queue the bundle of appeal %s", appeal_id)

    transaction.on_commit(enqueue)
