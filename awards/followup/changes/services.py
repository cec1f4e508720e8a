"""The only writes of a change request: the organisation asks (one open request per grant),
an adviser approves it (the grant's terms change, history keeps the old ones) or rejects it
with a comment; either way a letter answers it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import audit
from awards.followup.models import Grant
from awards.followup.payments.support import _require_member, _require_staff, _store, lock_grant
from awards.letters.models import Letter
from awards.letters.services import letter_issue
from awards.permissions import MANAGE_GRANT

from . import rules
from .letters import KIND, letter_texts
from .models import ChangeRequest

ATTACHMENT_MAX_MB = 20

# The values each kind keeps; the others are cleared so a request holds only what it asks.
FIELDS_BY_KIND = {
    ChangeRequest.Kind.PROJECT_PERIOD: ("new_project_end",),
    ChangeRequest.Kind.PAYOUT_DEADLINE: ("new_payout_deadline",),
    ChangeRequest.Kind.BUDGET_LINES: ("budget_moves",),
    ChangeRequest.Kind.PARTNERS: ("partner_change",),
    ChangeRequest.Kind.PROJECT_LEADER: ("new_leader_name", "new_leader_email"),
}
EMPTY = {
    "new_project_end": None,
    "new_payout_deadline": None,
    "budget_moves": [],
    "partner_change": "",
    "new_leader_name": "",
    "new_leader_email": "",
}


@transaction.atomic
def change_request_create(
    *,
    grant: Grant,
    by,
    kind: str,
    reason: str,
    uploaded=None,
    now: dt.datetime | None = None,
    **values,
) -> ChangeRequest:
    """The organisation asks for a change, with a reason: an administrator or editor, on a
    grant in progress, while no other request is open."""
    now = now or timezone.now()
    grant = lock_grant(grant)
    _require_member(user=by, grant=grant)
    refusals = rules.grant_refusals(grant)
    if refusals:
        raise ValidationError(refusals, code="state")
    if grant.change_requests.open().exists():
        raise ValidationError(rules.open_request_refusal(), code="open")
    if kind not in ChangeRequest.Kind.values:
        raise ValidationError(_("Velg hva dere vil endre."), code="kind")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv hvorfor dere ber om endringen.")})
    kept = {name: values.get(name, EMPTY[name]) for name in FIELDS_BY_KIND[kind]}
    change = ChangeRequest(
        grant=grant,
        kind=kind,
        reason=reason,
        requested_by=by,
        requested_at=now,
        **{**EMPTY, **kept},
    )
    change.partner_change = (change.partner_change or "").strip()
    change.new_leader_name = (change.new_leader_name or "").strip()
    change.new_leader_email = (change.new_leader_email or "").strip()
    problems = rules.request_problems(grant=grant, change=change, today=timezone.localdate(now))
    if problems:
        raise ValidationError(problems, code="rules")
    if uploaded is not None:
        if kind != ChangeRequest.Kind.PARTNERS:
            raise ValidationError(_("Vedlegg kan bare legges ved en endring av partnere."))
        _store(change, "attachment", uploaded, max_mb=ATTACHMENT_MAX_MB)
    try:
        with transaction.atomic():
            audit.save(change, by=by, reason=_("Endringssøknad sendt."))
    except IntegrityError:
        # Someone sent one at the same moment (the grant's lock makes this rare).
        raise ValidationError(rules.open_request_refusal(), code="open") from None
    return change


def _locked(change: ChangeRequest) -> tuple[ChangeRequest, Grant]:
    grant = lock_grant(change.grant)
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    change.grant = grant
    if change.state != ChangeRequest.State.OPEN:
        raise ValidationError(
            _("Endringssøknaden er allerede behandlet (%(state)s).")
            % {"state": change.get_state_display()},
            code="decided",
        )
    return change, grant


def _apply(change: ChangeRequest, grant: Grant) -> None:
    kind = change.kind
    if kind == ChangeRequest.Kind.PROJECT_PERIOD:
        grant.project_end = change.new_project_end
    elif kind == ChangeRequest.Kind.PAYOUT_DEADLINE:
        grant.payout_deadline_extended_from = grant.payout_deadline
        grant.payout_deadline = change.new_payout_deadline
        grant.payout_deadline_extension_reason = change.reason
    elif kind == ChangeRequest.Kind.BUDGET_LINES:
        grant.budget_lines = rules.budget_after(rules.budget_lines(grant), change.budget_moves)
    elif kind == ChangeRequest.Kind.PROJECT_LEADER:
        grant.project_leader_name = change.new_leader_name
        grant.project_leader_email = change.new_leader_email
    # A change of partners is recorded in the request and confirmed by the letter.


def _send_letter(change: ChangeRequest, *, by) -> Letter:
    application = change.grant.award.application
    subject, body = letter_texts(change=change, by=by)
    return letter_issue(
        application=application,
        decision=application.decision,
        kind=KIND,
        subject=subject,
        body=body,
        by=by,
    )


def _decide(change: ChangeRequest, *, by, state: str, comment: str) -> ChangeRequest:
    change.state = state
    change.decided_by = by
    change.decided_at = timezone.now()
    change.decision_comment = comment
    change.letter = _send_letter(change, by=by)
    reason = _("Endringssøknad godkjent.") if state == "approved" else _("Endringssøknad avslått.")
    return audit.save(change, by=by, reason=reason)


@transaction.atomic
def change_request_approve(*, change: ChangeRequest, by, comment: str = "") -> ChangeRequest:
    """Approve an open request: the grant's terms change under its row lock (its history keeps
    the old terms) and the organisation gets the letter."""
    _require_staff(by, MANAGE_GRANT)
    change, grant = _locked(change)
    problems = rules.grant_refusals(grant) + rules.request_problems(grant=grant, change=change)
    if problems:
        raise ValidationError(problems, code="rules")
    _apply(change, grant)
    audit.save(
        grant,
        by=by,
        # The history's reason holds 100 characters: the kind, the request says the rest.
        reason=_("Endring godkjent: %(kind)s.") % {"kind": change.get_kind_display().lower()},
    )
    return _decide(change, by=by, state=ChangeRequest.State.APPROVED, comment=comment.strip())


@transaction.atomic
def change_request_reject(*, change: ChangeRequest, by, comment: str) -> ChangeRequest:
    """Reject an open request with the reason; the letter gives it."""
    _require_staff(by, MANAGE_GRANT)
    change, _grant = _locked(change)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {"comment": _("Skriv hvorfor endringen avslås; begrunnelsen står i brevet.")}
        )
    return _decide(change, by=by, state=ChangeRequest.State.REJECTED, comment=comment)
