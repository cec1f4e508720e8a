"""Organisations that apply and the applications they send."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from calls.models import Call, County, Municipality

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

    history = HistoricalRecords()

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

    history = HistoricalRecords()

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


class Membership(models.Model):
    """A person acts for an organisation in a role.

    This is the shape national login takes too (ID-porten identifies the person, Altinn gives the
    roles they hold for an organisation number), so it can be filled from there later.
    """

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        EDITOR = "editor", _("Redaktør")
        READER = "reader", _("Leser")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisasjon"),
    )
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.READER)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        ordering = ["organisation", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_one_per_person_and_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class Partner(models.Model):
    """An organisation taking part in an application's project."""

    class Role(models.TextChoices):
        DEVELOPMENT_PARTNER = "development_partner", _("Utviklingspartner")
        EDUCATION_PROVIDER = "education_provider", _("Utdanningsleverandør")
        PARTICIPATING_FIRM = "participating_firm", _("Deltakende bedrift")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="partners", verbose_name=_("søknad")
    )
    name = models.CharField(_("navn"), max_length=200)
    orgnr = models.CharField(_("organisasjonsnummer"), max_length=9, blank=True)
    role = models.CharField(_("rolle"), max_length=30, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partners",
        verbose_name=_("kommune"),
    )
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partnere")
        ordering = ["application", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(orgnr="") | Q(orgnr__regex=r"^[0-9]{9}$"),
                name="partner_orgnr_empty_or_nine_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.orgnr:
            self.orgnr = validate_orgnr(self.orgnr)
