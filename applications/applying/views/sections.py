"""The sections of an application as the applicant edits them: project, partners, budget and
attachments, and downloading an attachment."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...feedback import show_errors
from ...people.enhetsregisteret import RegisterStatus
from .. import services
from ..completeness import application_problems
from ..forms import (
    COST_LINES_PREFIX,
    AttachmentForm,
    CostLineFormSet,
    FinancingForm,
    PartnerForm,
    ProjectForm,
    typed_budget_totals,
)
from ..models import Application, Attachment, Partner
from ..selectors import (
    application_budget_totals,
    application_for,
    application_has_district_firm,
    application_readable_by_staff,
    application_with_everything,
)
from ..storage import stored_file_response
from ..targets import target_field, targets_for
from .common import (
    editable_or_redirect,
    next_url,
    problem_links,
    section_context,
    section_save,
)


@login_required
def project(request, pk: int):
    application, membership = application_for(user=request.user, pk=pk, edit=True)
    if response := editable_or_redirect(request, application, "project"):
        return response
    conflict = None
    indicators = list(application.call.indicators.all())
    project_form = functools.partial(ProjectForm, indicators=indicators)
    if request.method == "POST":
        form = project_form(request.POST)
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            result = section_save(
                request,
                application=application,
                form=form,
                rebind=project_form,
                save=lambda: services.application_save_project(
                    application=application,
                    version=form.cleaned_data["version"],
                    values=values,
                    targets=form.targets(),
                    by=request.user,
                ),
            )
            if result.saved:
                messages.success(request, _("Prosjektet er lagret."))
                return redirect(next_url(request, application))
            form, application, conflict = result.form, result.application, result.conflict
    else:
        targets = targets_for(application=application)
        form = project_form(
            initial={
                "version": application.section_version("project"),
                **{name: getattr(application, name) for name in services.PROJECT_FIELDS},
                **{target_field(i): targets.get(i.pk) for i in indicators},
            }
        )
    return render(
        request,
        "applications/section_project.html",
        section_context(application, membership, form=form, conflict=conflict, section="project"),
    )


@login_required
def partners(request, pk: int, partner_id: int | None = None):
    application, membership = application_for(
        user=request.user, pk=pk, edit=True, everything=request.method == "GET"
    )
    if response := editable_or_redirect(request, application, "partners"):
        return response
    partner = (
        get_object_or_404(Partner, pk=partner_id, application=application) if partner_id else None
    )
    conflict = None
    form = PartnerForm(
        request.POST if request.method == "POST" else None,
        call=application.call,
        instance=partner,
        initial={"version": application.section_version("partners")},
    )
    if request.method == "POST" and form.is_valid():
        saved = []
        result = section_save(
            request,
            application=application,
            form=form,
            rebind=lambda data: PartnerForm(
                data, call=application.call, instance=Partner.objects.get(pk=partner.pk)
            ),
            save=lambda: saved.append(
                services.partner_save(
                    application=application,
                    partner=partner,
                    values=form.cleaned_data,
                    version=form.cleaned_data.get("version"),
                    by=request.user,
                )
            ),
        )
        if result.saved:
            messages.success(request, _("Partneren er lagret."))
            _register_message(request, saved[0])
            return redirect("applications:partners", pk=application.pk)
        form, conflict = result.form, result.conflict
    if request.method != "GET":  # what was posted may have changed it
        application = application_with_everything(pk=application.pk)
    return render(
        request,
        "applications/section_partners.html",
        section_context(
            application,
            membership,
            form=form,
            partner=partner,
            conflict=conflict,
            district_ok=application_has_district_firm(application=application),
            section="partners",
        ),
    )


def _register_message(request, partner: Partner) -> None:
    if partner.register_status == RegisterStatus.FOUND and partner.municipality is not None:
        messages.info(
            request,
            _("Kommunen er hentet fra Enhetsregisteret: %(municipality)s.")
            % {"municipality": partner.municipality.name},
        )
    elif partner.register_status == RegisterStatus.UNAVAILABLE:
        messages.warning(
            request,
            _(
                "Enhetsregisteret svarte ikke, så vi kunne ikke sjekke %(orgnr)s. Vi bruker "
                "kommunen du valgte."
            )
            % {"orgnr": partner.orgnr},
        )


@login_required
@require_POST
def partner_delete(request, pk: int, partner_id: int):
    application, _membership = application_for(user=request.user, pk=pk, edit=True)
    partner = get_object_or_404(Partner, pk=partner_id, application=application)
    try:
        services.partner_delete(partner=partner, by=request.user)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("%(name)s er fjernet.") % {"name": partner.name})
    return redirect("applications:partners", pk=application.pk)


def _cost_initial(application) -> list[dict]:
    lines = [
        {"year": line.year, **{f: getattr(line, f) for f in services.COST_FIELDS}}
        for line in application.cost_lines.all()
    ]
    if not lines:
        start = application.project_start.year if application.project_start else None
        end = application.project_end.year if application.project_end else start
        if start:
            lines = [{"year": year} for year in range(start, min(end, start + 4) + 1)]
    # At least three rows, and always one empty row for another year, up to the formset's limit.
    wanted = min(max(3, len(lines) + 1), CostLineFormSet.max_num)
    lines += [{} for _row in range(wanted - len(lines))]
    return lines


@login_required
def budget(request, pk: int):
    application, membership = application_for(user=request.user, pk=pk, edit=True, everything=True)
    if response := editable_or_redirect(request, application, "budget"):
        return response
    conflict = None
    if request.method == "POST":
        formset = CostLineFormSet(request.POST, prefix=COST_LINES_PREFIX)
        form = FinancingForm(request.POST)
        if formset.is_valid() and form.is_valid():
            lines = [
                {k: f.cleaned_data.get(k) or 0 for k in ("year", *services.COST_FIELDS)}
                for f in formset.forms
                if not f.is_blank
            ]
            result = section_save(
                request,
                application=application,
                form=form,
                rebind=FinancingForm,
                save=lambda: services.application_save_budget(
                    application=application,
                    version=form.cleaned_data["version"],
                    cost_lines=lines,
                    financing=form.cleaned_data,
                    by=request.user,
                ),
            )
            if result.saved:
                messages.success(request, _("Budsjettet er lagret."))
                return redirect(next_url(request, application))
            form, application, conflict = result.form, result.application, result.conflict
    else:
        formset = CostLineFormSet(initial=_cost_initial(application), prefix=COST_LINES_PREFIX)
        form = FinancingForm(
            initial={
                "version": application.section_version("budget"),
                **{name: getattr(application, name) for name in services.FINANCING_FIELDS},
            }
        )
    budget_problems = problem_links(
        application,
        [p for p in application_problems(application=application) if p.section == "budget"],
    )
    typed = typed_budget_totals(formset, form)
    for cost_form, row_total in zip(formset.forms, typed["rows"], strict=True):
        cost_form.typed_total = row_total
    return render(
        request,
        "applications/section_budget.html",
        section_context(
            application,
            membership,
            form=form,
            formset=formset,
            conflict=conflict,
            totals=application_budget_totals(application=application),
            typed=typed,
            period_missing=not (application.project_start and application.project_end),
            budget_problems=budget_problems if application.section_version("budget") else [],
            section="budget",
        ),
    )


@login_required
def attachments(request, pk: int):
    application, membership = application_for(
        user=request.user, pk=pk, edit=True, everything=request.method == "GET"
    )
    if response := editable_or_redirect(request, application, "attachments"):
        return response
    form = AttachmentForm(request.POST if request.method == "POST" else None, request.FILES or None)
    # Set by the upload handler (config/uploads.py) when it stopped reading a file too large.
    refused_mb = getattr(request, "upload_refused_mb", None)
    if request.method == "POST" and refused_mb:
        form.is_valid()
        form.errors["file"] = form.error_class(
            [
                _("Filen er for stor. Største tillatte størrelse er %(max)s MB.")
                % {"max": min(refused_mb, application.call.max_attachment_mb)}
            ]
        )
    elif request.method == "POST" and form.is_valid():
        try:
            attachment = services.attachment_add(
                application=application, uploaded=form.cleaned_data["file"], by=request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("%(name)s er lastet opp.") % {"name": attachment.name})
            return redirect("applications:attachments", pk=pk)
    if request.method != "GET":  # what was posted may have changed it
        application = application_with_everything(pk=pk)
    return render(
        request,
        "applications/section_attachments.html",
        section_context(application, membership, form=form, section="attachments"),
    )


@login_required
@require_POST
def attachment_delete(request, pk: int, attachment_id: int):
    application, _membership = application_for(user=request.user, pk=pk, edit=True)
    attachment = get_object_or_404(Attachment, pk=attachment_id, application=application)
    try:
        services.attachment_delete(attachment=attachment, by=request.user)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("%(name)s er slettet.") % {"name": attachment.name})
    return redirect("applications:attachments", pk=pk)


@login_required
def attachment_download(request, pk: int, attachment_id: int):
    """Members of the applicant organisation, and advisers once the application is sent."""
    if application_readable_by_staff(user=request.user, pk=pk):
        application = get_object_or_404(Application, pk=pk)
    else:
        application, _membership = application_for(user=request.user, pk=pk)
    attachment = get_object_or_404(Attachment, pk=attachment_id, application=application)
    return stored_file_response(
        request,
        attachment.file,
        filename=attachment.name,
        content_type=attachment.content_type,
        back_url=reverse("admin:applications_application_change", args=[application.pk])
        if request.user.is_staff
        else reverse("applications:summary", kwargs={"pk": application.pk}),
    )
