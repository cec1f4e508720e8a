"""Every change an applicant can make: organisations, people, applications, submission."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max, ProtectedError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.formatting import format_deadline
from calls.models import Call

from .files import check_upload, sanitise_filename
from .models import (
    AccessRequest,
    Application,
    Attachment,
    CostLine,
    Invitation,
    Membership,
    Organisation,
    Partner,
)
from .orgnr import validate_orgnr
from .selectors import EDIT_ROLES, application_problems, has_district_firm

INVITATION_VALID_FOR = dt.timedelta(days=14)

PROJECT_FIELDS = (
    "title",
    "summary",
    "description",
    "project_start",
    "project_end",
    "target_group",
    "planned_offer",
    "expected_participants",
)
FINANCING_FIELDS = (
    "requested_amount",
    "own_contribution",
    "other_public_funding",
    "private_funding",
)
COST_FIELDS = ("personnel", "purchased_services", "equipment", "other")

logger = logging.getLogger(__name__)


class EditConflict(ValidationError):
    """Someone else saved the section since the form was opened."""

    def __init__(self, message, *, application: Application, section: str):
        super().__init__(message, code="conflict")
        self.application = application
        self.section = section


def _require_role(user, organisation_id: int, roles=EDIT_ROLES) -> Membership:
    membership = Membership.objects.filter(user=user, organisation_id=organisation_id).first()
    if membership is None or membership.role not in roles:
        raise PermissionDenied
    return membership


def _lock_application(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("call__scheme", "organisation")
        .get(pk=application.pk)
    )


def _require_editable(application: Application) -> None:
    if not application.is_editable:
        raise ValidationError(
            _("Søknaden er sendt og kan ikke endres. Trekk den tilbake før fristen for å endre."),
            code="read_only",
        )


def _check_version(application: Application, section: str, version: int | None) -> None:
    if version is None or int(version) != application.section_version(section):
        who = application.last_saved_by.email if application.last_saved_by else _("en annen")
        raise EditConflict(
            _(
                "%(who)s lagret denne delen etter at du åpnet den. Endringene dine er ikke "
                "lagret ennå: se hva som er lagret nå, og lagre på nytt for å overskrive."
            )
            % {"who": who},
            application=application,
            section=section,
        )


def _mark_saved(application: Application, section: str, by) -> None:
    versions = dict(application.section_versions or {})
    versions[section] = application.section_version(section) + 1
    application.section_versions = versions
    application.last_saved_at = timezone.now()
    application.last_saved_by = by


# Organisations and people -------------------------------------------------------------------


def organisation_register(
    *, user, orgnr: str, name: str, kind: str, county=None, address: str = "", website: str = ""
) -> tuple[Organisation | None, AccessRequest | None]:
    """Register an organisation with the person as administrator, or ask for access if it exists."""
    number = validate_orgnr(orgnr)
    with transaction.atomic():
        existing = Organisation.objects.select_for_update().filter(orgnr=number).first()
        if existing is not None:
            return None, access_request_create(organisation=existing, user=user)
        organisation = Organisation(
            orgnr=number, name=name, kind=kind, county=county, address=address, website=website
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


def access_request_create(*, organisation: Organisation, user) -> AccessRequest:
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise ValidationError(
            _("Du har allerede tilgang til %(name)s. Velg den på Mine sider.")
            % {"name": organisation.name},
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
        send_mail(
            _("Forespørsel om tilgang til %(name)s") % {"name": organisation.name},
            _(
                "%(email)s ber om tilgang til %(name)s i Utlysning. Logg inn og gå til "
                "Mine sider → Personer for å godkjenne eller avslå."
            )
            % {"email": user.email, "name": organisation.name},
            None,
            recipients,
        )
    return request


def access_request_decide(
    *, access_request: AccessRequest, by, approve: bool, role: str = Membership.Role.EDITOR
) -> AccessRequest:
    with transaction.atomic():
        request = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
        _require_role(by, request.organisation_id, (Membership.Role.ADMIN,))
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
        name = request.organisation.name
        send_mail(
            _("Tilgang til %(name)s") % {"name": name},
            (
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
            None,
            [request.user.email],
        )
    return request


def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invitation_create(
    *, organisation: Organisation, email: str, role: str, by, link_for: Callable[[str], str]
) -> tuple[Invitation, str]:
    """Invite a colleague by e-mail; returns the invitation and the token (sent, never stored)."""
    _require_role(by, organisation.pk, (Membership.Role.ADMIN,))
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
    send_mail(
        _("Invitasjon til %(name)s i Utlysning") % {"name": organisation.name},
        render_to_string(
            "applications/email/invitation.txt",
            {"invitation": invitation, "link": link_for(token), "by": by},
        ),
        None,
        [email],
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
        _require_role(by, membership.organisation_id, (Membership.Role.ADMIN,))
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
            _require_role(by, membership.organisation_id, (Membership.Role.ADMIN,))
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
        try:
            get_user_model().objects.filter(pk=user.pk).delete()
        except ProtectedError:
            raise ValidationError(
                _(
                    "Kontoen er knyttet til saksbehandling (vurderinger, vedtak eller brev) som "
                    "må bevares. Kontakt Innovasjon Norge for å avslutte kontoen."
                ),
                code="protected",
            ) from None
    return orphaned


# Applications -------------------------------------------------------------------------------


def application_start(*, call: Call, organisation: Organisation, by, now=None) -> Application:
    """Start a draft; one per organisation and call unless the call allows more."""
    now = now or timezone.now()
    with transaction.atomic():
        _require_role(by, organisation.pk)
        call = Call.objects.select_for_update().get(pk=call.pk)
        if not call.is_published or call.status_at(now) != Call.Status.OPEN:
            raise ValidationError(
                _("Utlysningen er ikke åpen, så du kan ikke starte en søknad nå."), code="closed"
            )
        if call.sketch_call_id:
            raise ValidationError(
                _(
                    "Denne utlysningen er for inviterte. Start søknaden fra den inviterte "
                    "prosjektskissen på Mine sider."
                ),
                code="invited_only",
            )
        if not call.allows_multiple_applications:
            existing = Application.objects.filter(call=call, organisation=organisation).first()
            if existing is not None:
                raise ValidationError(
                    _(
                        "%(organisation)s har allerede en søknad til denne utlysningen. "
                        "Fortsett på den i stedet."
                    )
                    % {"organisation": organisation.name},
                    code="exists",
                )
        application = Application(
            call=call,
            organisation=organisation,
            one_per_organisation=not call.allows_multiple_applications,
            created_by=by,
            last_saved_by=by,
            last_saved_at=now,
        )
        application.full_clean()
        application.save()
    return application


def application_save_project(*, application: Application, version, values: dict, by):
    with transaction.atomic():
        application = _lock_application(application)
        _require_role(by, application.organisation_id)
        _require_editable(application)
        _check_version(application, "project", version)
        for name in PROJECT_FIELDS:
            setattr(application, name, values.get(name))
        for name in ("title", "summary", "description", "target_group", "planned_offer"):
            setattr(application, name, (getattr(application, name) or "").strip())
        _mark_saved(application, "project", by)
        application.full_clean()
        application.save()
    return application


def application_save_budget(
    *, application: Application, version, cost_lines: list[dict], financing: dict, by
):
    """Replace the cost plan and save the financing plan; rules are reported, not blocking."""
    with transaction.atomic():
        application = _lock_application(application)
        _require_role(by, application.organisation_id)
        _require_editable(application)
        _check_version(application, "budget", version)
        years = [line["year"] for line in cost_lines]
        if len(years) != len(set(years)):
            raise ValidationError(_("Hvert år kan bare stå én gang i kostnadsplanen."), code="year")
        application.cost_lines.all().delete()
        for values in cost_lines:
            line = CostLine(application=application, **values)
            line.full_clean()
            line.save()
        for name in FINANCING_FIELDS:
            setattr(application, name, int(financing.get(name) or 0))
        _mark_saved(application, "budget", by)
        application.full_clean()
        application.save()
    return application


def partner_save(
    *,
    application: Application,
    values: dict,
    by,
    partner: Partner | None = None,
    version: int | None = None,
) -> Partner:
    """Add a partner, or change one; a change based on an old version of the list is refused."""
    with transaction.atomic():
        application = _lock_application(application)
        _require_role(by, application.organisation_id)
        _require_editable(application)
        if partner is not None:
            _check_version(application, "partners", version)
        if partner is None:
            order = application.partners.aggregate(m=Max("order"))["m"]
            partner = Partner(application=application, order=(order or 0) + 1)
        elif partner.application_id != application.pk:
            raise PermissionDenied
        for name in ("name", "orgnr", "role", "municipality"):
            setattr(partner, name, values.get(name) or ("" if name != "municipality" else None))
        partner.name = partner.name.strip()
        partner.full_clean()
        partner.save()
        _mark_saved(application, "partners", by)
        application.save(update_fields=["section_versions", "last_saved_at", "last_saved_by"])
    return partner


def partner_delete(*, partner: Partner, by) -> None:
    with transaction.atomic():
        application = _lock_application(partner.application)
        _require_role(by, application.organisation_id)
        _require_editable(application)
        Partner.objects.filter(pk=partner.pk, application=application).delete()
        _mark_saved(application, "partners", by)
        application.save(update_fields=["section_versions", "last_saved_at", "last_saved_by"])


def attachment_add(*, application: Application, uploaded, by) -> Attachment:
    kind = check_upload(uploaded, max_mb=application.call.max_attachment_mb)
    with transaction.atomic():
        application = _lock_application(application)
        _require_role(by, application.organisation_id)
        _require_editable(application)
        name = sanitise_filename(uploaded.name, extension=kind.extension)
        attachment = Attachment(
            application=application,
            name=name,
            content_type=kind.content_type,
            size=uploaded.size,
            uploaded_by=by,
        )
        attachment.file.save(f"{secrets.token_hex(16)}.{kind.extension}", uploaded, save=False)
        stored, storage = attachment.file.name, attachment.file.storage
        # The file is on disk before the row is saved: remove it again if the row is not.
        try:
            attachment.full_clean()
            attachment.save()
            _mark_saved(application, "attachments", by)
            application.save(update_fields=["section_versions", "last_saved_at", "last_saved_by"])
        except Exception:
            storage.delete(stored)
            raise
    return attachment


def attachment_delete(*, attachment: Attachment, by) -> None:
    with transaction.atomic():
        application = _lock_application(attachment.application)
        _require_role(by, application.organisation_id)
        _require_editable(application)
        stored = attachment.file.name
        storage = attachment.file.storage
        Attachment.objects.filter(pk=attachment.pk, application=application).delete()
        _mark_saved(application, "attachments", by)
        application.save(update_fields=["section_versions", "last_saved_at", "last_saved_by"])
        transaction.on_commit(lambda: storage.delete(stored))


def _reference(application: Application) -> str:
    call = application.call
    year = timezone.localtime(call.closes_at).year
    return f"{call.scheme.code}-{year}-{call.number}-{application.sequence:03d}"


def _deadline_passed_message(call: Call) -> str:
    return _("Fristen gikk ut %(deadline)s. Søknaden ble ikke sendt, men utkastet er lagret.") % {
        "deadline": format_deadline(call.closes_at)
    }


def application_submit(
    *,
    application: Application,
    by,
    now=None,
    receipt_link: Callable[[Application], str] | None = None,
) -> Application:
    """Send the application before the call's deadline; exactly once, however often it is asked.

    `receipt_link` gives the full address of the receipt page for the e-mail.
    """
    with transaction.atomic():
        application = _lock_application(application)
        _require_role(by, application.organisation_id)
        now = now or timezone.now()
        call = application.call
        if application.status not in Application.SUBMITTABLE_STATUSES:
            raise ValidationError(
                _("Søknaden er allerede sendt (%(reference)s).")
                % {"reference": application.reference},
                code="already_submitted",
            )
        if now >= call.closes_at:
            raise ValidationError(_deadline_passed_message(call), code="deadline")
        if now < call.opens_at:
            raise ValidationError(_("Utlysningen har ikke åpnet ennå."), code="not_open")
        problems = application_problems(application)
        if problems:
            raise ValidationError([p.message for p in problems], code="incomplete")
        if application.sequence is None:
            Call.objects.select_for_update().filter(pk=call.pk).first()
            last = Application.objects.filter(call=call).aggregate(m=Max("sequence"))["m"]
            application.sequence = (last or 0) + 1
            application.reference = _reference(application)
        application.outside_district_area = not has_district_firm(application)
        application.status = Application.Status.SUBMITTED
        application.submitted_at = now
        application.submitted_by = by
        application.withdrawn_at = None
        application.full_clean()
        application.save()
    _send_receipt(application, by, receipt_link)
    return application


def _send_receipt(application: Application, by, receipt_link) -> None:
    recipients = {by.email} if by.email else set()
    admins = Membership.objects.filter(
        organisation=application.organisation, role=Membership.Role.ADMIN
    ).select_related("user")
    recipients |= {m.user.email for m in admins if m.user.email}
    if not recipients:
        return
    link = (
        receipt_link(application)
        if receipt_link
        else reverse("applications:receipt", kwargs={"pk": application.pk})
    )
    subject = _("Kvittering for %(reference)s: %(title)s") % {
        "reference": application.reference,
        "title": application.title,
    }
    try:
        send_mail(
            " ".join(subject.split()),  # a header holds no line breaks
            render_to_string(
                "applications/email/receipt.txt",
                {"application": application, "by": by, "link": link},
            ),
            None,
            sorted(recipients),
        )
    except Exception:  # the application is sent; the receipt page is there if e-mail fails
        logger.exception("Could not e-mail the receipt for application %s", application.pk)


def application_withdraw(*, application: Application, by, now=None) -> Application:
    with transaction.atomic():
        application = _lock_application(application)
        _require_role(by, application.organisation_id)
        now = now or timezone.now()
        if application.status != Application.Status.SUBMITTED:
            raise ValidationError(
                _("Bare en sendt søknad som ikke er under behandling kan trekkes."),
                code="not_submitted",
            )
        if now >= application.call.closes_at:
            raise ValidationError(
                _("Fristen har gått ut. Kontakt kunderådgiveren hvis du vil trekke søknaden."),
                code="deadline",
            )
        application.status = Application.Status.WITHDRAWN
        application.withdrawn_at = now
        application.full_clean()
        application.save()
    return application


def application_from_sketch(*, sketch: Application, by, now=None) -> Application:
    """Turn an invited sketch into a full application on the linked call, pre-filled."""
    now = now or timezone.now()
    with transaction.atomic():
        sketch = _lock_application(sketch)
        _require_role(by, sketch.organisation_id)
        if sketch.status != Application.Status.INVITED or not sketch.outcome_is_announced:
            raise ValidationError(
                _("Bare en prosjektskisse som er invitert til søknad kan gjøres om til søknad."),
                code="not_invited",
            )
        existing = Application.objects.filter(sketch=sketch).first()
        if existing is not None:
            return existing
        call = (
            Call.objects.select_for_update()
            .filter(sketch_call=sketch.call, is_published=True)
            .open(now)
            .order_by("closes_at")
            .first()
        )
        if call is None:
            raise ValidationError(
                _("Søknadsutlysningen for denne skissen er ikke åpen nå."), code="closed"
            )
        application = Application(
            call=call,
            organisation=sketch.organisation,
            sketch=sketch,
            one_per_organisation=False,
            created_by=by,
            last_saved_by=by,
            last_saved_at=now,
            section_versions={"project": 1},
        )
        for name in (*PROJECT_FIELDS, *FINANCING_FIELDS):
            setattr(application, name, getattr(sketch, name))
        application.full_clean()
        application.save()
        for partner in sketch.partners.all():
            Partner.objects.create(
                application=application,
                name=partner.name,
                orgnr=partner.orgnr,
                role=partner.role,
                municipality=partner.municipality,
                order=partner.order,
            )
        for line in sketch.cost_lines.all():
            CostLine.objects.create(
                application=application, **{f: getattr(line, f) for f in ("year", *COST_FIELDS)}
            )
    return application
