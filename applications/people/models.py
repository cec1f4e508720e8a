"""Organisations that apply, the people who act for them, and how people join them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from calls.models import County
from calls.search import norwegian_vector

from ..orgnr import format_orgnr, normalise_orgnr, validate_orgnr
from .enhetsregisteret import RegisterStatus
from .names import single_line


def orgnr_validator(value: str) -> None:
    if normalise_orgnr(value) != value:
        raise ValidationError(
            _("Organisasjonsnummeret må lagres som 9 sifre uten mellomrom."), code="normalised"
        )
    validate_orgnr(value)


def organisation_search_vector(prefix: str = ""):
    """What a search finds an organisation by (weight B: after a project's title); GIN-indexed.

    ``prefix`` reaches the columns through a relation (``organisation__``), for ranking."""
    return norwegian_vector(f"{prefix}name", "B")


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
    # Until a national role check exists (Altinn), whoever registers a number first is not yet
    # known to act for it: an adviser confirms the registration against the register.
    confirmation_pending = models.BooleanField(
        _("venter på bekreftelse"),
        default=False,
        help_text=_(
            "Registrert av en søker og ennå ikke bekreftet av en rådgiver. Søknader kan "
            "forberedes, men ikke sendes."
        ),
    )
    confirmed_at = models.DateTimeField(_("bekreftet"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bekreftet av"),
    )

    # What Enhetsregisteret said at the last look-up (applications/people/register_check.py).
    register_status = models.CharField(
        _("status i Enhetsregisteret"), max_length=20, choices=RegisterStatus.choices, blank=True
    )
    register_checked_at = models.DateTimeField(
        _("sist sjekket i Enhetsregisteret"), null=True, blank=True
    )
    register_name = models.CharField(_("navn i registeret"), max_length=200, blank=True)
    register_form = models.CharField(_("organisasjonsform"), max_length=120, blank=True)
    register_address = models.CharField(_("forretningsadresse"), max_length=300, blank=True)
    register_municipality_number = models.CharField(
        _("kommunenummer i registeret"), max_length=4, blank=True
    )
    register_nace = models.CharField(_("næringskode (NACE)"), max_length=220, blank=True)
    register_changes = models.TextField(
        _("endret ved siste sjekk"),
        blank=True,
        help_text=_("Hva registeret sa annerledes enn før."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")
        ordering = ["name"]
        permissions = [("confirm_organisation", _("Kan bekrefte registrerte organisasjoner"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(orgnr__regex=r"^[0-9]{9}$"), name="organisation_orgnr_nine_digits"
            ),
        ]
        indexes = [GinIndex(organisation_search_vector(), name="organisation_search")]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        self.name = single_line(self.name)

    @property
    def orgnr_display(self) -> str:
        return format_orgnr(self.orgnr)


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


class AccessRequest(models.Model):
    """A person asks the administrators of an existing organisation for access."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Venter")
        APPROVED = "approved", _("Godkjent")
        DECLINED = "declined", _("Avslått")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="access_requests",
        verbose_name=_("organisasjon"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="access_requests",
        verbose_name=_("person"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("sendt"), auto_now_add=True)
    decided_at = models.DateTimeField(_("avgjort"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("avgjort av"),
    )

    class Meta:
        verbose_name = _("tilgangsforespørsel")
        verbose_name_plural = _("tilgangsforespørsler")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(status="pending"),
                name="access_request_one_pending_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation}"


class Invitation(models.Model):
    """An e-mailed, single-use invitation to join an organisation. Only the token's hash is kept."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisasjon"),
    )
    email = models.EmailField(_("e-post"))
    role = models.CharField(
        _("rolle"), max_length=20, choices=Membership.Role.choices, default=Membership.Role.EDITOR
    )
    token_hash = models.CharField(_("hash av nøkkel"), max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invitert av"),
    )
    created_at = models.DateTimeField(_("sendt"), auto_now_add=True)
    expires_at = models.DateTimeField(_("utløper"))
    accepted_at = models.DateTimeField(_("tatt i bruk"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tatt i bruk av"),
    )

    class Meta:
        verbose_name = _("invitasjon")
        verbose_name_plural = _("invitasjoner")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"
