"""A call's payment plan: the shares of a grant paid as instalments (default 30/50/20)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# The scheme's usual plan: an advance, a share on documented progress, the rest after the final
# report (percent of the grant, label). A call without shares of its own uses it.
DEFAULT_PAYMENT_PLAN: tuple[tuple[int, str], ...] = (
    (30, _("Forskudd")),
    (50, _("Utbetaling ved dokumentert framdrift")),
    (20, _("Sluttutbetaling etter godkjent sluttrapport")),
)


class PaymentPlanShare(models.Model):
    """One instalment of a call's payment plan, as a share of the grant. A call's shares add up
    to 100 % (checked where they are edited, and in ``payment_plan``)."""

    call = models.ForeignKey(
        "calls.Call",
        on_delete=models.CASCADE,
        related_name="payment_plan",
        verbose_name=_("utlysning"),
    )
    order = models.PositiveSmallIntegerField(_("rekkefølge"))
    percent = models.PositiveSmallIntegerField(
        _("andel (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    label = models.CharField(_("betegnelse"), max_length=200)
    is_advance = models.BooleanField(
        _("forskudd"),
        default=False,
        help_text=_("Et forskudd utbetales uten dokumenterte kostnader."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("andel i utbetalingsplanen")
        verbose_name_plural = _("utbetalingsplan")
        ordering = ["call", "order"]
        constraints = [
            models.UniqueConstraint(fields=["call", "order"], name="payment_share_order_per_call"),
            models.CheckConstraint(
                condition=Q(percent__gte=1) & Q(percent__lte=100), name="payment_share_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.percent} % {self.label}"


def payment_plan(call) -> list[tuple[int, str, bool]]:
    """The call's shares as (percent, label, is_advance), in order; the default plan when the
    call has none. Raises ValueError when the shares do not add up to 100 %."""
    shares = [(s.percent, s.label, s.is_advance) for s in call.payment_plan.order_by("order")]
    if not shares:
        return [
            (percent, str(label), order == 0)
            for order, (percent, label) in enumerate(DEFAULT_PAYMENT_PLAN)
        ]
    total = sum(percent for percent, _label, _advance in shares)
    if total != 100:
        raise ValueError(f"The payment plan of call {call.pk} adds up to {total} %, not 100 %")
    return shares
