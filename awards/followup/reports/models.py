"""The grant's reports: a progress report and a final report per the call's schedule, each with
its text, a figure per outcome indicator, attachments, what an adviser sent back and the
reminders sent about it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.applying.storage import private_storage
from calls.reporting import OutcomeIndicator

from ..models import Grant

TEXT_MAX_LENGTH = 10_000


class Report(models.Model):
    """One report a grant owes. Its status moves only through ``reports/services.py``."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Framdriftsrapport")
        FINAL = "final", _("Sluttrapport")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Sendt")
        RETURNED = "returned", _("Sendt tilbake")
        APPROVED = "approved", _("Godkjent")

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="reports", verbose_name=_("tilsagn")
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    due_on = models.DateField(_("frist"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(_("versjon"), default=1)
    status_text = models.TextField(_("status i prosjektet"), blank=True, max_length=TEXT_MAX_LENGTH)
    learned = models.TextField(_("hva dere har lært"), blank=True, max_length=TEXT_MAX_LENGTH)
    submitted_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sendt av"),
    )
    approved_at = models.DateTimeField(_("godkjent"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("godkjent av"),
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporter")
        ordering = ["grant", "due_on", "pk"]
        permissions = [("review_report", _("Kan godkjenne og sende tilbake rapporter"))]
        constraints = [
            models.UniqueConstraint(fields=["grant", "kind"], name="report_one_per_kind"),
            models.CheckConstraint(
                condition=~Q(status__in=["submitted", "approved"]) | Q(submitted_at__isnull=False),
                name="report_submitted_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at__isnull=False),
                name="report_approved_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="report_status_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.grant.award}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE


class ReportFigure(models.Model):
    """The actual figure a report gives for one indicator."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="figures", verbose_name=_("rapport")
    )
    indicator = models.ForeignKey(
        OutcomeIndicator,
        on_delete=models.PROTECT,
        related_name="report_figures",
        verbose_name=_("resultatindikator"),
    )
    actual = models.PositiveIntegerField(_("oppnådd"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rapportert tall")
        verbose_name_plural = _("rapporterte tall")
        ordering = ["report", "indicator__order", "indicator_id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="report_figure_once"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.actual}"


def report_attachment_path(instance: ReportAttachment, filename: str) -> str:
    return f"reports/{instance.report_id}/{filename}"


class ReportAttachment(models.Model):
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("rapport")
    )
    file = models.FileField(
        _("fil"), storage=private_storage, upload_to=report_attachment_path, max_length=300
    )
    name = models.CharField(_("filnavn"), max_length=200)
    content_type = models.CharField(_("filtype"), max_length=100)
    size = models.PositiveBigIntegerField(_("størrelse (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("lastet opp av"),
    )
    uploaded_at = models.DateTimeField(_("lastet opp"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["file"])

    class Meta:
        verbose_name = _("rapportvedlegg")
        verbose_name_plural = _("rapportvedlegg")
        ordering = ["report", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class ReportReturn(models.Model):
    """An adviser sent the report back: the comment, and the report as it was then."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="returns", verbose_name=_("rapport")
    )
    comment = models.TextField(_("kommentar"), max_length=TEXT_MAX_LENGTH)
    snapshot = models.JSONField(_("rapporten slik den ble sendt tilbake"))
    returned_at = models.DateTimeField(_("sendt tilbake"))
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sendt tilbake av"),
    )

    class Meta:
        verbose_name = _("tilbakesendt rapport")
        verbose_name_plural = _("tilbakesendte rapporter")
        ordering = ["report", "-returned_at", "-pk"]

    def __str__(self) -> str:
        return str(self.report)


class ReportReminder(models.Model):
    """A reminder e-mail about a report, recorded before it is queued so it goes once."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("rapport")
    )
    # "before-14", "before-3", … or "overdue"
    kind = models.CharField(_("påminnelse"), max_length=20)
    sent_at = models.DateTimeField(_("sendt"))

    class Meta:
        verbose_name = _("rapportpåminnelse")
        verbose_name_plural = _("rapportpåminnelser")
        constraints = [
            models.UniqueConstraint(fields=["report", "kind"], name="report_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.report} ({self.kind})"
