"""Payouts and special conditions for the applicant under /my/grants/: every member reads them,
administrators and editors ask for payouts and upload the evidence of a condition."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.applying.storage import stored_file_response
from awards.followup.models import Grant
from awards.followup.payments import rules, services
from awards.followup.payments.forms import EvidenceForm, PayoutRequestForm
from awards.followup.payments.models import COST_KINDS, PayoutRequest
from awards.followup.payments.selectors import condition_for_member, payout_for_member
from awards.followup.selectors import grant_for_member
from awards.permissions import member_may_request_payout

from .grants import _grant
from .grants import _page as grant_page

REFUSE = _("Bare en administrator eller redaktør i organisasjonen kan be om utbetaling.")


def _may_edit(request, grant: Grant) -> bool:
    return member_may_request_payout(
        user=request.user, organisation_id=grant.award.application.organisation_id
    )


def _initial(payout: PayoutRequest | None) -> dict:
    if payout is None:
        return {}
    return {
        **{kind: getattr(payout, kind) for kind, _label in COST_KINDS},
        "status_text": payout.status_text,
        "declaration": payout.declaration,
    }


def _page(request, grant, *, form=None, errors=(), status=200):
    payout = grant.payout_requests.open().select_related("instalment").first()
    instalment = payout.instalment if payout else rules.next_instalment(grant)
    last = instalment is not None and rules.is_last(instalment)
    editable = payout is None or payout.state in PayoutRequest.EDITABLE_STATES
    refusals = rules.request_refusals(grant=grant, instalment=instalment)
    if payout is not None and not editable:
        refusals = []
    form = form or PayoutRequestForm(initial=_initial(payout), last=last)
    budget = rules.budget_by_kind(grant.award.application)
    lines = [
        {
            "kind": kind,
            "label": label,
            "budget": budget[kind],
            "field": form[kind],
        }
        for kind, label in COST_KINDS
    ]
    context = {
        "grant": grant,
        "application": grant.award.application,
        "payout": payout,
        "instalment": instalment,
        "is_last": last,
        "form": form,
        "lines": lines,
        "budget_total": sum(budget.values()),
        "refusals": refusals,
        "may_edit": _may_edit(request, grant) and editable and instalment is not None,
        "can_start": payout is not None or grant.state in Grant.PAYABLE_STATES,
        "errors": list(errors),
        "nav_section": "my",
    }
    return render(request, "awards/payout_form.html", context, status=status)


@login_required
def payout_new(request, pk: int):
    """The request for the next instalment: a draft kept as typed until it is sent."""
    grant = _grant(request, pk)
    if request.method != "POST":
        return _page(request, grant)
    if not _may_edit(request, grant):
        raise PermissionDenied(REFUSE)
    payout = grant.payout_requests.open().select_related("instalment").first()
    instalment = payout.instalment if payout else rules.next_instalment(grant)
    last = instalment is not None and rules.is_last(instalment)
    form = PayoutRequestForm(request.POST, request.FILES, last=last)
    if not form.is_valid():
        return _page(request, grant, form=form, status=400)
    try:
        payout = services.payout_draft_save(
            grant=grant,
            by=request.user,
            costs=form.costs(),
            status_text=form.cleaned_data["status_text"],
            declaration=form.cleaned_data["declaration"],
            accounts=form.cleaned_data.get("accounts") or None,
            confirmation=form.cleaned_data.get("confirmation") or None,
        )
        if "submit" in request.POST:
            services.payout_submit(payout=payout, by=request.user)
    except ValidationError as error:
        # The draft (if it was saved) keeps what was typed; the form shows it again.
        return _page(request, grant, form=form, errors=error.messages, status=400)
    if "submit" in request.POST:
        messages.success(request, _("Anmodningen om utbetaling er sendt."))
        return redirect("grants:detail", pk=grant.pk)
    messages.success(request, _("Utkastet er lagret."))
    return redirect("grants:payout_new", pk=grant.pk)


@login_required
def payout_file(request, pk: int, field: str):
    payout = payout_for_member(user=request.user, pk=pk)
    if payout is None or field not in ("accounts", "confirmation") or not getattr(payout, field):
        raise Http404
    return stored_file_response(
        request,
        getattr(payout, field),
        filename=getattr(payout, f"{field}_name"),
        content_type=getattr(payout, f"{field}_content_type"),
    )


@login_required
@require_POST
def condition_evidence(request, pk: int):
    condition = condition_for_member(user=request.user, pk=pk)
    if condition is None:
        raise Http404
    grant = grant_for_member(user=request.user, pk=condition.grant_id)
    if not _may_edit(request, grant):
        raise PermissionDenied(REFUSE)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.condition_evidence_submit(
                condition=condition, by=request.user, uploaded=form.cleaned_data["evidence"]
            )
        except ValidationError as error:
            error_messages = error.messages
        else:
            messages.success(request, _("Dokumentasjonen er sendt."))
            return redirect("grants:detail", pk=grant.pk)
    else:
        error_messages = [e for errors in form.errors.values() for e in errors]
    return grant_page(request, grant, errors=error_messages, status=400)


@login_required
def condition_file(request, pk: int):
    condition = condition_for_member(user=request.user, pk=pk)
    if condition is None or not condition.evidence:
        raise Http404
    return stored_file_response(
        request,
        condition.evidence,
        filename=condition.evidence_name,
        content_type=condition.evidence_content_type,
    )
