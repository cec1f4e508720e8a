"""The targets an application sets for its call's outcome indicators: what the project promises
to achieve, which the grant's reports measure their figures against."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from calls.reporting import OutcomeIndicator

from .models import Application


class IndicatorTarget(models.Model):
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="indicator_targets",
        verbose_name=_("søknad"),
    )
    indicator = models.ForeignKey(
        OutcomeIndicator,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("resultatindikator"),
    )
    target = models.PositiveIntegerField(_("mål"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resultatmål")
        verbose_name_plural = _("resultatmål")
        ordering = ["application", "indicator__order", "indicator_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "indicator"], name="indicator_target_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.target}"


def targets_for(*, application) -> dict[int, int]:
    """Target per indicator id for one application."""
    return dict(
        IndicatorTarget.objects.filter(application=application).values_list(
            "indicator_id", "target"
        )
    )
