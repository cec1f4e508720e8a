"""The offer for the applicant under /my/grants/: read by every member, answered by an
administrator of the organisation (accept, confirming the terms, or decline with a reason)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from awards.followup.models import Grant
from awards.followup.payments.forms import EvidenceForm
from awards.followup.payments.selectors import grant_payments
from awards.followup.selectors import grant_for_member
from awards.followup.services import grant_accept, grant_decline, grant_may_answer
from awards.permissions import member_may_request_payout


class AcceptForm(forms.Form):
    conditions_confirmed = forms.BooleanField(
        label=gettext_lazy("Vi har lest og godtar vilkårene i tilbudsbrevet, også særvilkårene."),
        error_messages={"required": gettext_lazy("Bekreft at dere godtar vilkårene.")},
    )
    period_confirmed = forms.BooleanField(
        label=gettext_lazy("Vi bekrefter prosjektperioden slik den står i tilbudet."),
        error_messages={"required": gettext_lazy("Bekreft prosjektperioden.")},
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Hvorfor takker dere nei?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Skriv hvorfor dere takker nei.")},
    )


def _grant(request, pk: int) -> Grant:
    grant = grant_for_member(user=request.user, pk=pk)
    if grant is None:
        raise Http404  # strangers do not learn which grants exist
    return grant


def _page(request, grant: Grant, *, accept_form=None, decline_form=None, errors=(), status=200):
    may_answer = grant_may_answer(user=request.user, grant=grant)
    is_open = grant.state == Grant.State.OFFERED and timezone.now() <= grant.accept_by
    application = grant.award.application
    context = {
        "grant": grant,
        "award": grant.award,
        "application": application,
        "decision": getattr(application, "decision", None),
        "may_answer": may_answer and is_open,
        "is_late": grant.state == Grant.State.OFFERED and not is_open,
        "accept_form": accept_form or AcceptForm(),
        "decline_form": decline_form or DeclineForm(),
        "errors": list(errors),
        "reports": list(grant.reports.all()),
        "nav_section": "my",
        "may_edit_payments": member_may_request_payout(
            user=request.user, organisation_id=application.organisation_id
        )
        and grant.state in (Grant.State.OFFERED, *Grant.PAYABLE_STATES),
        "payable": grant.state in Grant.PAYABLE_STATES,
        "evidence_form": EvidenceForm(),
        "change_requests": list(grant.change_requests.select_related("letter")),
        "may_ask_change": grant.state in Grant.PAYABLE_STATES
        and member_may_request_payout(
            user=request.user, organisation_id=application.organisation_id
        ),
        **grant_payments(grant=grant),
    }
    return render(request, "awards/grant_detail.html", context, status=status)


@login_required
def grant_detail(request, pk: int):
    return _page(request, _grant(request, pk))


def _refuse_unless_admin(request, grant: Grant) -> None:
    if not grant_may_answer(user=request.user, grant=grant):
        raise PermissionDenied(_("Bare en administrator i organisasjonen kan svare på tilbudet."))


@login_required
@require_POST
def grant_accept_view(request, pk: int):
    grant = _grant(request, pk)
    _refuse_unless_admin(request, grant)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        return _page(request, grant, accept_form=form, status=400)
    try:
        grant_accept(grant=grant, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        return _page(request, grant, accept_form=form, errors=error.messages, status=400)
    messages.success(request, _("Dere har tatt imot tilskuddet."))
    return redirect("grants:detail", pk=grant.pk)


@login_required
@require_POST
def grant_decline_view(request, pk: int):
    grant = _grant(request, pk)
    _refuse_unless_admin(request, grant)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _page(request, grant, decline_form=form, status=400)
    try:
        grant_decline(grant=grant, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        return _page(request, grant, decline_form=form, errors=error.messages, status=400)
    messages.success(request, _("Dere har takket nei til tilskuddet."))
    return redirect("grants:detail", pk=grant.pk)
