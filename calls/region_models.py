"""Counties and municipalities with the periods they existed in, and the district-policy zone of
each municipality in each period: what a call's eligibility check reads on its deadline."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RegionQuerySet(models.QuerySet):
    def valid_on(self, day: date):
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class County(models.Model):
    """A county (fylke) in the period it existed with this number and name."""

    number = models.CharField(_("fylkesnummer"), max_length=2)
    name = models.CharField(_("navn"), max_length=100)
    valid_from = models.DateField(_("gyldig fra"))
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("fylke")
        verbose_name_plural = _("fylker")
        ordering = ["number", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "valid_from"], name="county_unique_number_per_period"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="county_valid_period",
            ),
            models.CheckConstraint(
                condition=Q(number__regex=r"^[0-9]{2}$"), name="county_number_two_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A municipality (kommune) with its district-policy zone, for eligibility checks."""

    class Zone(models.TextChoices):
        I = "I", _("Sone I (utenfor virkeområdet)")  # noqa: E741
        II = "II", _("Sone II")
        III = "III", _("Sone III")
        IV = "IV", _("Sone IV (tiltakssonen)")

    number = models.CharField(_("kommunenummer"), max_length=4)
    name = models.CharField(_("navn"), max_length=100)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("fylke")
    )
    district_policy_zone = models.CharField(
        _("distriktspolitisk sone"), max_length=3, choices=Zone.choices, default=Zone.I
    )
    valid_from = models.DateField(_("gyldig fra"))
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["number", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "valid_from"], name="municipality_unique_number_per_period"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="municipality_valid_period",
            ),
            models.CheckConstraint(
                condition=Q(number__regex=r"^[0-9]{4}$"), name="municipality_number_four_digits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def in_district_policy_area(self) -> bool:
        return self.district_policy_zone != self.Zone.I
