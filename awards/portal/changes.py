"""Change requests for the applicant under /my/grants/<pk>/changes/: administrators and
editors ask, readers read (on the grant's page), other organisations and staff get a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from applications.applying.storage import stored_file_response
from awards.followup.changes import rules, services
from awards.followup.changes.forms import ChangeRequestForm
from awards.followup.changes.models import ChangeRequest
from awards.followup.payments.models import COST_KINDS
from awards.permissions import member_may_request_payout

from .grants import _grant

REFUSE = _("Bare en administrator eller redaktør i organisasjonen kan søke om endringer.")


def member_may_ask(*, user, grant) -> bool:
    return member_may_request_payout(
        user=user, organisation_id=grant.award.application.organisation_id
    )


def _page(request, grant, *, form=None, errors=(), status=200):
    open_request = grant.change_requests.open().first()
    refusals = rules.grant_refusals(grant)
    if open_request is not None:
        refusals = [*refusals, rules.open_request_refusal()]
    budget = rules.budget_lines(grant)
    documented = rules.documented_by_line(grant)
    context = {
        "grant": grant,
        "application": grant.award.application,
        "form": form or ChangeRequestForm(),
        "errors": list(errors),
        "refusals": refusals,
        "open_request": open_request,
        "lines": [
            {"label": label, "budget": budget[kind], "documented": documented[kind]}
            for kind, label in COST_KINDS
        ],
        "budget_total": sum(budget.values()),
        "nav_section": "my",
    }
    return render(request, "awards/change_request_form.html", context, status=status)


@login_required
def change_new(request, pk: int):
    grant = _grant(request, pk)
    if not member_may_ask(user=request.user, grant=grant):
        raise PermissionDenied(REFUSE)
    if request.method != "POST":
        return _page(request, grant)
    form = ChangeRequestForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, grant, form=form, status=400)
    try:
        services.change_request_create(
            grant=grant,
            by=request.user,
            kind=form.cleaned_data["kind"],
            reason=form.cleaned_data["reason"],
            uploaded=form.cleaned_data.get("attachment") or None,
            **form.values(),
        )
    except ValidationError as error:
        return _page(request, grant, form=form, errors=error.messages, status=400)
    messages.success(request, _("Endringssøknaden er sendt."))
    return redirect("grants:detail", pk=grant.pk)


@login_required
def change_file(request, pk: int):
    change = (
        ChangeRequest.objects.filter(
            pk=pk, grant__award__application__organisation__memberships__user=request.user
        )
        .distinct()
        .first()
    )
    if change is None or not change.attachment:
        raise Http404
    return stored_file_response(
        request,
        change.attachment,
        filename=change.attachment_name,
        content_type=change.attachment_content_type,
    )
