"""Decisions to fund an application, and their publication."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.models import Application
from calls.models import Call, Criterion

# The awarded amount is the decision's: an award row never holds a copy of it.
AWARDED_AMOUNT = "application__decision__amount"


class AwardQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def with_amount(self):
        """Join the decision, so ``award.amount`` costs no query of its own."""
        return self.select_related("application__decision")

    def total_amount(self) -> int:
        return self.aggregate(total=models.Sum(AWARDED_AMOUNT))["total"] or 0

    def for_listing(self):
        """Everything a public list shows, fetched in the same query."""
        return self.select_related(
            "application__organisation__county",
            "application__call__scheme",
            "application__decision",
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

    @property
    def amount(self) -> int | None:
        """The awarded amount, as the decision states it (the one place it is kept).

        Querysets that show amounts fetch the decision with the award (``with_amount()``,
        ``for_listing()``)."""
        decision = getattr(self.application, "decision", None)
        return decision.amount if decision is not None else None


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


# --- Assessment: formal check, reviewers, impartiality, scores, decisions and letters ---------


class Case(models.Model):
    """The adviser's file on one application: case owner, formal check and proposed amount."""

    class Eligibility(models.TextChoices):
        UNCHECKED = "unchecked", _("Ikke kontrollert")
        ELIGIBLE = "eligible", _("Oppfyller formelle krav")
        INELIGIBLE = "ineligible", _("Oppfyller ikke formelle krav")

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="case", verbose_name=_("søknad")
    )
    case_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_cases",
        verbose_name=_("saksbehandler"),
    )
    eligibility = models.CharField(
        _("formell kontroll"),
        max_length=20,
        choices=Eligibility.choices,
        default=Eligibility.UNCHECKED,
    )
    eligibility_reason = models.TextField(_("begrunnelse for formell kontroll"), blank=True)
    eligibility_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kontrollert av"),
    )
    eligibility_checked_at = models.DateTimeField(_("kontrollert"), null=True, blank=True)
    proposed_amount = models.BigIntegerField(
        _("foreslått beløp (kr)"),
        null=True,
        blank=True,
        help_text=_("Rådgiverens forslag på rangeringslisten. Tomt betyr søkt beløp."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sak")
        verbose_name_plural = _("saker")
        ordering = ["application"]
        permissions = [
            ("manage_assessment", _("Kan behandle søknader (formell kontroll, fordeling)")),
            ("decide_application", _("Kan fatte vedtak")),
            ("send_letters", _("Kan sende brev")),
            ("publish_results", _("Kan publisere resultater")),
            ("export_ranking", _("Kan eksportere rangeringen")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(proposed_amount__isnull=True) | Q(proposed_amount__gte=0),
                name="case_proposed_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(eligibility="ineligible") | ~Q(eligibility_reason=""),
                name="case_ineligible_has_reason",
                violation_error_message=_("Oppgi hvorfor søknaden ikke oppfyller kravene."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.application)


class ReviewAssignment(models.Model):
    """A reviewer asked to assess one application, with their impartiality and their review."""

    class Role(models.TextChoices):
        ADVISER = "adviser", _("Rådgiver, Innovasjon Norge")
        COUNTY_COUNCIL = "county_council", _("Fylkeskommunen")
        RESEARCH_COUNCIL = "research_council", _("Forskningsrådet")
        SIVA = "siva", _("Siva")

    class Impartiality(models.TextChoices):
        PENDING = "pending", _("Ikke erklært")
        IMPARTIAL = "impartial", _("Habil")
        CONFLICT = "conflict", _("Inhabil")

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="review_assignments",
        verbose_name=_("søknad"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_assignments",
        verbose_name=_("fagvurderer"),
    )
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    impartiality = models.CharField(
        _("habilitet"), max_length=20, choices=Impartiality.choices, default=Impartiality.PENDING
    )
    conflict_reason = models.TextField(_("grunn til inhabilitet"), blank=True)
    conflict_is_automatic = models.BooleanField(
        _("inhabil automatisk"),
        default=False,
        help_text=_("Fagvurdererens egen organisasjon er søker eller partner."),
    )
    declared_at = models.DateTimeField(_("erklært"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tildelt av"),
    )
    assigned_at = models.DateTimeField(_("tildelt"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("vurdering sendt"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fagvurdering")
        verbose_name_plural = _("fagvurderinger")
        ordering = ["application", "assigned_at", "pk"]
        permissions = [("score_application", _("Kan vurdere søknader tildelt seg"))]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="assignment_one_per_reviewer"
            ),
            models.CheckConstraint(
                condition=~Q(impartiality="conflict") | ~Q(conflict_reason=""),
                name="assignment_conflict_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | Q(impartiality="impartial"),
                name="assignment_only_impartial_reviewers_submit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} – {self.application}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def can_score(self) -> bool:
        return self.impartiality == self.Impartiality.IMPARTIAL


class Score(models.Model):
    """One reviewer's score and comment on one criterion of the call."""

    assignment = models.ForeignKey(
        ReviewAssignment,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("fagvurdering"),
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("kriterium")
    )
    score = models.PositiveSmallIntegerField(_("karakter"), null=True, blank=True)
    comment = models.TextField(_("kommentar"), blank=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("karakter")
        verbose_name_plural = _("karakterer")
        ordering = ["assignment", "criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="score_one_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class Decision(models.Model):
    """The decision on an application: award, rejection, or invitation to apply (sketches)."""

    class Outcome(models.TextChoices):
        AWARD = "award", _("Tilsagn")
        REJECT = "reject", _("Avslag")
        INVITE = "invite", _("Invitert til søknad")

    class RejectionReason(models.TextChoices):
        NOT_ELIGIBLE = "not_eligible", _("Oppfyller ikke formelle krav")
        OUTSIDE_AREA = "outside_area", _("Utenfor det distriktspolitiske virkeområdet")
        LOW_SCORE = "low_score", _("Svakere vurdert enn prosjektene som fikk støtte")
        BUDGET = "budget", _("Rammen er brukt opp")
        OTHER = "other", _("Annen grunn")

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="decision", verbose_name=_("søknad")
    )
    outcome = models.CharField(_("vedtak"), max_length=20, choices=Outcome.choices)
    amount = models.BigIntegerField(_("tildelt beløp (kr)"), null=True, blank=True)
    conditions = models.TextField(_("særvilkår"), blank=True)
    payout_deadline = models.DateField(_("frist for utbetaling"), null=True, blank=True)
    rejection_reason = models.CharField(
        _("avslagsgrunn"), max_length=20, choices=RejectionReason.choices, blank=True
    )
    rejection_text = models.TextField(_("begrunnelse"), blank=True)
    change_reason = models.TextField(
        _("grunn til endring"),
        blank=True,
        help_text=_("Påkrevd når vedtaket endres etter at brevet er sendt."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vedtatt av"),
        help_text=_("Tomt for vedtak som ble registrert før vedtakene ble ført her."),
    )
    decided_at = models.DateTimeField(_("vedtatt"))
    letter_sent_at = models.DateTimeField(
        _("brev sendt"),
        null=True,
        blank=True,
        help_text=_("Når brevet om dette vedtaket ble sendt. Tømmes når vedtaket endres."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vedtak")
        verbose_name_plural = _("vedtak")
        ordering = ["-decided_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="award") | Q(amount__gt=0),
                name="decision_award_has_amount",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="reject") | ~Q(rejection_reason=""),
                name="decision_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.application}"


class LetterTemplate(models.Model):
    """The text of a call's offer, rejection or invitation letter, with placeholders."""

    class Kind(models.TextChoices):
        OFFER = "offer", _("Tilbudsbrev")
        REJECTION = "rejection", _("Avslagsbrev")
        INVITATION = "invitation", _("Invitasjon til søknad")

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="letter_templates", verbose_name=_("utlysning")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("emne"), max_length=200)
    body = models.TextField(_("tekst"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("brevmal")
        verbose_name_plural = _("brevmaler")
        ordering = ["call", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["call", "kind"], name="letter_template_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.call}"

    def clean(self):
        from .letters import validate_letter_template

        super().clean()
        validate_letter_template(subject=self.subject, body=self.body)


class Letter(models.Model):
    """A decision letter as it was sent: the rendered text is kept, not re-rendered."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="letters", verbose_name=_("søknad")
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="letters", verbose_name=_("vedtak")
    )
    kind = models.CharField(_("type"), max_length=20, choices=LetterTemplate.Kind.choices)
    subject = models.CharField(_("emne"), max_length=200)
    body = models.TextField(_("tekst"))
    recipients = models.TextField(_("mottakere"), blank=True)
    appeal_deadline = models.DateField(_("klagefrist"))
    sent_at = models.DateTimeField(_("sendt"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sendt av"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("brev")
        verbose_name_plural = _("brev")
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("awards:letter", kwargs={"pk": self.pk})
