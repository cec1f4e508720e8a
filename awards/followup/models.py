"""The grant (tilsagn) after the offer letter: whether the organisation took it, and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.decisions.models import Award


class Grant(models.Model):
    """One per award, made when the offer letter is sent. Its state moves only through
    ``awards/followup/services.py``."""

    class State(models.TextChoices):
        OFFERED = "offered", _("Tilbudt")
        ACCEPTED = "accepted", _("Akseptert")
        IN_PROGRESS = "in_progress", _("Pågår")
        FINAL_REPORT = "final_report", _("Sluttrapport")
        CLOSED = "closed", _("Avsluttet")
        DECLINED = "declined", _("Takket nei")
        LAPSED = "lapsed", _("Falt bort")
        CANCELLED = "cancelled", _("Kansellert")

    # The states in which the money is no longer bound by the grant.
    RELEASED_STATES = (State.DECLINED, State.LAPSED)
    # The states in which the organisation may ask for money.
    PAYABLE_STATES = (State.ACCEPTED, State.IN_PROGRESS, State.FINAL_REPORT)

    # An award changed to a rejection is deleted, and its grant with it (the history keeps both).
    award = models.OneToOneField(
        Award, on_delete=models.CASCADE, related_name="grant", verbose_name=_("tildeling")
    )
    state = models.CharField(
        _("status"), max_length=20, choices=State.choices, default=State.OFFERED
    )
    offered_at = models.DateTimeField(_("tilbudt"))
    accept_by = models.DateTimeField(_("svarfrist"))
    accepted_at = models.DateTimeField(_("akseptert"), null=True, blank=True)
    declined_at = models.DateTimeField(_("takket nei"), null=True, blank=True)
    decline_reason = models.TextField(_("grunn til å takke nei"), blank=True)
    lapsed_at = models.DateTimeField(_("falt bort"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("svart av"),
    )
    payout_deadline = models.DateField(_("frist for utbetaling"), null=True, blank=True)
    payout_deadline_extended_from = models.DateField(
        _("opprinnelig utbetalingsfrist"),
        null=True,
        blank=True,
        help_text=_("Fristen før den ble forlenget; fristen kan forlenges én gang."),
    )
    payout_deadline_extension_reason = models.TextField(_("grunn til forlengelse"), blank=True)
    final_report_approved_at = models.DateTimeField(
        _("sluttrapport godkjent"), null=True, blank=True
    )
    cancelled_at = models.DateTimeField(_("kansellert"), null=True, blank=True)
    cancel_reason = models.TextField(_("grunn til kansellering"), blank=True)
    closed_at = models.DateTimeField(_("avsluttet"), null=True, blank=True)
    released_amount = models.BigIntegerField(
        _("frigjort ved avslutning (kr)"),
        default=0,
        help_text=_("Det som ikke ble utbetalt, gitt tilbake til utlysningens ramme."),
    )
    # The terms a change request may alter. Empty: as the award and the application say
    # (``project_ends_on``, the budget summed per kind of cost, no named leader).
    project_end = models.DateField(
        _("prosjektslutt"), null=True, blank=True, help_text=_("Tom: som i tildelingen.")
    )
    project_leader_name = models.CharField(_("prosjektleder"), max_length=200, blank=True)
    project_leader_email = models.EmailField(_("e-post til prosjektleder"), blank=True)
    # {"personnel": 2000000, "purchased_services": 0, …}: the approved budget per line after
    # approved moves; empty: the application's cost plan.
    budget_lines = models.JSONField(_("godkjent budsjett per post"), null=True, blank=True)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tilsagn")
        verbose_name_plural = _("tilsagn")
        ordering = ["-offered_at", "-pk"]
        permissions = [
            ("manage_grant", _("Kan forlenge utbetalingsfrist, kansellere og avslutte tilsagn")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(accept_by__gte=models.F("offered_at")),
                name="grant_accept_by_after_offer",
            ),
            models.CheckConstraint(
                condition=~Q(state="accepted") | Q(accepted_at__isnull=False),
                name="grant_accepted_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state="declined")
                | (Q(declined_at__isnull=False) & ~Q(decline_reason="")),
                name="grant_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(state="lapsed") | Q(lapsed_at__isnull=False),
                name="grant_lapsed_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state="cancelled")
                | (Q(cancelled_at__isnull=False) & ~Q(cancel_reason="")),
                name="grant_cancelled_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(state="closed") | Q(closed_at__isnull=False),
                name="grant_closed_has_time",
            ),
            models.CheckConstraint(
                condition=Q(payout_deadline_extended_from__isnull=True)
                | (
                    Q(payout_deadline__gt=models.F("payout_deadline_extended_from"))
                    & ~Q(payout_deadline_extension_reason="")
                ),
                name="grant_payout_deadline_extended_later_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(released_amount__gte=0), name="grant_released_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "accept_by"], name="grant_state_accept_by"),
            # The admin's list sorts by this, newest first.
            models.Index(fields=["offered_at", "id"], name="grant_offered_id"),
        ]

    def __str__(self) -> str:
        return f"{self.get_state_display()}: {self.award}"

    @property
    def current_project_end(self):
        """The project's end as the grant's terms say it now."""
        return self.project_end or self.award.project_ends_on or self.award.application.project_end
