"""The targets an application sets for its call's outcome indicators: what the project promises
to achieve, which the grant's reports measure their figures against."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
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


def target_field(indicator) -> str:
    """The project form's field for one indicator's target."""
    return f"target_{indicator.pk}"


def targets_save(*, application, targets: dict[int, int | None]) -> None:
    """Replace the application's targets (inside the caller's transaction, after its checks):
    an empty one is removed; an indicator of another call is refused."""
    known = set(application.call.indicators.values_list("pk", flat=True))
    for indicator_id, target in targets.items():
        if indicator_id not in known:
            raise ValidationError(gettext("Indikatoren hører ikke til denne utlysningen."))
        if target is None:
            IndicatorTarget.objects.filter(
                application=application, indicator_id=indicator_id
            ).delete()
        elif target < 0:
            raise ValidationError(gettext("Målene kan ikke være negative."), code="negative")
        else:
            IndicatorTarget.objects.update_or_create(
                application=application, indicator_id=indicator_id, defaults={"target": target}
            )


def target_problems(application) -> list[tuple[str, str]]:
    """A target is needed for each indicator the call defines (whole numbers from 0)."""
    have = {target.indicator_id for target in application.indicator_targets.all()}
    return [
        (
            target_field(indicator),
            gettext("Oppgi et mål for «%(name)s».") % {"name": indicator.name},
        )
        for indicator in application.call.indicators.all()
        if indicator.pk not in have
    ]
