"""Appeals (klage) against a decision: lodged by the organisation on /my/, reviewed by a case
handler at the funder, reversed there or forwarded to the scheme's appeal body."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.applying.storage import private_storage
from applications.models import Application, Organisation
from awards.decisions.models import Decision
from awards.letters.models import Letter

GROUNDS_MAX_LENGTH = 10000


def appeal_file_path(instance, filename: str) -> str:
    return f"appeals/{instance.application_id}/{filename}"


class Appeal(models.Model):
    """One appeal against one decision letter. Its state moves only through
    ``awards/appeals/services.py``."""

    class State(models.TextChoices):
        RECEIVED = "received", _("Mottatt")
        UNDER_REVIEW = "under_review", _("Under behandling")
        REVERSED = "reversed", _("Omgjort")
        UPHELD_FORWARDED = "upheld_forwarded", _("Opprettholdt og sendt klageinstansen")
        CLOSED = "closed", _("Avsluttet")

    # An appeal in one of these states is still open: one per decision at a time.
    OPEN_STATES = (State.RECEIVED, State.UNDER_REVIEW, State.UPHELD_FORWARDED)

    class BodyOutcome(models.TextChoices):
        UPHELD = "upheld", _("Vedtaket er opprettholdt")
        REVERSED = "reversed", _("Vedtaket er omgjort")
        SET_ASIDE = "set_aside", _("Vedtaket er opphevet")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="appeals", verbose_name=_("søknad")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisasjon")
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="appeals", verbose_name=_("vedtak")
    )
    letter = models.ForeignKey(
        Letter,
        on_delete=models.PROTECT,
        related_name="appeals",
        verbose_name=_("vedtaksbrev"),
    )
    grounds = models.TextField(_("begrunnelse for klagen"), max_length=GROUNDS_MAX_LENGTH)
    attachment = models.FileField(
        _("vedlegg"), storage=private_storage, upload_to=appeal_file_path, blank=True
    )
    attachment_name = models.CharField(_("filnavn"), max_length=200, blank=True)
    attachment_content_type = models.CharField(_("filtype"), max_length=100, blank=True)
    lodged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("klaget av"),
    )
    lodged_at = models.DateTimeField(_("mottatt"))
    # The deadline as it stood when the appeal came in (None: the notice had not gone yet).
    deadline = models.DateTimeField(_("klagefrist"), null=True, blank=True)
    late = models.BooleanField(_("for sent"), default=False)
    late_reason = models.TextField(_("hvorfor klagen kommer for sent"), blank=True)
    state = models.CharField(
        _("status"), max_length=20, choices=State.choices, default=State.RECEIVED
    )
    case_handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saksbehandler"),
    )
    handler_declared_at = models.DateTimeField(_("habilitet erklært"), null=True, blank=True)
    # A handler who was found or declared disqualified, and why (kept when the next is assigned).
    conflict_reason = models.TextField(_("grunn til inhabilitet"), blank=True)
    provisional_sent_at = models.DateTimeField(_("foreløpig svar sendt"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
    forward_comment = models.TextField(_("kommentar til klageinstansen"), blank=True)
    bundle_pdf = models.FileField(
        _("saksdokumenter (PDF)"), storage=private_storage, upload_to=appeal_file_path, blank=True
    )
    bundle_zip = models.FileField(
        _("saksdokumenter (ZIP)"), storage=private_storage, upload_to=appeal_file_path, blank=True
    )
    body_outcome = models.CharField(
        _("klageinstansens avgjørelse"), max_length=20, choices=BodyOutcome.choices, blank=True
    )
    body_outcome_text = models.TextField(_("klageinstansens begrunnelse"), blank=True)
    closed_at = models.DateTimeField(_("avsluttet"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["attachment", "bundle_pdf", "bundle_zip"])

    class Meta:
        verbose_name = _("klage")
        verbose_name_plural = _("klager")
        ordering = ["-lodged_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision"],
                condition=Q(state__in=["received", "under_review", "upheld_forwarded"]),
                name="appeal_one_open_per_decision",
            ),
            models.CheckConstraint(
                condition=Q(late=False) | ~Q(late_reason=""), name="appeal_late_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(state="closed") | Q(closed_at__isnull=False),
                name="appeal_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return _("Klage på «%(title)s»") % {"title": self.application.title}

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES
