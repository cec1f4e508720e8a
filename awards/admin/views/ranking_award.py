"""Deciding from the ranking board: award everything above the funding line in one confirmed
step. The page lists what will be decided with the totals against the budget and takes one
declaration of impartiality covering them all; the decisions are made by the decision service,
each under its rules, all of them or none."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from awards.admin.forms import BulkAwardForm
from awards.decisions import services as decision_services
from awards.decisions.declarations import batch_conflicts
from awards.decisions.ranking import call_ranking
from awards.decisions.rules import call_require_closed
from awards.permissions import DECIDE_APPLICATION, MANAGE_ASSESSMENT
from calls.models import Call

from .common import _context, _error_messages, require


def _problems(call, ranking, user) -> list[str]:
    """Why the decisions cannot be made now, said before the person confirms."""
    if call.stage == Call.Stage.SKETCH:
        return [
            _("Prosjektskisser inviteres eller avslås én og én fra saken, ikke fra rangeringen.")
        ]
    try:
        call_require_closed(call=call)
    except ValidationError as error:
        return _error_messages(error)
    if not ranking.to_award:
        return [_("Ingen søknader over streken venter på vedtak.")]
    conflicts = batch_conflicts(
        applications=[row.application for row in ranking.to_award], user=user
    )
    if conflicts:
        return [_("Du er inhabil i noen av sakene og kan ikke innvilge dem samlet."), *conflicts]
    return []


def ranking_award_view(request, call_id):
    require(request, MANAGE_ASSESSMENT, DECIDE_APPLICATION)
    call = get_object_or_404(Call, pk=call_id)
    ranking = call_ranking(call=call)
    rows = ranking.to_award
    form = BulkAwardForm(initial={"plan": BulkAwardForm.plan_for(rows)})
    errors: list[str] = []
    if request.method == "POST":
        form = BulkAwardForm(request.POST)
        if form.is_valid():
            try:
                decisions = decision_services.decisions_award_above_line(
                    call=call,
                    expected=form.cleaned_data["plan"],
                    payout_deadline=form.cleaned_data["payout_deadline"],
                    impartial=form.cleaned_data["impartial"],
                    by=request.user,
                )
            except ValidationError as error:
                errors = _error_messages(error)
            else:
                messages.success(
                    request,
                    _(
                        "%(count)s søknader er innvilget med foreslått beløp. Brevene er ikke "
                        "sendt ennå."
                    )
                    % {"count": len(decisions)},
                )
                return HttpResponseRedirect(reverse("admin:calls_call_ranking", args=[call.pk]))
        else:
            errors = [str(e) for field in form for e in field.errors]
        # What is shown again is the board as it is now.
        ranking = call_ranking(call=call)
        rows = ranking.to_award
        kept = getattr(form, "cleaned_data", {})
        plan = BulkAwardForm.plan_for(rows)
        form = BulkAwardForm(
            initial={
                "plan": plan,
                "payout_deadline": kept.get("payout_deadline"),
                # The declaration covered the list the person saw: kept while it is the same.
                "impartial": bool(kept.get("impartial")) and request.POST.get("plan") == plan,
            }
        )
    now = sum(row.proposed for row in rows)
    awarded = ranking.awarded_total
    return TemplateResponse(
        request,
        "admin/awards/ranking_award.html",
        _context(
            request,
            title=_("Innvilg alt over streken: %(call)s") % {"call": call.title},
            call=call,
            rows=rows,
            form=form,
            errors=errors,
            problems=_problems(call, ranking, request.user),
            awarded=awarded,
            now_total=now,
            after=awarded + now,
            left=call.budget - awarded - now,
            opts=Call._meta,
        ),
    )
