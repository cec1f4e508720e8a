"""Sketches and applications to a call: the project, its partners, budget and attachments."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from calls.models import Call, Municipality
from calls.search import norwegian_vector

from ..orgnr import validate_orgnr
from ..people.enhetsregisteret import RegisterStatus
from ..people.models import Organisation
from .storage import private_storage


def application_search_vector(prefix: str = ""):
    """What a search finds an application by: its title (weight A) and summary (weight C);
    GIN-indexed. The organisation's name has its own index (``organisation_search_vector``).

    ``prefix`` reaches the columns through a relation (``application__``), for ranking."""
    return norwegian_vector(f"{prefix}title", "A") + norwegian_vector(f"{prefix}summary", "C")


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
    title = models.CharField(_("prosjekttittel"), max_length=300, blank=True)
    summary = models.TextField(_("sammendrag"), max_length=1000, blank=True)
    description = models.TextField(_("prosjektbeskrivelse"), blank=True)
    project_start = models.DateField(_("prosjektstart"), null=True, blank=True)
    project_end = models.DateField(_("prosjektslutt"), null=True, blank=True)
    target_group = models.TextField(_("målgruppe og kompetansebehov"), blank=True)
    planned_offer = models.TextField(_("planlagt tilbud"), blank=True)
    expected_participants = models.PositiveIntegerField(
        _("forventet antall deltakere"), null=True, blank=True
    )
    requested_amount = models.BigIntegerField(_("søkt beløp (kr)"), default=0)
    own_contribution = models.BigIntegerField(_("egenfinansiering (kr)"), default=0)
    other_public_funding = models.BigIntegerField(_("annen offentlig finansiering (kr)"), default=0)
    private_funding = models.BigIntegerField(_("privat finansiering (kr)"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    outside_district_area = models.BooleanField(
        _("utenfor distriktspolitisk virkeområde"),
        default=False,
        help_text=_(
            "Ingen deltakende bedrift ligger i en kommune innenfor det distriktspolitiske "
            "virkeområdet. Satt ved innsending, for rådgiverne."
        ),
    )
    sketch = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="full_applications",
        verbose_name=_("prosjektskisse"),
        help_text=_("Skissen denne søknaden bygger på (totrinnsutlysninger)."),
    )
    sequence = models.PositiveIntegerField(_("løpenummer i utlysningen"), null=True, blank=True)
    one_per_organisation = models.BooleanField(
        _("én per organisasjon"),
        default=False,
        help_text=_("Utlysningen tillater bare én søknad per organisasjon."),
    )
    section_versions = models.JSONField(_("versjoner per del"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opprettet av"),
    )
    last_saved_at = models.DateTimeField(_("sist lagret"), null=True, blank=True)
    last_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sist lagret av"),
    )
    submitted_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sendt av"),
    )
    withdrawn_at = models.DateTimeField(_("trukket"), null=True, blank=True)
    signoff_requested_at = models.DateTimeField(_("bedt om bekreftelse"), null=True, blank=True)
    signoff_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gjort klar av"),
        help_text=_("Redaktøren som ba en administrator bekrefte og sende søknaden."),
    )
    outcome_announced_at = models.DateTimeField(
        _("utfall kunngjort"),
        null=True,
        blank=True,
        help_text=_("Da søkeren fikk vite utfallet, med brevet om vedtaket."),
    )
    announced_status = models.CharField(
        _("kunngjort utfall"),
        max_length=20,
        choices=Status.choices,
        blank=True,
        help_text=_(
            "Utfallet i det siste brevet søkeren fikk; det søkeren ser til et nytt sendes."
        ),
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["section_versions"])

    EDITABLE_STATUSES = (Status.DRAFT, Status.WITHDRAWN)
    SUBMITTABLE_STATUSES = (Status.DRAFT, Status.WITHDRAWN)
    # Sections of these can reopen on an adviser's request for more information.
    CORRECTABLE_STATUSES = (Status.SUBMITTED, Status.UNDER_REVIEW)

    class Meta:
        verbose_name = _("søknad")
        verbose_name_plural = _("søknader")
        ordering = ["-created_at"]
        # The admin's list sorts by this, newest first (with the primary key as tie-break).
        constraints = [
            models.CheckConstraint(
                condition=Q(requested_amount__gte=0),
                name="application_requested_amount_not_negative",
                violation_error_message=_("Søkt beløp kan ikke være negativt."),
            ),
            models.CheckConstraint(
                condition=Q(own_contribution__gte=0)
                & Q(other_public_funding__gte=0)
                & Q(private_funding__gte=0),
                name="application_financing_not_negative",
                violation_error_message=_("Beløp i finansieringsplanen kan ikke være negative."),
            ),
            models.CheckConstraint(
                condition=Q(project_start__isnull=True)
                | Q(project_end__isnull=True)
                | Q(project_end__gte=models.F("project_start")),
                name="application_project_ends_after_start",
                violation_error_message=_("Prosjektet kan ikke slutte før det starter."),
            ),
            models.UniqueConstraint(
                fields=["call", "organisation"],
                condition=Q(one_per_organisation=True),
                name="application_one_per_organisation_and_call",
                violation_error_message=_(
                    "Organisasjonen har allerede en søknad til denne utlysningen."
                ),
            ),
            models.UniqueConstraint(
                fields=["call", "sequence"], name="application_unique_sequence_per_call"
            ),
            models.UniqueConstraint(fields=["sketch"], name="application_one_per_sketch"),
        ]
        indexes = [
            models.Index(fields=["created_at", "id"], name="application_created_id"),
            GinIndex(application_search_vector(), name="application_search"),
        ]

    def __str__(self) -> str:
        return self.title or str(_("Søknad uten tittel"))

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def is_sketch(self) -> bool:
        return self.call.stage == Call.Stage.SKETCH

    DECIDED_STATUSES = (Status.INVITED, Status.AWARDED, Status.REJECTED)

    @property
    def outcome_is_announced(self) -> bool:
        """A decision reaches the applicant with its letter; until then it can still change.

        ``outcome_announced_at`` and ``announced_status`` are set through ``applications.outcomes``
        when the letter is sent; a decision changed since then is not announced until its letter is.
        """
        return (
            self.status in self.DECIDED_STATUSES
            and self.outcome_announced_at is not None
            # Blank: announced before the field existed (or by an older migration), as it stands.
            and (self.announced_status or self.status) == self.status
        )

    @property
    def is_unsent_past_deadline(self) -> bool:
        """A draft (or withdrawn application) whose call has closed: it can no longer be sent."""
        return self.status in self.SUBMITTABLE_STATUSES and timezone.now() >= self.call.closes_at

    @property
    def applicant_status(self) -> str:
        """The status the applicant sees: the outcome of the last letter sent, "under review" until
        the first one is sent."""
        if self.status in self.DECIDED_STATUSES and not self.outcome_is_announced:
            if self.outcome_announced_at is not None and self.announced_status:
                return self.announced_status
            return self.Status.UNDER_REVIEW
        return self.status

    @property
    def applicant_status_label(self) -> str:
        """The status in words applicants use (utkast, sendt, under behandling …)."""
        status = self.applicant_status
        return str(APPLICANT_STATUS_LABELS.get(status, self.Status(status).label))

    @property
    def financing_total(self) -> int:
        return (
            self.requested_amount
            + self.own_contribution
            + self.other_public_funding
            + self.private_funding
        )

    def section_version(self, section: str) -> int:
        return int((self.section_versions or {}).get(section, 0))


APPLICANT_STATUS_LABELS = {
    Application.Status.DRAFT: _("utkast"),
    Application.Status.SUBMITTED: _("sendt"),
    Application.Status.WITHDRAWN: _("trukket"),
    Application.Status.UNDER_REVIEW: _("under behandling"),
    Application.Status.INVITED: _("invitert til å sende søknad"),
    Application.Status.AWARDED: _("innvilget"),
    Application.Status.REJECTED: _("avslått"),
}


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
    # "found": the municipality is the one Enhetsregisteret gives; "unavailable": the register
    # did not answer and the chosen municipality stands; empty: no organisation number.
    register_status = models.CharField(
        _("status i Enhetsregisteret"), max_length=20, choices=RegisterStatus.choices, blank=True
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


class CostLine(models.Model):
    """One year of an application's cost plan, in whole kroner."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="cost_lines", verbose_name=_("søknad")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    personnel = models.BigIntegerField(_("personalkostnader"), default=0)
    purchased_services = models.BigIntegerField(_("kjøp av tjenester"), default=0)
    equipment = models.BigIntegerField(_("utstyr"), default=0)
    other = models.BigIntegerField(_("andre kostnader"), default=0)

    class Meta:
        verbose_name = _("kostnadslinje")
        verbose_name_plural = _("kostnadsplan")
        ordering = ["application", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "year"], name="cost_line_one_per_year_and_application"
            ),
            models.CheckConstraint(
                condition=Q(personnel__gte=0)
                & Q(purchased_services__gte=0)
                & Q(equipment__gte=0)
                & Q(other__gte=0),
                name="cost_line_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="cost_line_sensible_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.year}"

    @property
    def total(self) -> int:
        return self.personnel + self.purchased_services + self.equipment + self.other


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"applications/{instance.application_id}/{filename}"


class Attachment(models.Model):
    """A file attached to an application (PDF, DOCX, XLSX or ODT), stored privately."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("søknad"),
    )
    file = models.FileField(_("fil"), storage=private_storage, upload_to=attachment_path)
    name = models.CharField(_("filnavn"), max_length=200)
    content_type = models.CharField(_("filtype"), max_length=100)
    size = models.PositiveBigIntegerField(_("størrelse (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lastet opp av"),
    )
    uploaded_at = models.DateTimeField(_("lastet opp"), auto_now_add=True)

    class Meta:
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")
        ordering = ["application", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


# Requests for more information live beside their services; Django finds the model here.
from .correction_models import CorrectionRequest  # noqa: E402, F401
