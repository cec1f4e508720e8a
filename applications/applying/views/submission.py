"""Starting an application, its task list and summary, and sending, withdrawing and continuing
it (from an invited sketch)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from calls.models import Call

from ...feedback import show_errors
from ...people.permissions import membership_can_edit
from ...people.selectors import membership_active, memberships_for
from .. import corrections, services, submission
from ..completeness import application_problems, application_section_statuses
from ..models import Application
from ..selectors import (
    application_budget_totals,
    application_for,
    application_has_district_firm,
    open_correction,
)
from .common import problem_links, section_context, section_links


@login_required
def application_start(request, slug: str):
    call = get_object_or_404(Call.objects.published().with_scheme(), slug=slug)
    membership = membership_active(request=request)
    if request.method == "POST":
        if membership is None:
            raise PermissionDenied
        try:
            application = services.application_start(
                call=call, organisation=membership.organisation, by=request.user
            )
        except PermissionDenied:
            messages.error(
                request, _("Du må være administrator eller redaktør for å starte en søknad.")
            )
        except ValidationError as error:
            show_errors(request, error)
            existing = Application.objects.filter(
                call=call, organisation=membership.organisation
            ).first()
            if error.code == "exists" and existing is not None:
                return redirect("applications:task_list", pk=existing.pk)
        else:
            return redirect("applications:task_list", pk=application.pk)
    return render(
        request,
        "applications/start.html",
        {
            "call": call,
            "membership": membership,
            "memberships": list(memberships_for(user=request.user)),
            "can_start": membership_can_edit(membership),
            "refusal": services.application_start_refusal(call=call),
            "nav_section": "my",
        },
    )


@login_required
def task_list(request, pk: int):
    application, membership = application_for(user=request.user, pk=pk, everything=True)
    statuses = application_section_statuses(application=application)
    return render(
        request,
        "applications/task_list.html",
        section_context(
            application,
            membership,
            sections=section_links(application, statuses),
            problems=application_problems(application=application),
        ),
    )


@login_required
def summary(request, pk: int):
    application, membership = application_for(user=request.user, pk=pk, everything=True)
    correction = None if application.is_editable else open_correction(application)
    problems = application_problems(application=application) if application.is_editable else []
    if correction is not None:
        problems = [
            p
            for p in application_problems(application=application)
            if p.section in correction.sections
        ]
    return render(
        request,
        "applications/summary.html",
        section_context(
            application,
            membership,
            problems=problem_links(application, problems),
            district_ok=application_has_district_firm(application=application),
            totals=application_budget_totals(application=application),
            needs_signoff=submission.signoff_required_of(application, membership),
        ),
    )


@login_required
@require_POST
def submit(request, pk: int):
    application, _membership = application_for(user=request.user, pk=pk, edit=True)
    try:
        submission.application_submit(
            application=application,
            by=request.user,
            confirmed=request.POST.get("confirm") == "on",
            receipt_link=lambda a: request.build_absolute_uri(
                reverse("applications:receipt", kwargs={"pk": a.pk})
            ),
        )
    except ValidationError as error:
        show_errors(request, error)
        return redirect("applications:summary", pk=pk)
    return redirect("applications:receipt", pk=pk)


def _summary_action(request, pk: int, act, success: str):
    """Run ``act(application, summary_link)`` for a person who may edit the application, show its
    refusal or ``success``, and go back to the summary page."""
    application, _membership = application_for(user=request.user, pk=pk, edit=True)

    def summary_link(a):
        return request.build_absolute_uri(reverse("applications:summary", kwargs={"pk": a.pk}))

    try:
        act(application, summary_link)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, success)
    return redirect("applications:summary", pk=pk)


@login_required
@require_POST
def request_signoff(request, pk: int):
    return _summary_action(
        request,
        pk,
        lambda application, link: submission.application_request_signoff(
            application=application, by=request.user, summary_link=link
        ),
        _(
            "Administratorene i organisasjonen har fått beskjed. Søknaden er ikke sendt før "
            "en av dem bekrefter og sender den, før fristen."
        ),
    )


@login_required
@require_POST
def correction_submit(request, pk: int):
    return _summary_action(
        request,
        pk,
        lambda application, _link: corrections.correction_submit(
            application=application, by=request.user
        ),
        _(
            "Takk. Det dere endret er sendt inn, og rådgiveren har fått beskjed. Søknaden "
            "har samme referanse som før."
        ),
    )


@login_required
def receipt(request, pk: int):
    application, membership = application_for(user=request.user, pk=pk, everything=True)
    if not application.reference or application.submitted_at is None:
        raise Http404
    return render(request, "applications/receipt.html", section_context(application, membership))


@login_required
@require_POST
def withdraw(request, pk: int):
    return _summary_action(
        request,
        pk,
        lambda application, link: submission.application_withdraw(
            application=application, by=request.user, summary_link=link
        ),
        _("Søknaden er trukket. Den kan endres og sendes på nytt før fristen."),
    )


@login_required
@require_POST
def continue_sketch(request, pk: int):
    sketch, _membership = application_for(user=request.user, pk=pk, edit=True)
    try:
        application = submission.application_from_sketch(sketch=sketch, by=request.user)
    except ValidationError as error:
        show_errors(request, error)
        return redirect("applications:dashboard")
    messages.success(request, _("Søknaden er fylt ut med det dere skrev i skissen."))
    return redirect("applications:task_list", pk=application.pk)
