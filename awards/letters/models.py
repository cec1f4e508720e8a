"""Letter templates per call and the letters sent about decisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.applying.storage import private_storage
from applications.models import Application
from awards.decisions.models import Decision
from calls.models import Call


def letter_document_path(letter: Letter, filename: str) -> str:
    return f"letters/{letter.application_id}/{filename}"


class LetterTemplate(models.Model):
    """The text of a call's offer, rejection or invitation letter, with placeholders."""

    class Kind(models.TextChoices):
        OFFER = "offer", _("Tilbudsbrev")
        REJECTION = "rejection", _("Avslagsbrev")
        INVITATION = "invitation", _("Invitasjon til søknad")
        CHANGE_DECISION = "change_decision", _("Svar på endringssøknad")

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="letter_templates", verbose_name=_("utlysning")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("emne"), max_length=200)
    body = models.TextField(_("tekst"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("brevmal")
        verbose_name_plural = _("brevmaler")
        ordering = ["call", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["call", "kind"], name="letter_template_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.call}"

    def clean(self):
        from .texts import validate_letter_template

        super().clean()
        validate_letter_template(subject=self.subject, body=self.body, kind=self.kind)


# Written by the worker as the e-mail goes out: state of the delivery, not of the case record,
# so the letter's history does not hold them.
DELIVERY_FIELDS = ["delivery_status", "delivery_attempts", "delivery_error", "delivered_at"]


class Letter(models.Model):
    """A decision letter as it was sent: the rendered text is kept, not re-rendered."""

    class Delivery(models.TextChoices):
        QUEUED = "queued", _("I kø")
        SENT = "sent", _("Sendt")
        FAILED = "failed", _("Feilet")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="letters", verbose_name=_("søknad")
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="letters", verbose_name=_("vedtak")
    )
    # The decision letters have templates per call; the appeal letters (awards/appeals/) are
    # written by the appeal's services and name the decision they are about.
    KINDS = [
        *LetterTemplate.Kind.choices,
        ("appeal_receipt", _("Bekreftelse på mottatt klage")),
        ("appeal_provisional", _("Foreløpig svar på klage")),
        ("appeal_final", _("Endelig svar på klage")),
    ]

    kind = models.CharField(_("type"), max_length=20, choices=KINDS)
    subject = models.CharField(_("emne"), max_length=200)
    body = models.TextField(_("tekst"))
    recipients = models.TextField(_("mottakere"), blank=True)
    appeal_deadline = models.DateField(
        _("klagefrist"), null=True, blank=True, help_text=_("Bare vedtaksbrev kan påklages.")
    )
    sent_at = models.DateTimeField(_("sendt"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sendt av"),
    )
    # The e-mail: queued when the letter is issued, sent only once the mail server accepted it.
    delivery_status = models.CharField(
        _("e-post"), max_length=10, choices=Delivery.choices, default=Delivery.QUEUED
    )
    delivery_attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    delivery_error = models.TextField(_("siste feil"), blank=True)
    delivered_at = models.DateTimeField(_("e-post sendt"), null=True, blank=True)

    # The letter as a PDF/A document, rendered once from the kept text (awards/letters/pdf.py)
    # and stored in the private storage; served only through the checked view.
    document = models.FileField(
        _("dokument"), storage=private_storage, upload_to=letter_document_path, blank=True
    )

    history = HistoricalRecords(excluded_fields=DELIVERY_FIELDS)

    class Meta:
        verbose_name = _("brev")
        verbose_name_plural = _("brev")
        ordering = ["-sent_at", "-pk"]
        # The admin's list sorts by this, newest first (with the primary key as tie-break).
        indexes = [models.Index(fields=["sent_at", "id"], name="letter_sent_id")]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("letters:detail", kwargs={"pk": self.pk})


class LetterBatch(models.Model):
    """One run of issuing a call's letters in the background: which decisions it covers, how
    far it has come and which letters could not be made (with the reason)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("Lages")
        DONE = "done", _("Ferdig")
        STOPPED = "stopped", _("Stoppet")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="letter_batches", verbose_name=_("utlysning")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("bestilt av"),
    )
    requested_at = models.DateTimeField(_("bestilt"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    # The decisions without a letter when the run was asked for; the run makes letters for
    # these only, and skips any that got one in the meantime.
    decision_ids = models.JSONField(_("vedtak"), default=list)
    total = models.PositiveIntegerField(_("antall brev"))
    issued = models.PositiveIntegerField(_("laget"), default=0)
    # [{"application": pk, "title": "...", "reason": "..."}] for letters that could not be made.
    failures = models.JSONField(_("feil"), default=list, blank=True)
    updated_at = models.DateTimeField(_("sist endret"), auto_now=True)
    finished_at = models.DateTimeField(_("ferdig"), null=True, blank=True)

    class Meta:
        verbose_name = _("utsending av brev")
        verbose_name_plural = _("utsendinger av brev")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call"],
                condition=models.Q(status__in=["queued", "running"]),
                name="letter_batch_one_active_per_call",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call} – {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE
