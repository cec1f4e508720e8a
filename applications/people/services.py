"""Every change to organisations and their people: registering, access, invitations, roles,
leaving, and deleting one's account."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.formatting import person_with_address
from calls.mail import email_later

from .. import hooks
from ..orgnr import validate_orgnr
from .enhetsregisteret import entity_lookup
from .models import AccessRequest, Invitation, Membership, Organisation
from .names import single_line, split_full_name
from .permissions import ADMIN_ROLES, membership_require_role
from .register_check import register_values

INVITATION_VALID_FOR = dt.timedelta(days=14)


def organisation_register(
    *, user, orgnr: str, name: str, kind: str, county=None, address: str = "", website: str = ""
) -> tuple[Organisation | None, AccessRequest | None]:
    """Register an organisation with the person as administrator, or ask for access if it exists."""
    number = validate_orgnr(orgnr)
    entry = None
    if not Organisation.objects.filter(orgnr=number).exists():
        # Asked before the lock: the register may take seconds to answer, or not answer at all.
        entry = entity_lookup(number)
        if entry.refusal:
            raise ValidationError({"orgnr": entry.refusal}, code=entry.status)
        if not single_line(name) and not entry.name:
            raise ValidationError(
                {"name": _("Skriv inn navnet på organisasjonen.")}, code="required"
            )
    with transaction.atomic():
        existing = Organisation.objects.select_for_update().filter(orgnr=number).first()
        if existing is not None:
            return None, access_request_create(organisation=existing, user=user)
        organisation = Organisation(
            confirmation_pending=True,
            orgnr=number,
            name=single_line(name) or (entry.name if entry else ""),
            kind=kind,
            county=county,
            address=address or (entry.address if entry else ""),
            website=website,
            **(register_values(entry) if entry else {}),
            register_checked_at=timezone.now() if entry and entry.answered else None,
        )
        organisation.full_clean()
        try:
            with transaction.atomic():
                organisation.save()
        except IntegrityError:
            existing = Organisation.objects.get(orgnr=number)
            return None, access_request_create(organisation=existing, user=user)
        membership = Membership(user=user, organisation=organisation, role=Membership.Role.ADMIN)
        membership.full_clean()
        membership.save()
    return organisation, None


def organisation_confirm(*, organisation: Organisation, by) -> Organisation:
    """An adviser has checked the registration against the register: applications may be sent."""
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if not organisation.confirmation_pending:
            return organisation
        organisation.confirmation_pending = False
        organisation.confirmed_at = timezone.now()
        organisation.confirmed_by = by
        organisation._history_user = by
        organisation.save(update_fields=["confirmation_pending", "confirmed_at", "confirmed_by"])
    return organisation


def access_request_create(*, organisation: Organisation, user) -> AccessRequest:
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise ValidationError(
            _("Du har allerede tilgang til %(name)s. Velg den på Mine sider.")
            % {"name": single_line(organisation.name)},
            code="member",
        )
    with transaction.atomic():
        pending = (
            AccessRequest.objects.select_for_update()
            .filter(organisation=organisation, user=user, status=AccessRequest.Status.PENDING)
            .first()
        )
        if pending is not None:
            return pending
        request = AccessRequest.objects.create(organisation=organisation, user=user)
    admins = organisation.memberships.filter(role=Membership.Role.ADMIN).select_related("user")
    recipients = [m.user.email for m in admins if m.user.email]
    if recipients:
        email_later(
            subject=_("Forespørsel om tilgang til %(name)s")
            % {"name": single_line(organisation.name)},
            body=_(
                "%(person)s ber om tilgang til %(name)s i Utlysning. Logg inn og gå til "
                "Mine sider → Personer for å godkjenne eller avslå."
            )
            % {"person": person_with_address(user), "name": organisation.name},
            to=recipients,
        )
    return request


def access_request_decide(
    *, access_request: AccessRequest, by, approve: bool, role: str = Membership.Role.EDITOR
) -> AccessRequest:
    with transaction.atomic():
        request = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
        membership_require_role(user=by, organisation_id=request.organisation_id, roles=ADMIN_ROLES)
        if request.status != AccessRequest.Status.PENDING:
            raise ValidationError(_("Forespørselen er allerede behandlet."), code="decided")
        request.status = AccessRequest.Status.APPROVED if approve else AccessRequest.Status.DECLINED
        request.decided_at = timezone.now()
        request.decided_by = by
        request.save()
        if approve:
            Membership.objects.get_or_create(
                user=request.user, organisation=request.organisation, defaults={"role": role}
            )
    if request.user.email:
        name = single_line(request.organisation.name)
        email_later(
            subject=_("Tilgang til %(name)s") % {"name": name},
            body=(
                _(
                    "Du har fått tilgang til %(name)s i Utlysning. Logg inn og velg den på "
                    "Mine sider."
                )
                if approve
                else _(
                    "Forespørselen din om tilgang til %(name)s i Utlysning ble avslått. Ta "
                    "kontakt med organisasjonen hvis du mener det er feil."
                )
            )
            % {"name": name},
            to=[request.user.email],
        )
    return request


def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invitation_create(
    *, organisation: Organisation, email: str, role: str, by, link_for: Callable[[str], str]
) -> tuple[Invitation, str]:
    """Invite a colleague by e-mail; returns the invitation and the token (sent, never stored)."""
    membership_require_role(user=by, organisation_id=organisation.pk, roles=ADMIN_ROLES)
    email = email.strip()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError(
            _("%(email)s har allerede tilgang til organisasjonen.") % {"email": email},
            code="member",
        )
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=invitation_token_hash(token),
        invited_by=by,
        expires_at=timezone.now() + INVITATION_VALID_FOR,
    )
    invitation.full_clean()
    invitation.save()
    email_later(
        subject=_("Invitasjon til %(name)s i Utlysning") % {"name": single_line(organisation.name)},
        body=render_to_string(
            "applications/email/invitation.txt",
            {"invitation": invitation, "link": link_for(token), "by": by},
        ),
        to=[email],
    )
    return invitation, token


def invitation_accept(*, token: str, user) -> Membership:
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("organisation")
            .filter(token_hash=invitation_token_hash(token or ""))
            .first()
        )
        if invitation is None or invitation.accepted_at is not None:
            raise ValidationError(
                _("Invitasjonen finnes ikke eller er allerede brukt. Be administratoren om en ny."),
                code="invalid",
            )
        if invitation.expires_at <= timezone.now():
            raise ValidationError(
                _("Invitasjonen er utløpt. Be administratoren om en ny."), code="expired"
            )
        emails = {user.email.lower()} | {
            e.email.lower() for e in user.emailaddress_set.filter(verified=True)
        }
        if invitation.email.lower() not in emails:
            raise ValidationError(
                _(
                    "Invitasjonen ble sendt til %(email)s. Logg inn med den e-postadressen for "
                    "å ta den i bruk."
                )
                % {"email": invitation.email},
                code="email",
            )
        membership, created = Membership.objects.get_or_create(
            user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save()
    return membership


def _admin_count(organisation_id: int) -> int:
    return Membership.objects.filter(
        organisation_id=organisation_id, role=Membership.Role.ADMIN
    ).count()


def membership_change_role(*, membership: Membership, role: str, by) -> Membership:
    if role not in Membership.Role.values:
        raise ValidationError(_("Velg en rolle."), code="role")
    with transaction.atomic():
        membership_require_role(
            user=by, organisation_id=membership.organisation_id, roles=ADMIN_ROLES
        )
        list(
            Membership.objects.select_for_update().filter(
                organisation_id=membership.organisation_id
            )
        )
        membership = Membership.objects.get(pk=membership.pk)
        if (
            membership.role == Membership.Role.ADMIN
            and role != Membership.Role.ADMIN
            and _admin_count(membership.organisation_id) == 1
        ):
            raise ValidationError(
                _(
                    "Organisasjonen må ha minst én administrator. Gi en annen person "
                    "administratorrollen først."
                ),
                code="last_admin",
            )
        membership.role = role
        membership.full_clean()
        membership.save()
    return membership


def membership_remove(*, membership: Membership, by) -> None:
    with transaction.atomic():
        if membership.user_id != by.pk:
            membership_require_role(
                user=by, organisation_id=membership.organisation_id, roles=ADMIN_ROLES
            )
        list(
            Membership.objects.select_for_update().filter(
                organisation_id=membership.organisation_id
            )
        )
        membership = Membership.objects.filter(pk=membership.pk).first()
        if membership is None:
            return
        if (
            membership.role == Membership.Role.ADMIN
            and _admin_count(membership.organisation_id) == 1
        ):
            raise ValidationError(
                _(
                    "Den siste administratoren kan ikke forlate organisasjonen. Gi en annen "
                    "person administratorrollen først."
                ),
                code="last_admin",
            )
        membership.delete()


DELETED_ADDRESS = "slettet-konto@utlysning.invalid"


def _invitations_forget(*, user) -> None:
    """Invitations to the person's address: unused ones go, used ones keep no address."""
    if not user.email:
        return
    to_them = Invitation.objects.filter(email__iexact=user.email)
    to_them.filter(accepted_at__isnull=True).delete()
    to_them.update(email=DELETED_ADDRESS)


def user_set_name(*, user, full_name: str):
    """The name the person gave, shown to colleagues and advisers instead of an address."""
    name = single_line(full_name)
    if not name:
        raise ValidationError(
            _("Skriv inn fullt navn, for eksempel Kari Nordmann."), code="name_required"
        )
    user.first_name, user.last_name = split_full_name(name)
    user.full_clean(exclude=["password", "username", "email"])
    user.save(update_fields=["first_name", "last_name"])
    return user


def user_delete(*, user) -> list[Organisation]:
    """Delete a person's account; organisations and their applications stay.

    Returns the organisations left without any member (their applications are kept).
    """
    with transaction.atomic():
        memberships = list(
            Membership.objects.select_for_update().filter(user=user).select_related("organisation")
        )
        # Lock everyone in the same organisations, so two administrators leaving at once cannot
        # both count the other as the one who stays.
        list(
            Membership.objects.select_for_update()
            .filter(organisation__in=[m.organisation_id for m in memberships])
            .values_list("pk", flat=True)
        )
        orphaned = []
        for membership in memberships:
            others = Membership.objects.filter(organisation=membership.organisation_id).exclude(
                user=user
            )
            if not others.exists():
                orphaned.append(membership.organisation)
            elif (
                membership.role == Membership.Role.ADMIN
                and _admin_count(membership.organisation_id) == 1
            ):
                raise ValidationError(
                    _(
                        "Du er den eneste administratoren for %(name)s, som har andre "
                        "medlemmer. Gi en av dem administratorrollen før du sletter kontoen."
                    )
                    % {"name": membership.organisation.name},
                    code="last_admin",
                )
        _invitations_forget(user=user)
        for forget in hooks.account_forget:
            forget(user=user)
        try:
            get_user_model().objects.filter(pk=user.pk).delete()
        except ProtectedError:
            raise ValidationError(
                _(
                    "Kontoen er knyttet til saksbehandling (vurderinger, vedtak eller brev) som "
                    "må bevares. Kontakt %(funder)s for å avslutte kontoen."
                )
                % {"funder": settings.FUNDING_ORGANISATION_NAME},
                code="protected",
            ) from None
    return orphaned
