"""The only writes of conditions, instalments and payout requests. Each locks the grant first,
so two advisers (or an adviser and the organisation) acting at once are taken one after the
other, and checks its rule in ``rules.py``; history records who and why."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import audit
from awards.followup.models import Grant
from awards.permissions import (
    APPROVE_PAYOUT,
    CHECK_PAYOUT,
)
from calls.models import payment_plan

from . import rules
from .models import COST_KINDS, GrantCondition, Instalment, PayoutRequest
from .support import _notify, _require_member, _require_staff, _store, lock_grant

# The plan --------------------------------------------------------------------------------------


def instalments_create(*, grant: Grant, by) -> list[Instalment]:
    """The accepted grant's instalments from its call's payment plan, and its payout deadline.
    Called by ``grant_accept`` inside its transaction; does nothing the second time."""
    if grant.instalments.exists():
        return list(grant.instalments.all())
    award = grant.award
    plan = payment_plan(award.application.call)
    amounts = rules.split_amount(award.amount or 0, [percent for percent, _l, _a in plan])
    made = [
        Instalment.objects.create(
            grant=grant,
            order=order,
            label=label,
            share_percent=percent,
            is_advance=is_advance,
            amount=amount,
        )
        for order, ((percent, label, is_advance), amount) in enumerate(
            zip(plan, amounts, strict=True), start=1
        )
    ]
    if grant.payout_deadline is None:
        grant.payout_deadline = rules.payout_deadline_for(
            decision=getattr(award.application, "decision", None), award=award
        )
        audit.save(grant, by=by, reason=_("Utbetalingsplanen er laget."))
    return made


def paid_total(grant: Grant) -> int:
    return grant.instalments.aggregate(total=Sum("paid_amount"))["total"] or 0


# Conditions ------------------------------------------------------------------------------------


@transaction.atomic
def condition_evidence_submit(*, condition: GrantCondition, by, uploaded) -> GrantCondition:
    """The organisation documents a special condition with a file; an adviser looks at it."""
    grant = lock_grant(condition.grant)
    _require_member(user=by, grant=grant)
    if grant.state not in (Grant.State.OFFERED, *Grant.PAYABLE_STATES):
        raise ValidationError(_("Tilsagnet er avsluttet; særvilkår dokumenteres ikke lenger."))
    condition = GrantCondition.objects.select_for_update().get(pk=condition.pk)
    if condition.approved_at:
        raise ValidationError(_("Særvilkåret er allerede godkjent."), code="approved")
    if uploaded is None:
        raise ValidationError(_("Velg en fil som dokumenterer særvilkåret."), code="file")
    _store(condition, "evidence", uploaded, max_mb=grant.award.application.call.max_attachment_mb)
    condition.evidence_submitted_at = timezone.now()
    condition.evidence_submitted_by = by
    condition.rejected_at = None
    return audit.save(condition, by=by, reason=_("Dokumentasjon sendt."))


@transaction.atomic
def condition_approve(*, condition: GrantCondition, by) -> GrantCondition:
    _require_staff(by, CHECK_PAYOUT)
    lock_grant(condition.grant)
    condition = GrantCondition.objects.select_for_update().get(pk=condition.pk)
    if condition.evidence_submitted_at is None:
        raise ValidationError(
            _("Særvilkåret kan ikke godkjennes før organisasjonen har sendt dokumentasjon."),
            code="no_evidence",
        )
    if condition.approved_at:
        raise ValidationError(_("Særvilkåret er allerede godkjent."), code="approved")
    condition.approved_at, condition.approved_by = timezone.now(), by
    condition.rejected_at, condition.rejection_comment = None, ""
    return audit.save(condition, by=by, reason=_("Særvilkåret er godkjent."))


@transaction.atomic
def condition_reject(*, condition: GrantCondition, by, comment: str) -> GrantCondition:
    _require_staff(by, CHECK_PAYOUT)
    lock_grant(condition.grant)
    condition = GrantCondition.objects.select_for_update().get(pk=condition.pk)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Skriv hvorfor dokumentasjonen ikke godkjennes."), code="comment")
    if condition.approved_at:
        raise ValidationError(_("Særvilkåret er allerede godkjent."), code="approved")
    condition.rejected_at, condition.rejection_comment = timezone.now(), comment
    return audit.save(condition, by=by, reason=_("Dokumentasjonen er avvist."))


# Requests from the organisation ----------------------------------------------------------------


def _open_request(grant: Grant) -> PayoutRequest | None:
    return grant.payout_requests.open().select_related("instalment").first()


@transaction.atomic
def payout_draft_save(
    *,
    grant: Grant,
    by,
    costs: dict[str, int],
    status_text: str,
    declaration: bool,
    accounts=None,
    confirmation=None,
) -> PayoutRequest:
    """Keep what the organisation typed for the next instalment, as a draft."""
    grant = lock_grant(grant)
    _require_member(user=by, grant=grant)
    payout = _open_request(grant)
    if payout is not None and payout.state not in PayoutRequest.EDITABLE_STATES:
        raise ValidationError(
            _("En anmodning om utbetaling er til behandling. Vent til den er avgjort."),
            code="pending",
        )
    if payout is None:
        if grant.state in Grant.PAYABLE_STATES:
            instalments_create(grant=grant, by=by)  # grants accepted before payment plans
        instalment = rules.next_instalment(grant)
        problems = rules.request_refusals(grant=grant, instalment=instalment)
        if instalment is None or grant.state not in Grant.PAYABLE_STATES:
            raise ValidationError(problems, code="refused")
        payout = PayoutRequest(grant=grant, instalment=instalment, created_by=by)
    for kind, _label in COST_KINDS:
        value = costs.get(kind) or 0
        if value < 0:
            raise ValidationError(_("Kostnader kan ikke være negative."), code="negative")
        setattr(payout, kind, value)
    payout.status_text = (status_text or "").strip()
    payout.declaration = bool(declaration)
    max_mb = grant.award.application.call.max_attachment_mb
    if accounts is not None:
        _store(payout, "accounts", accounts, max_mb=max_mb)
    if confirmation is not None:
        _store(payout, "confirmation", confirmation, max_mb=max_mb)
    return audit.save(payout, by=by, reason=_("Utkast lagret."))


def submit_problems(payout: PayoutRequest, *, now: dt.datetime | None = None) -> list[str]:
    """Everything that stops this request from being sent, as messages."""
    grant, instalment = payout.grant, payout.instalment
    problems = list(rules.request_refusals(grant=grant, instalment=instalment, now=now))
    if not payout.status_text:
        problems.append(_("Skriv kort hvordan prosjektet går."))
    if not payout.accounts:
        problems.append(_("Legg ved regnskapet for prosjektet så langt."))
    if rules.is_last(instalment) and not payout.confirmation:
        problems.append(
            _("Legg ved bekreftelse fra revisor eller regnskapsfører for sluttutbetalingen.")
        )
    if not payout.declaration:
        problems.append(_("Bekreft erklæringen før dere sender anmodningen."))
    if not instalment.is_advance and payout.documented <= 0:
        problems.append(_("Før opp kostnadene dere har hatt så langt."))
    elif payable_now(payout) <= 0:
        problems.append(
            _(
                "De dokumenterte kostnadene gir ikke grunnlag for mer utbetaling ennå: "
                "tilskuddets andel av dem er allerede utbetalt."
            )
        )
    return problems


def payable_now(payout: PayoutRequest) -> int:
    """The most this request may be approved for (``rules.payable_cap``)."""
    grant = payout.grant
    application = grant.award.application
    budget_total = sum(rules.budget_by_kind(application).values())
    paid_before = (
        grant.instalments.exclude(pk=payout.instalment_id).aggregate(total=Sum("paid_amount"))[
            "total"
        ]
        or 0
    )
    return rules.payable_cap(
        instalment=payout.instalment,
        documented=payout.documented,
        grant_amount=grant.award.amount or 0,
        budget_total=budget_total,
        paid_before=paid_before,
    )


def _locked_request(payout: PayoutRequest) -> tuple[Grant, PayoutRequest]:
    grant = lock_grant(payout.grant)
    payout = (
        PayoutRequest.objects.select_for_update(of=("self",))
        .select_related("instalment")
        .get(pk=payout.pk)
    )
    payout.grant = grant
    return grant, payout


def _require_state(payout: PayoutRequest, *states) -> None:
    if payout.state not in states:
        raise ValidationError(
            _("Anmodningen har status %(state)s og kan ikke behandles slik nå.")
            % {"state": payout.get_state_display()},
            code="state",
        )


@transaction.atomic
def payout_submit(*, payout: PayoutRequest, by, now: dt.datetime | None = None) -> PayoutRequest:
    now = now or timezone.now()
    grant, payout = _locked_request(payout)
    _require_member(user=by, grant=grant)
    _require_state(payout, *PayoutRequest.EDITABLE_STATES)
    problems = submit_problems(payout, now=now)
    if problems:
        raise ValidationError(problems, code="incomplete")
    payout.state = PayoutRequest.State.SUBMITTED
    payout.submitted_at, payout.submitted_by = now, by
    audit.save(payout, by=by, reason=_("Anmodningen er sendt inn."))
    _notify(payout, event="submitted")
    return payout


# The advisers' steps ---------------------------------------------------------------------------


@transaction.atomic
def payout_check(*, payout: PayoutRequest, by) -> PayoutRequest:
    """First step: the case handler has checked the request against the accounts."""
    _require_staff(by, CHECK_PAYOUT)
    _grant, payout = _locked_request(payout)
    _require_state(payout, PayoutRequest.State.SUBMITTED)
    payout.state = PayoutRequest.State.CHECKED
    payout.checked_at, payout.checked_by = timezone.now(), by
    return audit.save(payout, by=by, reason=_("Anmodningen er kontrollert."))


@transaction.atomic
def payout_approve(*, payout: PayoutRequest, by, amount: int | None = None) -> PayoutRequest:
    """Second step, by another person with the approver's right: the amount to pay. Never more
    than the instalment's cap, and never more than the grant has left."""
    _require_staff(by, APPROVE_PAYOUT)
    grant, payout = _locked_request(payout)
    _require_state(payout, PayoutRequest.State.CHECKED)
    if payout.checked_by_id == by.pk:
        raise ValidationError(
            _("Den som kontrollerte anmodningen kan ikke også godkjenne den."), code="same_person"
        )
    problems = rules.request_refusals(grant=grant, instalment=payout.instalment, deadline=False)
    if problems:
        raise ValidationError(problems, code="refused")
    cap = payable_now(payout)
    amount = cap if amount is None else amount
    left = (grant.award.amount or 0) - paid_total(grant)
    if amount <= 0:
        raise ValidationError(_("Beløpet som godkjennes må være større enn 0 kr."), code="zero")
    if amount > cap:
        raise ValidationError(
            _("Denne andelen kan være på høyst %(cap)s kr etter de dokumenterte kostnadene.")
            % {"cap": cap},
            code="cap",
        )
    if amount > left:
        raise ValidationError(
            _("Tilskuddet har bare %(left)s kr igjen å utbetale.") % {"left": left}, code="left"
        )
    payout.state = PayoutRequest.State.APPROVED
    payout.approved_at, payout.approved_by, payout.approved_amount = timezone.now(), by, amount
    return audit.save(payout, by=by, reason=_("Utbetalingen er godkjent."))


@transaction.atomic
def payout_return(*, payout: PayoutRequest, by, message: str) -> PayoutRequest:
    """Send the request back with a message: it opens for editing, and history keeps the
    figures as they were sent."""
    _require_staff(by, CHECK_PAYOUT)
    _grant, payout = _locked_request(payout)
    _require_state(
        payout,
        PayoutRequest.State.SUBMITTED,
        PayoutRequest.State.CHECKED,
        PayoutRequest.State.APPROVED,
    )
    message = (message or "").strip()
    if not message:
        raise ValidationError(
            _("Skriv hva organisasjonen må rette før anmodningen sendes tilbake."), code="message"
        )
    payout.state = PayoutRequest.State.RETURNED
    payout.returned_at, payout.return_message = timezone.now(), message
    payout.checked_at = payout.checked_by = None
    payout.approved_at = payout.approved_by = payout.approved_amount = None
    payout.declaration = False
    audit.save(payout, by=by, reason=_("Sendt tilbake: %(message)s") % {"message": message})
    _notify(payout, event="returned")
    return payout


@transaction.atomic
def payout_mark_paid(
    *, payout: PayoutRequest, by, amount: int | None = None, paid_at: dt.datetime | None = None
) -> PayoutRequest:
    """The money has left: the instalment records it, the grant is in progress, and a grant
    whose final report is approved closes with its last payout."""
    from .closeout import close_if_done

    _require_staff(by, CHECK_PAYOUT)
    grant, payout = _locked_request(payout)
    _require_state(payout, PayoutRequest.State.APPROVED)
    if grant.state not in Grant.PAYABLE_STATES:
        raise ValidationError(
            _("Tilsagnet har status %(state)s; det utbetales ikke mer.")
            % {"state": grant.get_state_display()},
            code="grant_state",
        )
    amount = payout.approved_amount if amount is None else amount
    if not 0 < amount <= payout.approved_amount:
        raise ValidationError(
            _("Utbetalt beløp må være mellom 1 kr og det godkjente beløpet (%(approved)s kr).")
            % {"approved": payout.approved_amount},
            code="amount",
        )
    paid_at = paid_at or timezone.now()
    payout.state = PayoutRequest.State.PAID
    payout.paid_at, payout.paid_amount = paid_at, amount
    audit.save(payout, by=by, reason=_("Utbetalt."))
    instalment = Instalment.objects.select_for_update().get(pk=payout.instalment_id)
    instalment.paid_amount, instalment.paid_at = amount, paid_at
    audit.save(instalment, by=by, reason=_("Utbetalt."))
    if grant.state == Grant.State.ACCEPTED:
        grant.state = Grant.State.IN_PROGRESS
        audit.save(grant, by=by, reason=_("Første utbetaling er gjort."))
    close_if_done(grant=grant, by=by)
    _notify(payout, event="paid")
    return payout
