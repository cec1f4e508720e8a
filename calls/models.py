"""Schemes, calls, assessment criteria and the regions they refer to."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# Rules that apps above this one add to the validation of a call and of a criterion, for what
# they hold: awards checks that a budget covers what is awarded and freezes weights once
# reviewers have given scores. Each is called as ``check(call=...)`` or ``check(criterion=...)``
# from the model's ``clean`` and may raise ValidationError. (Calls never import those apps: they
# register here when they are ready.)
CALL_CHECKS: list[Callable[..., None]] = []
CRITERION_CHECKS: list[Callable[..., None]] = []

# A call's year is the year of its deadline in Norway; references are numbered by it.
CALL_YEAR_ZONE = ZoneInfo("Europe/Oslo")


def call_year(closes_at: datetime) -> int:
    return timezone.localtime(closes_at, CALL_YEAR_ZONE).year


def call_next_free_number(*, scheme_id, year: int, exclude_pk=None) -> int:
    """The lowest call number not yet used in the scheme in the year of the deadline."""
    taken = set(
        Call.objects.annotate(year=ExtractYear("closes_at", tzinfo=CALL_YEAR_ZONE))
        .filter(scheme_id=scheme_id, year=year)
        .exclude(pk=exclude_pk)
        .values_list("number", flat=True)
    )
    number = 1
    while number in taken:
        number += 1
    return number


class Scheme(models.Model):
    """A funding scheme (ordning/tjeneste) that calls belong to."""

    name = models.CharField(_("navn"), max_length=200, unique=True)
    code = models.CharField(
        _("kode"),
        max_length=10,
        unique=True,
        help_text=_("Kort kode brukt i referansenumre, for eksempel KRN."),
    )
    owner = models.CharField(
        _("eier"), max_length=200, help_text=_("Departementet som finansierer ordningen.")
    )
    administrator = models.CharField(_("forvalter"), max_length=200)
    # Who decides an appeal the administrator upholds (forvaltningsloven § 28): for this scheme
    # the ministry that owns it. Named in every decision letter as {{ klageinstans }}.
    appeal_body = models.CharField(
        _("klageinstans"),
        max_length=200,
        default="Kommunal- og distriktsdepartementet",
        help_text=_("Organet som avgjør en klage når forvalteren ikke selv omgjør vedtaket."),
    )
    annual_budget = models.PositiveBigIntegerField(_("årlig ramme (kr)"), default=0)
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        verbose_name = _("ordning")
        verbose_name_plural = _("ordninger")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CallQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def open(self, now: datetime | None = None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def upcoming(self, now: datetime | None = None):
        return self.filter(opens_at__gt=now or timezone.now())

    def closed(self, now: datetime | None = None):
        return self.filter(closes_at__lte=now or timezone.now())

    def with_scheme(self):
        return self.select_related("scheme")


class Call(models.Model):
    """A call for applications (utlysning) with its deadline and budget."""

    class Stage(models.TextChoices):
        SKETCH = "sketch", _("Prosjektskisse")
        APPLICATION = "application", _("Søknad")

    class Status(models.TextChoices):
        UPCOMING = "upcoming", _("Kommer")
        OPEN = "open", _("Åpen")
        CLOSED = "closed", _("Stengt")

    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="calls", verbose_name=_("ordning")
    )
    title = models.CharField(_("tittel"), max_length=250)
    slug = models.SlugField(_("nettadresse"), max_length=120, unique=True)
    number = models.PositiveSmallIntegerField(
        _("utlysningsnummer"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Løpenummer for utlysningen i ordningen i fristens år; inngår i søknadenes "
            "referansenummer."
        ),
    )
    summary = models.TextField(_("sammendrag"), max_length=600)
    description = models.TextField(_("beskrivelse"), blank=True)
    opens_at = models.DateTimeField(_("åpner"))
    closes_at = models.DateTimeField(_("søknadsfrist"))
    budget = models.PositiveBigIntegerField(_("ramme (kr)"))
    max_amount_per_project = models.PositiveBigIntegerField(_("maks per prosjekt (kr)"))
    min_own_contribution_percent = models.PositiveSmallIntegerField(
        _("minste egenandel (%)"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("Andel av prosjektets kostnader søkeren selv må finansiere."),
    )
    stage = models.CharField(
        _("trinn"), max_length=20, choices=Stage.choices, default=Stage.APPLICATION
    )
    sketch_call = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application_calls",
        limit_choices_to={"stage": "sketch"},
        verbose_name=_("skisseutlysning"),
        help_text=_("For andre trinn: utlysningen der skissene ble sendt inn."),
    )
    allows_multiple_applications = models.BooleanField(
        _("flere søknader per organisasjon"), default=False
    )
    max_attachment_mb = models.PositiveSmallIntegerField(
        _("maks vedleggsstørrelse (MB)"), default=10, validators=[MinValueValidator(1)]
    )
    max_attachments = models.PositiveSmallIntegerField(
        _("maks antall vedlegg per søknad"), default=20, validators=[MinValueValidator(1)]
    )
    max_attachments_total_mb = models.PositiveSmallIntegerField(
        _("maks samlet vedleggsstørrelse per søknad (MB)"),
        default=50,
        validators=[MinValueValidator(1)],
    )
    show_reviewer_names = models.BooleanField(
        _("vis fagvurderernes navn i saksdokumentene"),
        default=True,
        help_text=_(
            "Søkeren ser vurderingene i saksdokumentene når vedtaket er sendt. Slått av står "
            "det bare fagvurdererens rolle (for eksempel Fylkeskommunen)."
        ),
    )
    requires_signoff = models.BooleanField(
        _("krever bekreftelse fra administrator"),
        default=False,
        help_text=_(
            "En administrator i organisasjonen må bekrefte at organisasjonen står bak søknaden "
            "og medfinansieringen før den sendes. En redaktør kan gjøre søknaden klar og be om "
            "bekreftelse."
        ),
    )
    acceptance_weeks = models.PositiveSmallIntegerField(
        _("svarfrist for tilsagn (uker)"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(26)],
        help_text=_(
            "Så mange uker etter at tilbudsbrevet er sendt må organisasjonen ta imot tilskuddet; "
            "ellers faller tilbudet bort."
        ),
    )
    contact_name = models.CharField(_("kontaktperson"), max_length=200)
    contact_email = models.EmailField(_("e-post til kontaktperson"), blank=True)
    contact_phone = models.CharField(_("telefon til kontaktperson"), max_length=40, blank=True)
    is_published = models.BooleanField(_("publisert"), default=False)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    objects = CallQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("utlysning")
        verbose_name_plural = _("utlysninger")
        ordering = ["-closes_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_opens",
                violation_error_message=_("Søknadsfristen må være etter åpningstidspunktet."),
            ),
            models.CheckConstraint(
                condition=Q(max_amount_per_project__lte=models.F("budget")),
                name="call_max_amount_within_budget",
                violation_error_message=_("Maks per prosjekt kan ikke være større enn rammen."),
            ),
            models.CheckConstraint(
                condition=Q(min_own_contribution_percent__lte=100),
                name="call_own_contribution_is_a_share",
            ),
            models.UniqueConstraint(
                "scheme",
                # In the project's time zone (settings.TIME_ZONE is Europe/Oslo, as CALL_YEAR_ZONE).
                ExtractYear("closes_at"),
                "number",
                name="call_number_unique_per_scheme_and_year",
                violation_error_message=_(
                    "Utlysningsnummeret er allerede brukt i ordningen i fristens år."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("calls:detail", kwargs={"slug": self.slug})

    @property
    def deadline_day(self) -> date:
        """The deadline's day in Norwegian time: the regions and zones of that day apply."""
        return timezone.localtime(self.closes_at, CALL_YEAR_ZONE).date()

    def status_at(self, now: datetime) -> str:
        if now < self.opens_at:
            return self.Status.UPCOMING
        if now < self.closes_at:
            return self.Status.OPEN
        return self.Status.CLOSED

    @property
    def status(self) -> str:
        return self.status_at(timezone.now())

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    def clean(self):
        super().clean()
        if self.sketch_call_id and self.stage != self.Stage.APPLICATION:
            raise ValidationError(
                {"sketch_call": _("Bare en søknadsutlysning kan bygge på en skisseutlysning.")}
            )
        self._check_number_free()
        for check in CALL_CHECKS:
            check(call=self)

    def _check_number_free(self) -> None:
        if not (self.scheme_id and self.closes_at and self.number):
            return
        year = call_year(self.closes_at)
        free = call_next_free_number(scheme_id=self.scheme_id, year=year, exclude_pk=self.pk)
        if free == self.number:
            return
        taken = Call.objects.annotate(year=ExtractYear("closes_at", tzinfo=CALL_YEAR_ZONE)).filter(
            scheme_id=self.scheme_id, year=year, number=self.number
        )
        if self.pk:
            taken = taken.exclude(pk=self.pk)
        if taken.exists():
            raise ValidationError(
                {
                    "number": _(
                        "Utlysningsnummer %(number)s er allerede brukt i %(scheme)s med frist "
                        "i %(year)s, og søknadene ville fått samme referansenummer. Neste "
                        "ledige nummer er %(free)s."
                    )
                    % {"number": self.number, "scheme": self.scheme, "year": year, "free": free}
                }
            )


class Criterion(models.Model):
    """An assessment criterion of a call, scored per application."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("utlysning")
    )
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("vekt (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    scale_min = models.PositiveSmallIntegerField(_("laveste karakter"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("høyeste karakter"), default=6)
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vurderingskriterium")
        verbose_name_plural = _("vurderingskriterier")
        ordering = ["call", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "name"], name="criterion_unique_name_per_call"),
            models.CheckConstraint(
                condition=Q(scale_max__gt=models.F("scale_min")),
                name="criterion_scale_is_a_range",
            ),
            models.CheckConstraint(condition=Q(weight__lte=100), name="criterion_weight_max_100"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        for check in CRITERION_CHECKS:
            check(criterion=self)


# Counties and municipalities live in their own module (``regions.py`` loads their data).
# The payment plan lives in its own module; imported here so Django finds its model.
from .payment_plan import DEFAULT_PAYMENT_PLAN, PaymentPlanShare, payment_plan  # noqa: E402, F401
from .region_models import County, Municipality, RegionQuerySet  # noqa: E402, F401

# What grants report after the award, per call.
from .reporting import OutcomeIndicator, ReportSchedule  # noqa: E402, F401

# The record of scheduled jobs lives beside their registry; Django finds the model here.
from .schedule import JobRun  # noqa: E402, F401
