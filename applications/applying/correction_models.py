"""A request for more information after the deadline (``corrections.py`` holds its rules)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CorrectionRequest(models.Model):
    """An adviser's request for more information after the deadline: the named sections of a sent
    application open again for its organisation, until ``open_until``. The application keeps its
    reference and status; ``before`` holds the sections as they were when asked, ``after`` as they
    were sent in again, so the adviser sees what changed."""

    class Section(models.TextChoices):
        PROJECT = "project", _("Prosjekt")
        PARTNERS = "partners", _("Partnere")
        BUDGET = "budget", _("Budsjett")
        ATTACHMENTS = "attachments", _("Vedlegg")

    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.CASCADE,
        related_name="correction_requests",
        verbose_name=_("søknad"),
    )
    sections = ArrayField(
        models.CharField(max_length=20, choices=Section.choices),
        verbose_name=_("deler som åpnes"),
    )
    reason = models.TextField(_("hva som mangler"), max_length=2000)
    open_until = models.DateTimeField(_("åpen til"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("bedt om av"),
    )
    requested_at = models.DateTimeField(_("bedt om"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sendt inn av"),
    )
    answered_at = models.DateTimeField(_("sendt inn"), null=True, blank=True)
    closed_at = models.DateTimeField(
        _("lukket"),
        null=True,
        blank=True,
        help_text=_("Lukket uten svar: fristen gikk ut, og rådgiveren ba om noe nytt."),
    )
    before = models.JSONField(_("slik det var"), default=dict, editable=False)
    after = models.JSONField(_("slik det ble sendt inn"), default=dict, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("forespørsel om mer informasjon")
        verbose_name_plural = _("forespørsler om mer informasjon")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(answered_at__isnull=True, closed_at__isnull=True),
                name="correction_one_pending_per_application",
            ),
            models.CheckConstraint(
                condition=Q(open_until__gt=models.F("requested_at")),
                name="correction_open_until_after_request",
            ),
            models.CheckConstraint(
                condition=Q(sections__len__gt=0), name="correction_names_a_section"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} ({self.requested_at:%Y-%m-%d})"

    def section_titles(self) -> str:
        labels = dict(self.Section.choices)
        return ", ".join(str(labels.get(s, s)) for s in self.sections)

    def is_open(self, now=None) -> bool:
        return (
            self.answered_at is None
            and self.closed_at is None
            and (now or timezone.now()) < self.open_until
        )
