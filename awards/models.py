"""Decisions to fund an application, and their publication."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.models import Application


class AwardQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def for_listing(self):
        """Everything a public list shows, fetched in the same query."""
        return self.select_related(
            "application__organisation__county",
            "application__call__scheme",
        ).order_by(
            "-application__call__closes_at",
            "application__call_id",
            "application__organisation__name",
            "pk",
        )


class Award(models.Model):
    """An award (tilsagn) of an amount to one application."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="award", verbose_name=_("søknad")
    )
    amount = models.BigIntegerField(_("tildelt beløp (kr)"))
    decided_at = models.DateTimeField(_("vedtatt"))
    is_published = models.BooleanField(_("publisert"), default=False)
    is_illustrative = models.BooleanField(
        _("illustrerende beløp"),
        default=False,
        help_text=_("Beløpet er et eksempel i demodata, ikke et faktisk vedtak."),
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    objects = AwardQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tildeling")
        verbose_name_plural = _("tildelinger")
        ordering = ["-decided_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="award_amount_not_negative",
                violation_error_message=_("Tildelt beløp kan ikke være negativt."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.organisation} – {self.application.title}"

    def get_absolute_url(self) -> str:
        return reverse("awards:list") + f"#award-{self.pk}"
