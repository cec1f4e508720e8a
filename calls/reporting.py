"""What a call asks of its grants after the award: when reports are due, and the outcome
indicators each report gives a figure for (against the target the application set)."""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# Days after the project's end the final report is due when a call does not say.
FINAL_REPORT_DAYS_DEFAULT = 60

# The indicators of the scheme "Kompetanseutvikling i regionale næringsmiljø" (code, name, unit).
SCHEME_INDICATORS = [
    ("offers", _("Nye studie- eller EVU-tilbud etablert"), _("tilbud")),
    ("places", _("Studieplasser"), _("plasser")),
    ("participants", _("Deltakere fra bedrifter"), _("personer")),
    ("firms", _("Deltakende bedrifter"), _("bedrifter")),
    ("credits", _("Studiepoeng"), _("studiepoeng")),
]


class ReportSchedule(models.Model):
    """When a call's grants report: a progress report on a date or halfway through the project
    period (or none), and a final report a number of days after the project ends."""

    class Progress(models.TextChoices):
        NONE = "none", _("Ingen framdriftsrapport")
        ON_DATE = "on_date", _("På en bestemt dato")
        HALFWAY = "halfway", _("Halvveis i prosjektperioden")

    call = models.OneToOneField(
        "calls.Call",
        on_delete=models.CASCADE,
        related_name="report_schedule",
        verbose_name=_("utlysning"),
    )
    progress = models.CharField(
        _("framdriftsrapport"), max_length=10, choices=Progress.choices, default=Progress.HALFWAY
    )
    progress_on = models.DateField(
        _("framdriftsrapport innen"),
        null=True,
        blank=True,
        help_text=_("Bare når framdriftsrapporten skal leveres på en bestemt dato."),
    )
    final_days_after_end = models.PositiveSmallIntegerField(
        _("sluttrapport, dager etter prosjektslutt"),
        default=FINAL_REPORT_DAYS_DEFAULT,
        validators=[MaxValueValidator(365)],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rapporteringsplan")
        verbose_name_plural = _("rapporteringsplaner")
        constraints = [
            models.CheckConstraint(
                condition=~Q(progress="on_date") | Q(progress_on__isnull=False),
                name="report_schedule_date_when_on_date",
                violation_error_message=_("Velg datoen framdriftsrapporten skal leveres."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Rapporteringsplan"))

    def due_dates(self, *, starts_on: dt.date, ends_on: dt.date) -> dict[str, dt.date]:
        """The due date per kind of report ("progress", "final") for a project period."""
        dates = {"final": ends_on + dt.timedelta(days=self.final_days_after_end)}
        if self.progress == self.Progress.ON_DATE and self.progress_on:
            dates["progress"] = self.progress_on
        elif self.progress == self.Progress.HALFWAY:
            dates["progress"] = starts_on + (ends_on - starts_on) / 2
        return dates


class OutcomeIndicator(models.Model):
    """One figure a call's grants set a target for and report against."""

    call = models.ForeignKey(
        "calls.Call",
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("utlysning"),
    )
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("navn"), max_length=200)
    unit = models.CharField(_("enhet"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resultatindikator")
        verbose_name_plural = _("resultatindikatorer")
        ordering = ["call", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "code"], name="indicator_unique_code_per_call"),
        ]

    def __str__(self) -> str:
        return self.name


def indicators_add_scheme_defaults(*, call) -> None:
    """Give a call the scheme's five indicators (those it lacks)."""
    for order, (code, name, unit) in enumerate(SCHEME_INDICATORS, start=1):
        OutcomeIndicator.objects.get_or_create(
            call=call, code=code, defaults={"name": str(name), "unit": str(unit), "order": order}
        )
