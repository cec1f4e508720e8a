"""Applicant pages about organisations and people: choosing, registering, members, invitations,
access requests, and deleting one's account."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from calls.formatting import person_name

from ..feedback import show_errors
from ..orgnr import validate_orgnr
from . import services
from .enhetsregisteret import RegisterStatus, entity_lookup
from .forms import (
    ChooseOrganisationForm,
    DeleteAccountForm,
    InvitationForm,
    NameForm,
    OrganisationForm,
    RoleForm,
)
from .models import AccessRequest, Invitation, Membership
from .selectors import (
    SESSION_ORGANISATION_KEY,
    membership_get,
    organisations_left_alone,
    organisations_to_hand_over,
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
    entry = None
    if request.method == "POST" and request.POST.get("action") == "lookup":
        # Look the number up and show the form again, filled from the register's answer.
        try:
            number = validate_orgnr(request.POST.get("orgnr", ""))
        except ValidationError:
            form.is_valid()  # shows why the number is not valid, beside what was typed
        else:
            entry = entity_lookup(number)
            form = OrganisationForm(initial=form.prefilled(entry))
            if entry.refusal:
                form = OrganisationForm(request.POST)
                form.is_valid()
                form.add_error("orgnr", entry.refusal)
    elif request.method == "POST" and form.is_valid():
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
                if organisation.register_status == RegisterStatus.UNAVAILABLE:
                    messages.warning(
                        request,
                        _(
                            "Enhetsregisteret svarte ikke, så organisasjonen er registrert som "
                            "ikke sjekket. Vi sjekker den i registeret senere."
                        ),
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
        request,
        "applications/organisation_form.html",
        {"form": form, "entry": entry, "nav_section": "my"},
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
            messages.success(
                request, _("%(person)s er fjernet.") % {"person": person_name(target.user)}
            )
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
        show_errors(request, error)
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
        show_errors(request, error)
    else:
        messages.success(request, _("Forespørselen er behandlet."))
    return redirect("applications:people", organisation_id=organisation_id)


@login_required
def invitation(request, token: str):
    if request.method == "POST":
        try:
            membership = services.invitation_accept(token=token, user=request.user)
        except ValidationError as error:
            show_errors(request, error)
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


# Account --------------------------------------------------------------------------------------


@login_required
def account_name(request):
    user = request.user
    form = NameForm(
        request.POST if request.method == "POST" else None,
        initial={"full_name": user.get_full_name()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_name(user=user, full_name=form.cleaned_data["full_name"])
        except ValidationError as error:
            form.add_error("full_name", error)
        else:
            messages.success(request, _("Navnet ditt er lagret."))
            return redirect("applications:dashboard")
    return render(request, "applications/account_name.html", {"form": form, "nav_section": "my"})


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
                        "som skal overta, kontakter %(funder)s for å få tilgang."
                    )
                    % {"name": organisation.name, "funder": settings.FUNDING_ORGANISATION_NAME},
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
