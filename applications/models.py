"""Organisations that apply and the applications they send."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from calls.models import Call, County

from .orgnr import format_orgnr, normalise_orgnr, validate_orgnr


def orgnr_validator(value: str) -> None:
    if normalise_orgnr(value) != value:
        raise ValidationError(
            _("Organisasjonsnummeret må lagres som 9 sifre uten mellomrom."), code="normalised"
        )
    validate_orgnr(value)


class Organisation(models.Model):
    """An organisation identified by its Norwegian organisation number."""

    class Kind(models.TextChoices):
        CLUSTER = "cluster", _("Klynge")
        BUSINESS_ENVIRONMENT = "business_environment", _("Næringsmiljø")
        EDUCATION = "education", _("Utdanningsinstitusjon")
        COMPANY = "company", _("Bedrift")
        OTHER = "other", _("Annet")

    name = models.CharField(_("navn"), max_length=200)
    orgnr = models.CharField(
        _("organisasjonsnummer"), max_length=9, unique=True, validators=[orgnr_validator]
    )
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("fylke"),
    )
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    website = models.URLField(_("nettsted"), blank=True)
    created_at = models.DateTimeField(_("registrert"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(orgnr__regex=r"^[0-9]{9}$"), name="organisation_orgnr_nine_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def orgnr_display(self) -> str:
        return format_orgnr(self.orgnr)


class Application(models.Model):
    """A project sketch or an application from an organisation to a call."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Sendt")
        WITHDRAWN = "withdrawn", _("Trukket")
        UNDER_REVIEW = "under_review", _("Under behandling")
        INVITED = "invited", _("Invitert til søknad")
        AWARDED = "awarded", _("Innvilget")
        REJECTED = "rejected", _("Avslått")

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("utlysning")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("organisasjon"),
    )
    reference = models.CharField(
        _("referansenummer"), max_length=40, unique=True, null=True, blank=True
    )
    title = models.CharField(_("prosjekttittel"), max_length=300)
    summary = models.TextField(_("sammendrag"), max_length=1000, blank=True)
    requested_amount = models.BigIntegerField(_("søkt beløp (kr)"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    class Meta:
        verbose_name = _("søknad")
        verbose_name_plural = _("søknader")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(requested_amount__gte=0),
                name="application_requested_amount_not_negative",
                violation_error_message=_("Søkt beløp kan ikke være negativt."),
            ),
        ]

    def __str__(self) -> str:
        return self.title
