"""Applicant pages under /my/: short views that call selectors and services."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from calls.models import Call

from . import hooks, services
from .forms import (
    AttachmentForm,
    ChooseOrganisationForm,
    CostLineFormSet,
    DeleteAccountForm,
    FinancingForm,
    InvitationForm,
    OrganisationForm,
    PartnerForm,
    ProjectForm,
    RoleForm,
)
from .models import AccessRequest, Application, Attachment, Invitation, Membership, Partner
from .selectors import (
    EDIT_ROLES,
    SESSION_ORGANISATION_KEY,
    active_membership,
    adviser_may_read,
    application_for,
    application_problems,
    application_with_everything,
    applications_for_organisation,
    budget_totals,
    has_district_firm,
    membership_get,
    memberships_for,
    organisations_left_alone,
    organisations_to_hand_over,
    section_statuses,
    user_data_export,
)


def _messages_from(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def _error(request, error: ValidationError) -> None:
    for message in _messages_from(error):
        messages.error(request, message)


def _context(application, membership, **extra):
    return {
        "application": application,
        "membership": membership,
        "can_edit": membership.role in EDIT_ROLES and application.is_editable,
        "nav_section": "my",
        **extra,
    }


# /my/ -------------------------------------------------------------------------------------


@login_required
def dashboard(request):
    membership = active_membership(request)
    memberships = list(memberships_for(user=request.user))
    applications = []
    invited_sketches = []
    if membership is not None:
        applications = list(applications_for_organisation(organisation=membership.organisation))
        hooks.my_application.prepare(applications)
        continued = {a.sketch_id for a in applications if a.sketch_id}
        invited_sketches = [
            a
            for a in applications
            if a.applicant_status == Application.Status.INVITED and a.pk not in continued
        ]
    return render(
        request,
        "applications/dashboard.html",
        {
            "membership": membership,
            "memberships": memberships,
            "applications": applications,
            "invited_sketches": invited_sketches,
            "open_calls": list(Call.objects.published().open().with_scheme().order_by("closes_at")),
            "nav_section": "my",
        },
    )


@login_required
@require_POST
def choose_organisation(request):
    form = ChooseOrganisationForm(request.POST)
    if form.is_valid():
        membership = membership_get(
            user=request.user, organisation=form.cleaned_data["organisation"]
        )
        if membership is not None:
            request.session[SESSION_ORGANISATION_KEY] = membership.organisation_id
            messages.success(
                request, _("Du handler nå for %(name)s.") % {"name": membership.organisation.name}
            )
    return redirect("applications:dashboard")


@login_required
def organisation_new(request):
    form = OrganisationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation, access_request = services.organisation_register(
                user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if organisation is not None:
                request.session[SESSION_ORGANISATION_KEY] = organisation.pk
                messages.success(
                    request,
                    _("%(name)s er registrert, og du er administrator.")
                    % {"name": organisation.name},
                )
            else:
                messages.info(
                    request,
                    _(
                        "%(name)s er allerede registrert. Vi har bedt administratorene om å gi "
                        "deg tilgang; du får beskjed på e-post."
                    )
                    % {"name": access_request.organisation.name},
                )
            return redirect(_safe_next(request) or reverse("applications:dashboard"))
    return render(
        request, "applications/organisation_form.html", {"form": form, "nav_section": "my"}
    )


def _safe_next(request) -> str | None:
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def _membership_or_404(request, organisation_id) -> Membership:
    membership = membership_get(user=request.user, organisation=organisation_id)
    if membership is None:
        raise Http404
    return membership


@login_required
def organisation_people(request, organisation_id: int):
    membership = _membership_or_404(request, organisation_id)
    organisation = membership.organisation
    is_admin = membership.role == Membership.Role.ADMIN
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.invitation_create(
                    organisation=organisation,
                    by=request.user,
                    link_for=lambda token: request.build_absolute_uri(
                        reverse("applications:invitation", kwargs={"token": token})
                    ),
                    **form.cleaned_data,
                )
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(
                    request,
                    _("Invitasjonen er sendt til %(email)s. Lenken virker i 14 dager.")
                    % {"email": form.cleaned_data["email"]},
                )
                return redirect("applications:people", organisation_id=organisation.pk)
    return render(
        request,
        "applications/people.html",
        {
            "organisation": organisation,
            "membership": membership,
            "is_admin": is_admin,
            "members": organisation.memberships.select_related("user").order_by("user__email"),
            "requests": organisation.access_requests.filter(
                status=AccessRequest.Status.PENDING
            ).select_related("user")
            if is_admin
            else [],
            "invitations": organisation.invitations.filter(
                accepted_at__isnull=True, expires_at__gt=timezone.now()
            )
            if is_admin
            else [],
            "roles": Membership.Role.choices,
            "form": form,
            "nav_section": "my",
        },
    )


@login_required
@require_POST
def membership_update(request, organisation_id: int, membership_id: int):
    _membership_or_404(request, organisation_id)
    target = get_object_or_404(Membership, pk=membership_id, organisation_id=organisation_id)
    try:
        if request.POST.get("action") == "remove":
            services.membership_remove(membership=target, by=request.user)
            messages.success(request, _("%(email)s er fjernet.") % {"email": target.user.email})
            if target.user_id == request.user.pk:
                return redirect("applications:dashboard")
        else:
            form = RoleForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Velg en rolle."))
            services.membership_change_role(
                membership=target, role=form.cleaned_data["role"], by=request.user
            )
            messages.success(request, _("Rollen er endret."))
    except ValidationError as error:
        _error(request, error)
    return redirect("applications:people", organisation_id=organisation_id)


@login_required
@require_POST
def access_request_decide(request, organisation_id: int, request_id: int):
    _membership_or_404(request, organisation_id)
    access_request = get_object_or_404(
        AccessRequest, pk=request_id, organisation_id=organisation_id
    )
    try:
        services.access_request_decide(
            access_request=access_request,
            by=request.user,
            approve=request.POST.get("decision") == "approve",
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Forespørselen er behandlet."))
    return redirect("applications:people", organisation_id=organisation_id)


@login_required
def invitation(request, token: str):
    if request.method == "POST":
        try:
            membership = services.invitation_accept(token=token, user=request.user)
        except ValidationError as error:
            _error(request, error)
        else:
            request.session[SESSION_ORGANISATION_KEY] = membership.organisation_id
            messages.success(
                request,
                _("Du har nå tilgang til %(name)s.") % {"name": membership.organisation.name},
            )
            return redirect("applications:dashboard")
    invitation = (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=services.invitation_token_hash(token))
        .first()
    )
    usable = (
        invitation is not None
        and invitation.accepted_at is None
        and invitation.expires_at > timezone.now()
    )
    return render(
        request,
        "applications/invitation.html",
        {"invitation": invitation if usable else None, "nav_section": "my"},
    )


# Personal data -------------------------------------------------------------------------------


@login_required
def my_data(request):
    response = HttpResponse(
        json.dumps(user_data_export(user=request.user), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="mine-data.json"'
    return response


@login_required
def account_delete(request):
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            orphaned = services.user_delete(user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(request, _("Kontoen din er slettet."))
            for organisation in orphaned:
                messages.info(
                    request,
                    _(
                        "%(name)s har ingen personer igjen. Søknadene er tatt vare på; den "
                        "som skal overta, kontakter Innovasjon Norge for å få tilgang."
                    )
                    % {"name": organisation.name},
                )
            return redirect("calls:home")
    return render(
        request,
        "applications/account_delete.html",
        {
            "form": form,
            "admin_of_shared": organisations_to_hand_over(user=request.user),
            "left_alone": organisations_left_alone(user=request.user),
            "nav_section": "my",
        },
    )


# Applications --------------------------------------------------------------------------------


@login_required
def application_start(request, slug: str):
    call = get_object_or_404(Call.objects.published().with_scheme(), slug=slug)
    membership = active_membership(request)
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
            _error(request, error)
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
            "can_start": membership is not None and membership.role in EDIT_ROLES,
            "nav_section": "my",
        },
    )


@login_required
def task_list(request, pk: int):
    application, membership = application_for(user=request.user, pk=pk)
    application = application_with_everything(pk=application.pk)
    return render(
        request,
        "applications/task_list.html",
        _context(
            application,
            membership,
            sections=section_statuses(application),
            problems=application_problems(application),
        ),
    )


def _editable_or_redirect(request, application):
    if not application.is_editable:
        messages.info(request, _("Søknaden er sendt og kan ikke endres. Her er det dere sendte."))
        return redirect("applications:summary", pk=application.pk)
    return None


def _with_version(post, version: int):
    data = post.copy()
    data["version"] = str(version)
    return data


@login_required
def project(request, pk: int):
    application, membership = application_for(user=request.user, pk=pk, edit=True)
    if response := _editable_or_redirect(request, application):
        return response
    conflict = None
    if request.method == "POST":
        form = ProjectForm(request.POST)
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                services.application_save_project(
                    application=application,
                    version=form.cleaned_data["version"],
                    values=values,
                    by=request.user,
                )
            except services.EditConflict as error:
                conflict = error
                application = application_with_everything(pk=pk)
                form = ProjectForm(
                    _with_version(request.POST, application.section_version("project"))
                )
                form.is_valid()
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Prosjektet er lagret."))
                return redirect(_next_url(request, application))
    else:
        form = ProjectForm(
            initial={
                "version": application.section_version("project"),
                **{name: getattr(application, name) for name in services.PROJECT_FIELDS},
            }
        )
    return render(
        request,
        "applications/section_project.html",
        _context(application, membership, form=form, conflict=conflict, section="project"),
    )


def _next_url(request, application) -> str:
    if request.POST.get("then") == "stay":
        return request.path
    return reverse("applications:task_list", kwargs={"pk": application.pk})


@login_required
def partners(request, pk: int, partner_id: int | None = None):
    application, membership = application_for(user=request.user, pk=pk, edit=True)
    if response := _editable_or_redirect(request, application):
        return response
    partner = (
        get_object_or_404(Partner, pk=partner_id, application=application) if partner_id else None
    )
    conflict = None
    form = PartnerForm(
        request.POST if request.method == "POST" else None,
        instance=partner,
        initial={"version": application.section_version("partners")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_save(
                application=application,
                partner=partner,
                values=form.cleaned_data,
                version=form.cleaned_data.get("version"),
                by=request.user,
            )
        except services.EditConflict as error:
            conflict = error
            application = application_with_everything(pk=pk)
            form = PartnerForm(
                _with_version(request.POST, application.section_version("partners")),
                instance=Partner.objects.get(pk=partner.pk),
            )
            form.is_valid()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Partneren er lagret."))
            return redirect("applications:partners", pk=application.pk)
    application = application_with_everything(pk=application.pk)
    return render(
        request,
        "applications/section_partners.html",
        _context(
            application,
            membership,
            form=form,
            partner=partner,
            conflict=conflict,
            district_ok=has_district_firm(application),
            section="partners",
        ),
    )


@login_required
@require_POST
def partner_delete(request, pk: int, partner_id: int):
    application, _membership = application_for(user=request.user, pk=pk, edit=True)
    partner = get_object_or_404(Partner, pk=partner_id, application=application)
    try:
        services.partner_delete(partner=partner, by=request.user)
    except ValidationError as error:
        _error(request, error)
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
    while len(lines) < 3:
        lines.append({})
    return lines


@login_required
def budget(request, pk: int):
    application, membership = application_for(user=request.user, pk=pk, edit=True)
    if response := _editable_or_redirect(request, application):
        return response
    application = application_with_everything(pk=pk)
    conflict = None
    if request.method == "POST":
        formset = CostLineFormSet(request.POST, prefix="costs")
        form = FinancingForm(request.POST)
        if formset.is_valid() and form.is_valid():
            lines = [
                {k: f.cleaned_data.get(k) or 0 for k in ("year", *services.COST_FIELDS)}
                for f in formset.forms
                if not f.is_blank
            ]
            try:
                services.application_save_budget(
                    application=application,
                    version=form.cleaned_data["version"],
                    cost_lines=lines,
                    financing=form.cleaned_data,
                    by=request.user,
                )
            except services.EditConflict as error:
                conflict = error
                application = application_with_everything(pk=pk)
                form = FinancingForm(
                    _with_version(request.POST, application.section_version("budget"))
                )
                form.is_valid()
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Budsjettet er lagret."))
                return redirect(_next_url(request, application))
    else:
        formset = CostLineFormSet(initial=_cost_initial(application), prefix="costs")
        form = FinancingForm(
            initial={
                "version": application.section_version("budget"),
                **{name: getattr(application, name) for name in services.FINANCING_FIELDS},
            }
        )
    budget_problems = [p for p in application_problems(application) if p.section == "budget"]
    return render(
        request,
        "applications/section_budget.html",
        _context(
            application,
            membership,
            form=form,
            formset=formset,
            conflict=conflict,
            totals=budget_totals(application),
            budget_problems=budget_problems if application.section_version("budget") else [],
            section="budget",
        ),
    )


@login_required
def attachments(request, pk: int):
    application, membership = application_for(user=request.user, pk=pk, edit=True)
    if response := _editable_or_redirect(request, application):
        return response
    form = AttachmentForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            attachment = services.attachment_add(
                application=application, uploaded=form.cleaned_data["file"], by=request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("%(name)s er lastet opp.") % {"name": attachment.name})
            return redirect("applications:attachments", pk=pk)
    application = application_with_everything(pk=pk)
    return render(
        request,
        "applications/section_attachments.html",
        _context(application, membership, form=form, section="attachments"),
    )


@login_required
@require_POST
def attachment_delete(request, pk: int, attachment_id: int):
    application, _membership = application_for(user=request.user, pk=pk, edit=True)
    attachment = get_object_or_404(Attachment, pk=attachment_id, application=application)
    try:
        services.attachment_delete(attachment=attachment, by=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("%(name)s er slettet.") % {"name": attachment.name})
    return redirect("applications:attachments", pk=pk)


@login_required
def attachment_download(request, pk: int, attachment_id: int):
    """Members of the applicant organisation, and advisers once the application is sent."""
    if adviser_may_read(user=request.user, pk=pk):
        application = get_object_or_404(Application, pk=pk)
    else:
        application, _membership = application_for(user=request.user, pk=pk)
    attachment = get_object_or_404(Attachment, pk=attachment_id, application=application)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def summary(request, pk: int):
    application, membership = application_for(user=request.user, pk=pk)
    application = application_with_everything(pk=pk)
    return render(
        request,
        "applications/summary.html",
        _context(
            application,
            membership,
            problems=application_problems(application) if application.is_editable else [],
            district_ok=has_district_firm(application),
            totals=budget_totals(application),
        ),
    )


@login_required
@require_POST
def submit(request, pk: int):
    application, _membership = application_for(user=request.user, pk=pk, edit=True)
    try:
        services.application_submit(
            application=application,
            by=request.user,
            receipt_link=lambda a: request.build_absolute_uri(
                reverse("applications:receipt", kwargs={"pk": a.pk})
            ),
        )
    except ValidationError as error:
        _error(request, error)
        return redirect("applications:summary", pk=pk)
    return redirect("applications:receipt", pk=pk)


@login_required
def receipt(request, pk: int):
    application, membership = application_for(user=request.user, pk=pk)
    if not application.reference or application.submitted_at is None:
        raise Http404
    application = application_with_everything(pk=pk)
    return render(request, "applications/receipt.html", _context(application, membership))


@login_required
@require_POST
def withdraw(request, pk: int):
    application, _membership = application_for(user=request.user, pk=pk, edit=True)
    try:
        services.application_withdraw(application=application, by=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(
            request,
            _("Søknaden er trukket. Den kan endres og sendes på nytt før fristen."),
        )
    return redirect("applications:summary", pk=pk)


@login_required
@require_POST
def continue_sketch(request, pk: int):
    sketch, _membership = application_for(user=request.user, pk=pk, edit=True)
    try:
        application = services.application_from_sketch(sketch=sketch, by=request.user)
    except ValidationError as error:
        _error(request, error)
        return redirect("applications:dashboard")
    messages.success(request, _("Søknaden er fylt ut med det dere skrev i skissen."))
    return redirect("applications:task_list", pk=application.pk)
