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
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tilsagn")
        verbose_name_plural = _("tilsagn")
        ordering = ["-offered_at", "-pk"]
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
        ]
        indexes = [
            models.Index(fields=["state", "accept_by"], name="grant_state_accept_by"),
            # The admin's list sorts by this, newest first.
            models.Index(fields=["offered_at", "id"], name="grant_offered_id"),
        ]

    def __str__(self) -> str:
        return f"{self.get_state_display()}: {self.award}"
