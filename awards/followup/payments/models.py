"""Money after acceptance: the grant's special conditions, its instalments, the organisation's
payout requests and the advisers' repayment claims. Every change goes through ``services.py``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.applying.storage import private_storage
from awards.followup.models import Grant

# The lines of the approved budget a payout request reports costs against: the kinds of cost in
# the application's cost plan (applications.applying.models.CostLine), summed over its years.
COST_KINDS: tuple[tuple[str, str], ...] = (
    ("personnel", _("Personalkostnader")),
    ("purchased_services", _("Kjøp av tjenester")),
    ("equipment", _("Utstyr")),
    ("other", _("Andre kostnader")),
)


def _user(verbose_name):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


def condition_evidence_path(instance: GrantCondition, filename: str) -> str:
    return f"grants/{instance.grant_id}/conditions/{filename}"


def payout_file_path(instance: PayoutRequest, filename: str) -> str:
    return f"grants/{instance.grant_id}/payouts/{filename}"


class GrantCondition(models.Model):
    """A special condition (særvilkår) of a grant: the organisation documents it, an adviser
    approves the evidence or rejects it with a comment."""

    class Gate(models.TextChoices):
        FIRST_PAYOUT = "before_first_payout", _("Før første utbetaling")
        FINAL_PAYOUT = "before_final_payout", _("Før sluttutbetaling")

    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="conditions", verbose_name=_("tilsagn")
    )
    text = models.TextField(_("særvilkår"), max_length=2000)
    gate = models.CharField(
        _("må være oppfylt"), max_length=30, choices=Gate.choices, default=Gate.FIRST_PAYOUT
    )
    evidence = models.FileField(
        _("dokumentasjon"), storage=private_storage, upload_to=condition_evidence_path, blank=True
    )
    evidence_name = models.CharField(_("filnavn"), max_length=200, blank=True)
    evidence_content_type = models.CharField(_("filtype"), max_length=100, blank=True)
    evidence_submitted_at = models.DateTimeField(_("dokumentasjon sendt"), null=True, blank=True)
    evidence_submitted_by = _user(_("dokumentasjon sendt av"))
    approved_at = models.DateTimeField(_("godkjent"), null=True, blank=True)
    approved_by = _user(_("godkjent av"))
    rejected_at = models.DateTimeField(_("avvist"), null=True, blank=True)
    rejection_comment = models.TextField(_("begrunnelse for avvisning"), blank=True)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["evidence"])

    class Meta:
        verbose_name = _("særvilkår")
        verbose_name_plural = _("særvilkår")
        ordering = ["grant", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_at__isnull=True) | Q(evidence_submitted_at__isnull=False),
                name="grant_condition_approved_has_evidence",
            ),
            models.CheckConstraint(
                condition=Q(rejected_at__isnull=True) | ~Q(rejection_comment=""),
                name="grant_condition_rejected_has_comment",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def status(self) -> str:
        if self.approved_at:
            return "approved"
        if self.rejected_at:
            return "rejected"
        if self.evidence_submitted_at:
            return "submitted"
        return "open"

    def get_status_display(self) -> str:
        return {
            "approved": _("Godkjent"),
            "rejected": _("Avvist"),
            "submitted": _("Til behandling"),
            "open": _("Ikke dokumentert"),
        }[self.status]


class Instalment(models.Model):
    """One share of the grant, made from the call's payment plan when the grant is accepted."""

    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="instalments", verbose_name=_("tilsagn")
    )
    order = models.PositiveSmallIntegerField(_("rekkefølge"))
    label = models.CharField(_("betegnelse"), max_length=200)
    share_percent = models.PositiveSmallIntegerField(_("andel (%)"))
    is_advance = models.BooleanField(_("forskudd"), default=False)
    amount = models.BigIntegerField(_("beløp (kr)"))
    paid_amount = models.BigIntegerField(_("utbetalt (kr)"), default=0)
    paid_at = models.DateTimeField(_("utbetalt"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("utbetalingsandel")
        verbose_name_plural = _("utbetalingsandeler")
        ordering = ["grant", "order"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "order"], name="instalment_order_per_grant"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="instalment_amount_positive"),
            models.CheckConstraint(
                condition=Q(paid_amount__gte=0) & Q(paid_amount__lte=F("amount")),
                name="instalment_paid_within_amount",
            ),
            models.CheckConstraint(
                condition=Q(paid_amount=0) | Q(paid_at__isnull=False),
                name="instalment_paid_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.label}"


class PayoutRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=PayoutRequest.OPEN_STATES)


class PayoutRequest(models.Model):
    """The organisation's request for one instalment: costs so far per budget line, a status
    text, the accounts, and for the last instalment an auditor's confirmation."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Sendt inn")
        CHECKED = "checked", _("Kontrollert")
        APPROVED = "approved", _("Godkjent")
        PAID = "paid", _("Utbetalt")
        RETURNED = "returned", _("Sendt tilbake")

    EDITABLE_STATES = (State.DRAFT, State.RETURNED)
    OPEN_STATES = (State.DRAFT, State.RETURNED, State.SUBMITTED, State.CHECKED, State.APPROVED)

    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="payout_requests", verbose_name=_("tilsagn")
    )
    instalment = models.ForeignKey(
        Instalment,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("utbetalingsandel"),
    )
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.DRAFT)
    personnel = models.BigIntegerField(_("personalkostnader"), default=0)
    purchased_services = models.BigIntegerField(_("kjøp av tjenester"), default=0)
    equipment = models.BigIntegerField(_("utstyr"), default=0)
    other = models.BigIntegerField(_("andre kostnader"), default=0)
    status_text = models.TextField(_("status i prosjektet"), max_length=3000, blank=True)
    accounts = models.FileField(
        _("regnskap"), storage=private_storage, upload_to=payout_file_path, blank=True
    )
    accounts_name = models.CharField(_("filnavn, regnskap"), max_length=200, blank=True)
    accounts_content_type = models.CharField(max_length=100, blank=True)
    confirmation = models.FileField(
        _("bekreftelse fra revisor eller regnskapsfører"),
        storage=private_storage,
        upload_to=payout_file_path,
        blank=True,
    )
    confirmation_name = models.CharField(_("filnavn, bekreftelse"), max_length=200, blank=True)
    confirmation_content_type = models.CharField(max_length=100, blank=True)
    declaration = models.BooleanField(_("erklæring"), default=False)
    created_by = _user(_("opprettet av"))
    submitted_at = models.DateTimeField(_("sendt inn"), null=True, blank=True)
    submitted_by = _user(_("sendt inn av"))
    checked_at = models.DateTimeField(_("kontrollert"), null=True, blank=True)
    checked_by = _user(_("kontrollert av"))
    approved_at = models.DateTimeField(_("godkjent"), null=True, blank=True)
    approved_by = _user(_("godkjent av"))
    approved_amount = models.BigIntegerField(_("godkjent beløp (kr)"), null=True, blank=True)
    paid_at = models.DateTimeField(_("utbetalt"), null=True, blank=True)
    paid_amount = models.BigIntegerField(_("utbetalt beløp (kr)"), null=True, blank=True)
    returned_at = models.DateTimeField(_("sendt tilbake"), null=True, blank=True)
    return_message = models.TextField(_("melding ved tilbakesending"), blank=True)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    objects = PayoutRequestQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["accounts", "confirmation"])

    class Meta:
        verbose_name = _("utbetalingsanmodning")
        verbose_name_plural = _("utbetalingsanmodninger")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("check_payout", _("Kan kontrollere, sende tilbake og utbetale anmodninger")),
            ("approve_payout", _("Kan godkjenne utbetalinger (andre kontroll)")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["grant"],
                condition=Q(state__in=["draft", "returned", "submitted", "checked", "approved"]),
                name="payout_one_open_request_per_grant",
            ),
            models.UniqueConstraint(
                fields=["instalment"],
                condition=Q(state="paid"),
                name="payout_one_paid_request_per_instalment",
            ),
            models.CheckConstraint(
                condition=Q(personnel__gte=0)
                & Q(purchased_services__gte=0)
                & Q(equipment__gte=0)
                & Q(other__gte=0),
                name="payout_costs_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "returned"]) | Q(declaration=True),
                name="payout_sent_has_declaration",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["checked", "approved", "paid"])
                | Q(checked_at__isnull=False),
                name="payout_checked_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["approved", "paid"])
                | (Q(approved_at__isnull=False) & Q(approved_amount__gt=0)),
                name="payout_approved_has_amount",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | Q(checked_by__isnull=True)
                | ~Q(approved_by=F("checked_by")),
                name="payout_two_different_people",
            ),
            models.CheckConstraint(
                condition=~Q(state="paid")
                | (
                    Q(paid_at__isnull=False)
                    & Q(paid_amount__gt=0)
                    & Q(paid_amount__lte=F("approved_amount"))
                ),
                name="payout_paid_within_approved",
            ),
        ]

    def __str__(self) -> str:
        return _("Anmodning om %(instalment)s") % {"instalment": self.instalment.label}

    @property
    def documented(self) -> int:
        return sum(getattr(self, kind) for kind, _label in COST_KINDS)


class RepaymentClaim(models.Model):
    """A claim on the organisation to pay money back, with the adviser's reason."""

    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="repayment_claims", verbose_name=_("tilsagn")
    )
    amount = models.BigIntegerField(_("beløp (kr)"))
    reason = models.TextField(_("grunn"))
    registered_by = _user(_("registrert av"))
    registered_at = models.DateTimeField(_("registrert"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tilbakebetalingskrav")
        verbose_name_plural = _("tilbakebetalingskrav")
        ordering = ["-registered_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="repayment_amount_positive"),
            models.CheckConstraint(condition=~Q(reason=""), name="repayment_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} kr: {self.grant}"
