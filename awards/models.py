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
    project_starts_on = models.DateField(
        _("prosjektstart"), null=True, blank=True, help_text=_("Prosjektperioden i tilsagnet.")
    )
    project_ends_on = models.DateField(_("prosjektslutt"), null=True, blank=True)
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
            models.CheckConstraint(
                condition=Q(project_ends_on__isnull=True)
                | Q(project_starts_on__isnull=True)
                | Q(project_ends_on__gte=models.F("project_starts_on")),
                name="award_project_ends_after_start",
                violation_error_message=_("Prosjektslutt må være etter prosjektstart."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.organisation} – {self.application.title}"

    def get_absolute_url(self) -> str:
        return reverse("awards:detail", kwargs={"pk": self.pk})


class PublicDataVersion(models.Model):
    """One row whose number changes whenever data shown on public pages changes.

    Cached public pages carry the number in their cache key, so a change anywhere (in any
    process) makes every cached page stale at once. Kept in the database, not in the cache, so it
    is shared by every worker whatever cache backend is configured.
    """

    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("versjon av offentlige data")
        verbose_name_plural = _("versjoner av offentlige data")

    def __str__(self) -> str:
        return str(self.version)
