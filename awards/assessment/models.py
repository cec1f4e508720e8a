"""The assessment of an application: the case file, reviewers and their scores."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.models import Application
from calls.models import Criterion


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
        # The admin's list sorts by this, newest first (with the primary key as tie-break).
        indexes = [models.Index(fields=["assigned_at", "id"], name="assignment_assigned_id")]
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
