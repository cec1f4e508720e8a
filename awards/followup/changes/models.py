"""Change requests (endringssøknad) during the project: a longer project period, a new payout
deadline, money moved between budget lines, new partners or a new project leader. Every change
goes through ``services.py``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.applying.storage import private_storage
from awards.followup.models import Grant
from awards.letters.models import Letter


def change_attachment_path(instance: ChangeRequest, filename: str) -> str:
    return f"grants/{instance.grant_id}/changes/{filename}"


def _user(verbose_name):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class ChangeRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=ChangeRequest.State.OPEN)


class ChangeRequest(models.Model):
    """One request from the organisation to change the grant's terms, with a reason; an
    adviser approves it (the grant's terms change) or rejects it with a comment."""

    class Kind(models.TextChoices):
        PROJECT_PERIOD = "project_period", _("Lengre prosjektperiode")
        PAYOUT_DEADLINE = "payout_deadline", _("Ny frist for utbetaling")
        BUDGET_LINES = "budget_lines", _("Flytting mellom budsjettposter")
        PARTNERS = "partners", _("Endring av partnere")
        PROJECT_LEADER = "project_leader", _("Ny prosjektleder")

    class State(models.TextChoices):
        OPEN = "open", _("Til behandling")
        APPROVED = "approved", _("Godkjent")
        REJECTED = "rejected", _("Avslått")

    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="change_requests", verbose_name=_("tilsagn")
    )
    kind = models.CharField(_("type endring"), max_length=20, choices=Kind.choices)
    reason = models.TextField(_("begrunnelse"), max_length=3000)
    new_project_end = models.DateField(_("ny prosjektslutt"), null=True, blank=True)
    new_payout_deadline = models.DateField(_("ny utbetalingsfrist"), null=True, blank=True)
    # [{"from": "personnel", "to": "other", "amount": 100000}, …], kinds from COST_KINDS.
    budget_moves = models.JSONField(_("flytting mellom budsjettposter"), default=list, blank=True)
    partner_change = models.TextField(_("endring av partnere"), max_length=3000, blank=True)
    attachment = models.FileField(
        _("vedlegg"), storage=private_storage, upload_to=change_attachment_path, blank=True
    )
    attachment_name = models.CharField(_("filnavn"), max_length=200, blank=True)
    attachment_content_type = models.CharField(max_length=100, blank=True)
    new_leader_name = models.CharField(_("ny prosjektleder"), max_length=200, blank=True)
    new_leader_email = models.EmailField(_("e-post til ny prosjektleder"), blank=True)
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.OPEN)
    requested_by = _user(_("sendt av"))
    requested_at = models.DateTimeField(_("sendt"))
    decided_by = _user(_("behandlet av"))
    decided_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
    decision_comment = models.TextField(_("kommentar til avgjørelsen"), blank=True)
    letter = models.ForeignKey(
        Letter,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("brev"),
    )

    objects = ChangeRequestQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["attachment"])

    class Meta:
        verbose_name = _("endringssøknad")
        verbose_name_plural = _("endringssøknader")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["grant"],
                condition=Q(state="open"),
                name="change_request_one_open_per_grant",
            ),
            models.CheckConstraint(
                condition=Q(state="open") | Q(decided_at__isnull=False),
                name="change_request_decided_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state="rejected") | ~Q(decision_comment=""),
                name="change_request_rejected_has_comment",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="change_request_has_reason"),
        ]
        indexes = [
            models.Index(fields=["state", "requested_at"], name="change_request_state_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.grant.award}"
