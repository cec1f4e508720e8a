"""The dialogue on a case: messages between the organisation and the advisers, the advisers'
internal notes, and who has read the thread up to when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.applying.storage import private_storage
from applications.models import Application

MESSAGE_MAX_LENGTH = 5000


def message_attachment_path(instance: Message, filename: str) -> str:
    return f"dialogue/{instance.application_id}/{filename}"


class Message(models.Model):
    """One message in the thread of an application, kept as written (no edit, no delete)."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="dialogue_messages",
        verbose_name=_("søknad"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("skrevet av"),
    )
    from_adviser = models.BooleanField(_("fra Innovasjon Norge"), default=False)
    text = models.TextField(_("tekst"), max_length=MESSAGE_MAX_LENGTH)
    attachment = models.FileField(
        _("vedlegg"), storage=private_storage, upload_to=message_attachment_path, blank=True
    )
    attachment_name = models.CharField(_("filnavn"), max_length=200, blank=True)
    attachment_content_type = models.CharField(_("filtype"), max_length=100, blank=True)
    attachment_size = models.PositiveBigIntegerField(_("størrelse (byte)"), default=0)
    shared_with_reviewers = models.BooleanField(_("delt med fagvurderere"), default=False)
    created_at = models.DateTimeField(_("skrevet"), auto_now_add=True, db_index=True)
    history = HistoricalRecords(excluded_fields=["attachment"])

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldinger")
        ordering = ["application", "created_at", "pk"]

    def __str__(self) -> str:
        return _("Melding %(pk)s") % {"pk": self.pk}


class InternalNote(models.Model):
    """A note on a case for advisers only: never shown to the applicant or a partner reviewer."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="internal_notes",
        verbose_name=_("søknad"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("skrevet av"),
    )
    text = models.TextField(_("tekst"), max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(_("skrevet"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("internt notat")
        verbose_name_plural = _("interne notater")
        ordering = ["application", "created_at", "pk"]

    def __str__(self) -> str:
        return _("Notat %(pk)s") % {"pk": self.pk}


class ThreadRead(models.Model):
    """How far one person has read the thread of one application."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="dialogue_reads"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "user"], name="one_read_per_thread")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.application_id}"
