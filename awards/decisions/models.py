"""Decisions on applications, and the award (tilsagn) an award decision creates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.models import Application

# The awarded amount is the decision's: an award row never holds a copy of it.
AWARDED_AMOUNT = "application__decision__amount"


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
        # The admin's list sorts by this, newest first (with the primary key as tie-break).
        indexes = [models.Index(fields=["decided_at", "id"], name="decision_decided_id")]
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


class DecisionDeclaration(models.Model):
    """A decision-maker's declaration of impartiality on one application (forvaltningsloven
    § 6), made before they decide it. A declared conflict stands: they cannot decide the case."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="decision_declarations",
        verbose_name=_("søknad"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("rådgiver"),
    )
    impartial = models.BooleanField(_("habil"))
    conflict_reason = models.TextField(_("grunn til inhabilitet"), blank=True)
    declared_at = models.DateTimeField(_("erklært"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("habilitetserklæring for vedtak")
        verbose_name_plural = _("habilitetserklæringer for vedtak")
        ordering = ["application", "declared_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "user"], name="decision_declaration_one_per_person"
            ),
            models.CheckConstraint(
                condition=Q(impartial=True) | ~Q(conflict_reason=""),
                name="decision_declaration_conflict_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.application}"


class AwardQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def with_amount(self):
        """Join the decision, so ``award.amount`` costs no query of its own."""
        return self.select_related("application__decision")

    def total_amount(self) -> int:
        return self.aggregate(total=models.Sum(AWARDED_AMOUNT))["total"] or 0

    def for_listing(self):
        """Everything a public list shows, fetched in the same query.

        Per call, newest first; within a call by name, or by rank after a text search
        (``awards.public.search`` sets ``search_rank``)."""
        ranked = ["-search_rank"] if "search_rank" in self.query.annotations else []
        return self.select_related(
            "application__organisation__county",
            "application__call__scheme",
            "application__decision",
        ).order_by(
            "-application__call__closes_at",
            "application__call_id",
            *ranked,
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
        # The admin's list sorts by this, newest first (with the primary key as tie-break).
        indexes = [models.Index(fields=["decided_at", "id"], name="award_decided_id")]
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
