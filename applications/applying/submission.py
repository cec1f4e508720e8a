"""Sending an application before the deadline, withdrawing it, and turning an invited sketch
into a full application."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.formatting import format_deadline
from calls.mail import email_later
from calls.models import Call, Scheme

from ..people.models import Membership
from ..people.permissions import ADMIN_ROLES, membership_require_role
from .completeness import application_problems
from .models import Application, Attachment, CostLine, Partner
from .selectors import application_has_district_firm
from .services import COST_FIELDS, FINANCING_FIELDS, PROJECT_FIELDS, lock_application


def _reference(application: Application) -> str:
    call = application.call
    year = timezone.localtime(call.closes_at).year
    return f"{call.scheme.code}-{year}-{call.number}-{application.sequence:03d}"


def _allocate_reference(application: Application) -> None:
    """Give the application the next sequence number of its call and a reference no other
    application holds. References start with the scheme's code, so the scheme's row is the lock:
    two calls of a scheme that once shared a number cannot hand out the same reference."""
    call = application.call
    Scheme.objects.select_for_update().filter(pk=call.scheme_id).first()
    last = Application.objects.filter(call=call).aggregate(m=Max("sequence"))["m"]
    sequence = (last or 0) + 1
    while True:
        application.sequence = sequence
        application.reference = _reference(application)
        if not Application.objects.filter(reference=application.reference).exists():
            return
        sequence += 1


def _deadline_passed_message(call: Call) -> str:
    return _("Fristen gikk ut %(deadline)s. Søknaden ble ikke sendt, men utkastet er lagret.") % {
        "deadline": format_deadline(call.closes_at)
    }


def _require_sendable(application: Application, *, now) -> None:
    """What must hold before anyone sends the application or asks for it to be sent: not sent
    already, a confirmed organisation, the call open, nothing left to fix."""
    call = application.call
    if application.status not in Application.SUBMITTABLE_STATUSES:
        raise ValidationError(
            _("Søknaden er allerede sendt (%(reference)s).") % {"reference": application.reference},
            code="already_submitted",
        )
    if application.organisation.confirmation_pending:
        raise ValidationError(
            _(
                "%(name)s er registrert, men ennå ikke bekreftet av %(funder)s. Du kan "
                "gjøre ferdig søknaden nå og sende den når organisasjonen er bekreftet."
            )
            % {
                "name": application.organisation.name,
                "funder": settings.FUNDING_ORGANISATION_NAME,
            },
            code="organisation_pending",
        )
    if now >= call.closes_at:
        raise ValidationError(_deadline_passed_message(call), code="deadline")
    if now < call.opens_at:
        raise ValidationError(_("Utlysningen har ikke åpnet ennå."), code="not_open")
    problems = application_problems(application=application)
    if problems:
        raise ValidationError([p.message for p in problems], code="incomplete")


def signoff_required_of(application: Application, membership: Membership | None) -> bool:
    """Whether this person must ask an administrator to confirm and send, instead of sending."""
    return application.call.requires_signoff and (
        membership is None or membership.role not in ADMIN_ROLES
    )


# The fields sending an application sets.
SENDING_FIELDS = {
    "status",
    "submitted_at",
    "submitted_by",
    "withdrawn_at",
    "reference",
    "sequence",
    "outside_district_area",
}


def application_submit(
    *,
    application: Application,
    by,
    now=None,
    confirmed: bool = False,
    receipt_link: Callable[[Application], str] | None = None,
) -> Application:
    """Send the application before the call's deadline; exactly once, however often it is asked.

    A call that requires sign-off takes the application only from an administrator of the
    organisation who confirms (``confirmed``) that it stands behind the application and its
    co-financing. `receipt_link` gives the full address of the receipt page for the e-mail.
    """
    with transaction.atomic():
        # Checking that it can be sent reads every part of it: they come with the locked row.
        application = lock_application(application, with_parts=True)
        membership = membership_require_role(user=by, organisation_id=application.organisation_id)
        now = now or timezone.now()
        call = application.call
        _require_sendable(application, now=now)
        if call.requires_signoff:
            if membership.role not in ADMIN_ROLES:
                raise ValidationError(
                    _(
                        "Denne utlysningen krever at en administrator i organisasjonen "
                        "bekrefter og sender søknaden. Be om bekreftelse i stedet."
                    ),
                    code="signoff_required",
                )
            if not confirmed:
                raise ValidationError(
                    _(
                        "Kryss av for at organisasjonen står bak søknaden og "
                        "medfinansieringen. Søknaden er ikke sendt."
                    ),
                    code="not_confirmed",
                )
        if application.sequence is None:
            _allocate_reference(application)
        application.outside_district_area = not application_has_district_firm(
            application=application
        )
        application.status = Application.Status.SUBMITTED
        application.submitted_at = now
        application.submitted_by = by
        application.withdrawn_at = None
        # What sending changes is validated here; the sections were validated as they were
        # saved and their completeness just above, and the database holds its constraints.
        application.full_clean(
            exclude=[f.name for f in Application._meta.fields if f.name not in SENDING_FIELDS]
        )
        application.save()
    _send_receipt(application, by, receipt_link)
    return application


def application_request_signoff(
    *,
    application: Application,
    by,
    now=None,
    summary_link: Callable[[Application], str] | None = None,
) -> Application:
    """Ask the organisation's administrators to confirm and send a finished application, for a
    call that requires sign-off. It is not sent: the deadline applies to the sending, and the
    application can still be changed until an administrator sends it."""
    with transaction.atomic():
        application = lock_application(application, with_parts=True)
        membership_require_role(user=by, organisation_id=application.organisation_id)
        now = now or timezone.now()
        if not application.call.requires_signoff:
            raise ValidationError(
                _("Denne utlysningen krever ikke bekreftelse. Du kan sende søknaden selv."),
                code="no_signoff",
            )
        _require_sendable(application, now=now)
        administrators = list(
            Membership.objects.filter(
                organisation_id=application.organisation_id,
                role=Membership.Role.ADMIN,
                user__is_active=True,
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
        if not administrators:
            raise ValidationError(
                _(
                    "Organisasjonen har ingen aktiv administrator som kan bekrefte søknaden. "
                    "Be %(funder)s om hjelp."
                )
                % {"funder": settings.FUNDING_ORGANISATION_NAME},
                code="no_administrator",
            )
        application.signoff_requested_at = now
        application.signoff_requested_by = by
        application.save(
            update_fields=["signoff_requested_at", "signoff_requested_by", "updated_at"]
        )
    email_later(
        subject=_("Bekreft og send %(title)s") % {"title": application.title},
        body=render_to_string(
            "applications/email/signoff_request.txt",
            {
                "application": application,
                "by": by,
                "link": _page_link(application, summary_link, "applications:summary"),
            },
        ),
        to=sorted(set(administrators)),
    )
    return application


def _organisation_recipients(application: Application, by) -> list[str]:
    """Everyone who acts for the organisation and can sign in: administrators, editors and
    readers alike. Readers see the application and its receipt in Utlysning too, and are often
    the manager who must know that it went in or was withdrawn; leaving them out would keep the
    people furthest from the form the least informed."""
    members = Membership.objects.filter(
        organisation=application.organisation, user__is_active=True
    ).select_related("user")
    recipients = {m.user.email for m in members if m.user.email}
    if by.email:
        recipients.add(by.email)
    return sorted(recipients)


def _mail_organisation(
    application: Application, by, *, subject: str, template: str, link: str
) -> None:
    """E-mail the organisation's people about the application; ``subject`` takes its
    reference and title."""
    recipients = _organisation_recipients(application, by)
    if not recipients:
        return
    email_later(
        subject=subject % {"reference": application.reference, "title": application.title},
        body=render_to_string(template, {"application": application, "by": by, "link": link}),
        to=recipients,
    )


def _page_link(application: Application, make_link, url_name: str) -> str:
    """The full address from ``make_link`` when the caller has one, else the page's path."""
    if make_link:
        return make_link(application)
    return reverse(url_name, kwargs={"pk": application.pk})


def _send_receipt(application: Application, by, receipt_link) -> None:
    _mail_organisation(
        application,
        by,
        subject=_("Kvittering for %(reference)s: %(title)s"),
        template="applications/email/receipt.txt",
        link=_page_link(application, receipt_link, "applications:receipt"),
    )


def _send_withdrawal_notice(application: Application, by, summary_link) -> None:
    _mail_organisation(
        application,
        by,
        subject=_("Trukket: %(reference)s: %(title)s"),
        template="applications/email/withdrawn.txt",
        link=_page_link(application, summary_link, "applications:summary"),
    )


def application_withdraw(
    *,
    application: Application,
    by,
    now=None,
    summary_link: Callable[[Application], str] | None = None,
) -> Application:
    """Take a sent application back before the deadline; the organisation's people are told.

    `summary_link` gives the full address of the application's summary page for the e-mail.
    """
    with transaction.atomic():
        application = lock_application(application)
        membership_require_role(user=by, organisation_id=application.organisation_id)
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
        # Sent again, it needs a new sign-off: what was confirmed may change before then.
        application.signoff_requested_at = None
        application.signoff_requested_by = None
        application.full_clean()
        application.save()
    _send_withdrawal_notice(application, by, summary_link)
    return application


def application_from_sketch(*, sketch: Application, by, now=None) -> Application:
    """Turn an invited sketch into a full application on the linked call, pre-filled."""
    now = now or timezone.now()
    with transaction.atomic():
        sketch = lock_application(sketch)
        membership_require_role(user=by, organisation_id=sketch.organisation_id)
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
        for attachment in sketch.attachments.all():
            _copy_attachment(attachment, application)
    return application


def _copy_attachment(attachment: Attachment, application: Application) -> None:
    """A copy of the file of its own, so the sketch keeps what it was sent with whatever the
    full application later removes."""
    copy = Attachment(
        application=application,
        name=attachment.name,
        content_type=attachment.content_type,
        size=attachment.size,
        uploaded_by=attachment.uploaded_by,
    )
    with attachment.file.open("rb") as source:
        copy.file.save(attachment.name, File(source), save=False)
    copy.save()
