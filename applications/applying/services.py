"""Every change an applicant makes to a draft: starting it, its sections, partners, budget and
attachments. Sending and withdrawing are in ``submission.py``."""

from __future__ import annotations

import logging
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.formatting import person_name
from calls.models import Call, Municipality

from ..files import check_upload, sanitise_filename
from ..orgnr import validate_orgnr
from ..people.enhetsregisteret import entity_lookup
from ..people.models import Organisation
from ..people.permissions import membership_require_role
from .models import Application, Attachment, CostLine, Partner
from .selectors import open_correction, section_is_open, with_summary_parts
from .storage import STORAGE_ERRORS
from .targets import targets_save

logger = logging.getLogger(__name__)

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


class EditConflict(ValidationError):
    """Someone else saved the section since the form was opened."""

    def __init__(self, message, *, application: Application, section: str):
        super().__init__(message, code="conflict")
        self.application = application
        self.section = section


def lock_application(application: Application, *, with_parts: bool = False) -> Application:
    """The application's row, locked for this transaction, with its call and organisation (and
    with ``with_parts`` its partners, budget, attachments and targets, read in the same query)."""
    queryset = Application.objects.select_for_update(of=("self",)).select_related(
        "call__scheme", "organisation"
    )
    if with_parts:
        queryset = with_summary_parts(queryset)
    return queryset.get(pk=application.pk)


def _require_editable(application: Application, section: str) -> None:
    """A draft, or a section an adviser reopened (``corrections``) and still open."""
    if not section_is_open(application, section):
        raise ValidationError(
            _("Søknaden er sendt og kan ikke endres. Trekk den tilbake før fristen for å endre."),
            code="read_only",
        )


def _check_version(application: Application, section: str, version: int | None) -> None:
    if version is None or int(version) != application.section_version(section):
        who = person_name(application.last_saved_by) or _("en annen")
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


def application_start_refusal(*, call: Call, now=None) -> ValidationError | None:
    """Why no one can start an application on the call now (closed, or for the invited only),
    or None. The start page shows it instead of a button that would refuse."""
    now = now or timezone.now()
    if not call.is_published or call.status_at(now) != Call.Status.OPEN:
        return ValidationError(
            _("Utlysningen er ikke åpen, så du kan ikke starte en søknad nå."), code="closed"
        )
    if call.sketch_call_id:
        return ValidationError(
            _(
                "Denne utlysningen er for inviterte. Start søknaden fra den inviterte "
                "prosjektskissen på Mine sider."
            ),
            code="invited_only",
        )
    return None


def application_start(*, call: Call, organisation: Organisation, by, now=None) -> Application:
    """Start a draft; one per organisation and call unless the call allows more."""
    now = now or timezone.now()
    with transaction.atomic():
        membership_require_role(user=by, organisation_id=organisation.pk)
        call = Call.objects.select_for_update().get(pk=call.pk)
        refusal = application_start_refusal(call=call, now=now)
        if refusal is not None:
            raise refusal
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


def application_save_project(
    *, application: Application, version, values: dict, by, targets: dict | None = None
):
    """Save the project section; ``targets`` is the target per indicator id (calls that define
    outcome indicators ask for them here)."""
    with transaction.atomic():
        application = lock_application(application)
        membership_require_role(user=by, organisation_id=application.organisation_id)
        _require_editable(application, "project")
        _check_version(application, "project", version)
        for name in PROJECT_FIELDS:
            setattr(application, name, values.get(name))
        for name in ("title", "summary", "description", "target_group", "planned_offer"):
            setattr(application, name, (getattr(application, name) or "").strip())
        _mark_saved(application, "project", by)
        application.full_clean()
        application.save()
        if targets:
            targets_save(application=application, targets=targets)
    return application


def application_save_budget(
    *, application: Application, version, cost_lines: list[dict], financing: dict, by
):
    """Replace the cost plan and save the financing plan; rules are reported, not blocking."""
    with transaction.atomic():
        application = lock_application(application)
        membership_require_role(user=by, organisation_id=application.organisation_id)
        _require_editable(application, "budget")
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
    """Add a partner, or change one; a change based on an old version of the list is refused.

    A partner with an organisation number is looked up in Enhetsregisteret: deleted, bankrupt
    and unknown numbers are refused, and the municipality is the register's when it answers
    (the district-policy check then does not rest on what was chosen by hand).
    """
    values = dict(values)
    entry = entity_lookup(validate_orgnr(values["orgnr"])) if values.get("orgnr") else None
    if entry is not None and entry.refusal:
        raise ValidationError({"orgnr": entry.refusal}, code=entry.status)
    if entry is not None and entry.municipality_number:
        registered = (
            Municipality.objects.valid_on(application.call.deadline_day)
            .filter(number=entry.municipality_number)
            .first()
        )
        if registered is not None:
            values["municipality"] = registered
    with transaction.atomic():
        application = lock_application(application)
        membership_require_role(user=by, organisation_id=application.organisation_id)
        _require_editable(application, "partners")
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
        partner.register_status = entry.status if entry is not None else ""
        _refuse_duplicate_partner(application, partner)
        partner.full_clean()
        partner.save()
        _mark_saved(application, "partners", by)
        application.save(update_fields=["section_versions", "last_saved_at", "last_saved_by"])
    return partner


def _refuse_duplicate_partner(application: Application, partner: Partner) -> None:
    others = application.partners.exclude(pk=partner.pk)
    if partner.orgnr and others.filter(orgnr=partner.orgnr).exists():
        raise ValidationError(
            {
                "orgnr": _("En partner med organisasjonsnummer %(orgnr)s står allerede i listen.")
                % {"orgnr": partner.orgnr}
            },
            code="duplicate_partner",
        )
    if others.filter(name__iexact=partner.name).exists():
        raise ValidationError(
            {"name": _("%(name)s står allerede i listen over partnere.") % {"name": partner.name}},
            code="duplicate_partner",
        )


def partner_delete(*, partner: Partner, by) -> None:
    with transaction.atomic():
        application = lock_application(partner.application)
        membership_require_role(user=by, organisation_id=application.organisation_id)
        _require_editable(application, "partners")
        Partner.objects.filter(pk=partner.pk, application=application).delete()
        _mark_saved(application, "partners", by)
        application.save(update_fields=["section_versions", "last_saved_at", "last_saved_by"])


def _require_room_for(application: Application, *, size: int) -> None:
    """The call's limits on how many files an application has and how much they hold together."""
    call = application.call
    held = application.attachments.aggregate(count=Count("pk"), total=Sum("size"))
    if held["count"] >= call.max_attachments:
        raise ValidationError(
            _(
                "Søknaden har allerede %(count)s vedlegg, som er det meste utlysningen tillater. "
                "Slett et vedlegg før du laster opp et nytt."
            ),
            code="too_many",
            params={"count": held["count"]},
        )
    if (held["total"] or 0) + size > call.max_attachments_total_mb * 1024 * 1024:
        raise ValidationError(
            _(
                "Vedleggene kan til sammen være %(max)s MB, og denne filen ville gått over det. "
                "Slett et vedlegg eller gjør filen mindre."
            ),
            code="total_too_large",
            params={"max": call.max_attachments_total_mb},
        )


def attachment_add(*, application: Application, uploaded, by) -> Attachment:
    kind = check_upload(uploaded, max_mb=application.call.max_attachment_mb)
    with transaction.atomic():
        application = lock_application(application)
        membership_require_role(user=by, organisation_id=application.organisation_id)
        _require_editable(application, "attachments")
        _require_room_for(application, size=uploaded.size)
        name = sanitise_filename(uploaded.name, extension=kind.extension)
        attachment = Attachment(
            application=application,
            name=name,
            content_type=kind.content_type,
            size=uploaded.size,
            uploaded_by=by,
        )
        try:
            attachment.file.save(f"{secrets.token_hex(16)}.{kind.extension}", uploaded, save=False)
        except STORAGE_ERRORS:
            logger.exception("The private storage refused an attachment for %s", application.pk)
            raise ValidationError(
                _(
                    "Filen kunne ikke lagres fordi fillageret ikke svarer akkurat nå. "
                    "Prøv igjen om noen minutter."
                ),
                code="storage_unavailable",
            ) from None
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
        application = lock_application(attachment.application)
        membership_require_role(user=by, organisation_id=application.organisation_id)
        _require_editable(application, "attachments")
        correction = None if application.is_editable else open_correction(application)
        if correction is not None and attachment.uploaded_at < correction.requested_at:
            # What was sent stays as it was sent: a reopened section takes new files only.
            raise ValidationError(
                _(
                    "%(name)s ble sendt med søknaden og blir liggende. Last opp en ny versjon "
                    "i stedet."
                )
                % {"name": attachment.name},
                code="sent_attachment",
            )
        # The stored file is removed after the commit (applying/storage.py, on post_delete).
        Attachment.objects.filter(pk=attachment.pk, application=application).delete()
        _mark_saved(application, "attachments", by)
        application.save(update_fields=["section_versions", "last_saved_at", "last_saved_by"])
