"""Requests for more information after the deadline: an adviser reopens named sections of a sent
application for its organisation until a date; the organisation sends them in again.

Everything else about the deadline stays as strict as before: only the named sections open, only
until the date, and only for that application. The reference and the status stay; what the
sections held when asked is kept (``CorrectionRequest.before``, and the application's history),
and the adviser sees what changed, field by field.

The app that runs the assessment decides who may ask (its admin checks the adviser's access to
the case) and calls ``correction_request``; this module knows nothing of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.formatting import format_deadline, format_kroner, format_long_date
from calls.mail import email_later

from .. import hooks
from ..people.models import Membership
from ..people.permissions import membership_require_role
from .completeness import SECTION_TITLES, application_problems
from .models import Application, CorrectionRequest
from .selectors import open_correction, section_is_open  # noqa: F401 (the door's reads)
from .services import COST_FIELDS, FINANCING_FIELDS, PROJECT_FIELDS, lock_application

CORRECTABLE_STATUSES = Application.CORRECTABLE_STATUSES
REASON_MAX_LENGTH = 2000


def end_of_day(day: dt.date) -> dt.datetime:
    """The last moment of ``day`` in the site's time zone (Europe/Oslo)."""
    start_of_next = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(start_of_next) - dt.timedelta(microseconds=1)


# What the sections hold, as a person reads it: {section: {key: [label, value]}}.


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return format_long_date(value)
    return str(value)


def _label(name: str) -> str:
    return str(Application._meta.get_field(name).verbose_name).capitalize()


def _project(application: Application) -> dict:
    return {name: [_label(name), _text(getattr(application, name))] for name in PROJECT_FIELDS}


def _partners(application: Application) -> dict:
    rows = {}
    for partner in application.partners.select_related("municipality").order_by("pk"):
        place = str(partner.municipality) if partner.municipality_id else ""
        parts = [partner.name, partner.orgnr or "", partner.get_role_display(), place]
        rows[f"partner-{partner.pk}"] = [
            _("Partner: %(name)s") % {"name": partner.name},
            ", ".join(p for p in parts if p),
        ]
    return rows


def _budget(application: Application) -> dict:
    rows = {
        name: [_label(name), format_kroner(getattr(application, name) or 0)]
        for name in FINANCING_FIELDS
    }
    for line in application.cost_lines.order_by("year"):
        amounts = ", ".join(
            f"{str(line._meta.get_field(name).verbose_name)} {format_kroner(getattr(line, name))}"
            for name in COST_FIELDS
        )
        rows[f"costs-{line.year}"] = [_("Kostnader %(year)s") % {"year": line.year}, amounts]
    return rows


def _attachments(application: Application) -> dict:
    return {
        f"attachment-{a.pk}": [_("Vedlegg"), a.name] for a in application.attachments.order_by("pk")
    }


_SNAPSHOTS: dict[str, Callable[[Application], dict]] = {
    "project": _project,
    "partners": _partners,
    "budget": _budget,
    "attachments": _attachments,
}


def sections_snapshot(application: Application, sections) -> dict:
    return {section: _SNAPSHOTS[section](application) for section in sections}


@dataclass(frozen=True)
class Change:
    section: str
    label: str
    before: str
    after: str


def correction_changes(request: CorrectionRequest) -> list[Change]:
    """What the organisation changed in the reopened sections: one row per field that differs,
    an added row with nothing before it, a removed one with nothing after."""
    changes = []
    for section in request.sections:
        before = request.before.get(section, {})
        after = request.after.get(section, {})
        for key in [*before, *(k for k in after if k not in before)]:
            old = before.get(key, [None, ""])
            new = after.get(key, [None, ""])
            if old[1] != new[1]:
                changes.append(
                    Change(str(SECTION_TITLES[section]), new[0] or old[0], old[1], new[1])
                )
    return changes


def _members(application: Application) -> list[str]:
    return sorted(
        set(
            Membership.objects.filter(
                organisation_id=application.organisation_id, user__is_active=True
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def correction_request(
    *,
    application: Application,
    sections,
    reason: str,
    open_until: dt.date,
    by,
    now=None,
    task_list_link: Callable[[Application], str] | None = None,
) -> CorrectionRequest:
    """Reopen ``sections`` of a sent application for its organisation until the end of
    ``open_until``; the organisation's people get an e-mail with a link (not the reason: they
    read it after signing in, like a message)."""
    now = now or timezone.now()
    sections = [s for s in dict.fromkeys(sections or []) if s in CorrectionRequest.Section.values]
    reason = (reason or "").strip()
    errors = {}
    if not sections:
        errors["sections"] = _("Velg minst én del av søknaden som skal åpnes.")
    if not reason:
        errors["reason"] = _("Skriv hva som mangler eller må rettes. Søkeren ser dette.")
    elif len(reason) > REASON_MAX_LENGTH:
        errors["reason"] = _("Skriv kortere: høyst %(max)s tegn.") % {"max": REASON_MAX_LENGTH}
    if open_until is None or end_of_day(open_until) <= now:
        errors["open_until"] = _("Velg en dato etter i dag.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        application = lock_application(application)
        if application.status not in CORRECTABLE_STATUSES:
            raise ValidationError(
                _("Bare en sendt søknad som ikke er avgjort kan suppleres."), code="status"
            )
        pending = (
            CorrectionRequest.objects.select_for_update()
            .filter(application=application, answered_at__isnull=True, closed_at__isnull=True)
            .first()
        )
        if pending is not None:
            if pending.is_open(now):
                raise ValidationError(
                    _(
                        "Søkeren er allerede bedt om mer informasjon, med frist %(until)s. "
                        "Vent på svaret eller til fristen går ut."
                    )
                    % {"until": format_deadline(pending.open_until)},
                    code="pending",
                )
            pending.closed_at = now
            pending.save(update_fields=["closed_at"])
        request = CorrectionRequest.objects.create(
            application=application,
            sections=sections,
            reason=reason,
            open_until=end_of_day(open_until),
            requested_by=by,
            requested_at=now,
            before=sections_snapshot(application, sections),
        )
    recipients = _members(application)
    if recipients:
        link = (
            task_list_link(application)
            if task_list_link
            else reverse("applications:task_list", kwargs={"pk": application.pk})
        )
        email_later(
            subject=_("Mer informasjon trengs: %(reference)s")
            % {"reference": application.reference},
            body=render_to_string(
                "applications/email/correction_request.txt",
                {"application": application, "request": request, "link": link},
            ),
            to=recipients,
        )
    return request


def correction_submit(*, application: Application, by, now=None) -> CorrectionRequest:
    """Send the reopened sections in again before the request's date. The sections must be
    complete, as at the deadline; the application keeps its reference and status. After the
    commit the ``hooks.correction_answered`` callbacks are told (the assessment tells the
    adviser who asked)."""
    now = now or timezone.now()
    with transaction.atomic():
        application = lock_application(application)
        membership_require_role(user=by, organisation_id=application.organisation_id)
        request = (
            CorrectionRequest.objects.select_for_update()
            .filter(application=application, answered_at__isnull=True, closed_at__isnull=True)
            .first()
        )
        if request is None:
            raise ValidationError(
                _("Det er ingen åpen forespørsel om mer informasjon på denne søknaden."),
                code="none",
            )
        if now >= request.open_until:
            raise ValidationError(
                _(
                    "Fristen for å supplere gikk ut %(until)s. Det du lagret er ikke sendt inn; "
                    "kontakt kunderådgiveren."
                )
                % {"until": format_deadline(request.open_until)},
                code="deadline",
            )
        problems = [
            p
            for p in application_problems(application=application)
            if p.section in request.sections
        ]
        if problems:
            raise ValidationError([p.message for p in problems], code="incomplete")
        request.after = sections_snapshot(application, request.sections)
        request.answered_at = now
        request.answered_by = by
        request.save(update_fields=["after", "answered_at", "answered_by"])
    transaction.on_commit(lambda: hooks.correction_answered.call(request=request))
    return request
