"""What Enhetsregisteret says about each organisation, recorded on it, and checked again by the
clock.

An organisation registered while the register did not answer is unverified; the scheduled job
``organisation_register_recheck`` (``calls/schedule.py``) asks again every hour, and asks about
verified ones once a month, so advisers see a name change, a deletion or a bankruptcy. What
changed at the last check is kept as a short text on the organisation (and in its history).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.schedule import ScheduledJob, register

from .enhetsregisteret import RegisterEntry, RegisterStatus, entity_lookup
from .models import Organisation

RECHECK_VERIFIED_AFTER = dt.timedelta(days=30)
RECHECK_BATCH = 100

REGISTER_FIELDS = {
    "register_status": lambda e: e.status,
    "register_name": lambda e: e.name,
    "register_form": lambda e: " ".join(filter(None, [e.form_code, e.form_name]))[:120],
    "register_address": lambda e: e.address,
    "register_municipality_number": lambda e: e.municipality_number,
    "register_nace": lambda e: " ".join(filter(None, [e.nace_code, e.nace_name]))[:220],
}


def register_values(entry: RegisterEntry) -> dict:
    """The organisation's register fields for an answer the register gave."""
    if not entry.answered:
        return {"register_status": RegisterStatus.UNAVAILABLE}
    return {name: value(entry) for name, value in REGISTER_FIELDS.items()}


def _describe_changes(organisation: Organisation, values: dict) -> str:
    if not organisation.register_checked_at or not organisation.register_status:
        return ""
    labels = {name: Organisation._meta.get_field(name).verbose_name for name in REGISTER_FIELDS}
    changes = []
    for name, new in values.items():
        old = getattr(organisation, name)
        if name == "register_status":
            old = organisation.get_register_status_display() if old else "—"
            new = RegisterStatus(new).label
        if str(old) != str(new):
            changes.append(f"{labels[name]}: {old or '—'} → {new or '—'}")
    return "; ".join(changes)


def organisation_record_register(
    *, organisation: Organisation, entry: RegisterEntry, now: dt.datetime | None = None
) -> Organisation:
    """Store what the register said; an unanswered look-up keeps what was known before."""
    now = now or timezone.now()
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        values = register_values(entry)
        if not entry.answered and organisation.register_status not in (
            "",
            RegisterStatus.UNAVAILABLE,
        ):
            # A verified organisation stays as it was when the register is down for a while.
            return organisation
        changes = _describe_changes(organisation, values)
        for name, value in values.items():
            setattr(organisation, name, value)
        organisation.register_checked_at = now if entry.answered else None
        if changes:
            organisation.register_changes = changes
        organisation._change_reason = _("Sjekket i Enhetsregisteret")
        organisation.save(
            update_fields=[*values, "register_checked_at", "register_changes"],
        )
    return organisation


def organisations_to_recheck(*, now: dt.datetime):
    return Organisation.objects.filter(
        Q(register_status__in=["", RegisterStatus.UNAVAILABLE])
        | Q(register_checked_at__lt=now - RECHECK_VERIFIED_AFTER)
    ).order_by("register_checked_at", "pk")[:RECHECK_BATCH]


def organisation_register_recheck(*, now: dt.datetime | None = None) -> str:
    """Ask the register again about unverified organisations and those checked long ago."""
    now = now or timezone.now()
    checked = changed = unanswered = 0
    for organisation in organisations_to_recheck(now=now):
        entry = entity_lookup(organisation.orgnr, use_cache=False)
        if not entry.answered:
            # The register is down (or broken): the rest wait for the next run.
            unanswered += 1
            if organisation.register_status == "":
                organisation_record_register(organisation=organisation, entry=entry, now=now)
            break
        before = organisation.register_changes
        recorded = organisation_record_register(organisation=organisation, entry=entry, now=now)
        checked += 1
        changed += recorded.register_changes != before
    return f"{checked} checked, {changed} changed, {unanswered} unanswered"


def register_jobs() -> None:
    register(
        ScheduledJob(
            name="organisation_register_recheck",
            every=dt.timedelta(hours=1),
            run=organisation_register_recheck,
            description="Look unverified organisations up in Enhetsregisteret again, and "
            "verified ones after a month",
        )
    )
