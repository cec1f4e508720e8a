"""Reads that applicant pages share: who may act for which organisation, what is left to do."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from calls.formatting import format_kroner

from . import hooks
from .models import Application, Attachment, CostLine, Membership, Organisation, Partner

SESSION_ORGANISATION_KEY = "utlysning_organisation"
EDIT_ROLES = (Membership.Role.ADMIN, Membership.Role.EDITOR)

SECTIONS = ("project", "partners", "budget", "attachments")
SECTION_TITLES = {
    "project": _("Prosjekt"),
    "partners": _("Partnere"),
    "budget": _("Budsjett"),
    "attachments": _("Vedlegg"),
}
NOT_STARTED, IN_PROGRESS, COMPLETE = "not_started", "in_progress", "complete"
SECTION_STATUS_LABELS = {
    NOT_STARTED: _("Ikke påbegynt"),
    IN_PROGRESS: _("Påbegynt"),
    COMPLETE: _("Fullført"),
}


def memberships_for(*, user) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("organisation")


def membership_get(*, user, organisation: Organisation | int) -> Membership | None:
    if not user.is_authenticated:
        return None
    organisation_id = getattr(organisation, "pk", organisation)
    return (
        Membership.objects.filter(user=user, organisation_id=organisation_id)
        .select_related("organisation")
        .first()
    )


def _memberships_with_others(*, user) -> QuerySet[Membership]:
    """The person's memberships, each counting the other members and other administrators."""
    others = ~Q(organisation__memberships__user=user)
    return memberships_for(user=user).annotate(
        other_members=Count("organisation__memberships", filter=others),
        other_admins=Count(
            "organisation__memberships",
            filter=others & Q(organisation__memberships__role=Membership.Role.ADMIN),
        ),
    )


def organisations_to_hand_over(*, user) -> list[Organisation]:
    """Organisations where the person is the only administrator but not the only member."""
    return [
        m.organisation
        for m in _memberships_with_others(user=user).filter(role=Membership.Role.ADMIN)
        if m.other_members and not m.other_admins
    ]


def organisations_left_alone(*, user) -> list[Organisation]:
    """Organisations that would have no people left if this person went."""
    return [m.organisation for m in _memberships_with_others(user=user) if not m.other_members]


def active_membership(request) -> Membership | None:
    """The organisation the person acts for now, re-checked against Membership on every request."""
    chosen = request.session.get(SESSION_ORGANISATION_KEY)
    if chosen is not None:
        membership = membership_get(user=request.user, organisation=chosen)
        if membership is not None:
            return membership
        request.session.pop(SESSION_ORGANISATION_KEY, None)
    memberships = list(memberships_for(user=request.user)[:2])
    if len(memberships) == 1:
        return memberships[0]
    return None


def application_for(*, user, pk: int, edit: bool = False) -> tuple[Application, Membership]:
    """The application if the person acts for its organisation; 404 otherwise, 403 to edit."""
    application = (
        Application.objects.select_related("call__scheme", "organisation", "last_saved_by")
        .filter(pk=pk)
        .first()
    )
    if application is None or not user.is_authenticated:
        raise Http404
    membership = membership_get(user=user, organisation=application.organisation_id)
    if membership is None:
        raise Http404
    if edit and membership.role not in EDIT_ROLES:
        raise PermissionDenied
    return application, membership


def adviser_may_read(*, user, pk: int) -> bool:
    """Staff read what has been sent, never drafts, and only as the rules registered in
    ``hooks.staff_readers`` allow (the app that runs the assessment registers who reads what).

    Staff need two-factor authentication here as in the admin, where this is linked from.
    """
    if not (user.is_authenticated and user.is_staff):
        return False
    if getattr(settings, "UTLYSNING_STAFF_MFA_REQUIRED", True) and not is_mfa_enabled(
        user, [Authenticator.Type.TOTP]
    ):
        return False
    sent = Application.objects.filter(pk=pk).exclude(status=Application.Status.DRAFT)
    return hooks.staff_may_read(user=user, applications=sent)


def applications_for_organisation(*, organisation: Organisation) -> QuerySet[Application]:
    return (
        Application.objects.filter(organisation=organisation)
        .select_related("call__scheme", "sketch")
        .order_by("-created_at")
    )


def application_with_everything(*, pk: int) -> Application:
    return (
        Application.objects.select_related(
            "call__scheme", "organisation__county", "last_saved_by", "sketch"
        )
        .prefetch_related(
            Prefetch("partners", queryset=Partner.objects.select_related("municipality")),
            Prefetch("cost_lines", queryset=CostLine.objects.order_by("year")),
            Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by")),
        )
        .get(pk=pk)
    )


def _problem_url(application: Application, section: str, field: str) -> str:
    base = reverse(f"applications:{section}", kwargs={"pk": application.pk})
    return f"{base}#{field}" if field else base


@dataclass(frozen=True)
class LinkedProblem:
    section: str
    field: str
    message: str
    url: str


def budget_totals(application: Application) -> dict:
    lines = list(application.cost_lines.all())
    return {
        "personnel": sum(line.personnel for line in lines),
        "purchased_services": sum(line.purchased_services for line in lines),
        "equipment": sum(line.equipment for line in lines),
        "other": sum(line.other for line in lines),
        "costs": sum(line.total for line in lines),
        "financing": application.financing_total,
    }


def has_district_firm(application: Application) -> bool:
    return any(
        partner.role == Partner.Role.PARTICIPATING_FIRM
        and partner.municipality is not None
        and partner.municipality.in_district_policy_area
        for partner in application.partners.all()
    )


def _project_problems(application: Application) -> list[tuple[str, str]]:
    required = [
        ("title", _("Skriv en prosjekttittel.")),
        ("summary", _("Skriv et sammendrag.")),
        ("description", _("Beskriv prosjektet.")),
        ("project_start", _("Oppgi når prosjektet starter.")),
        ("project_end", _("Oppgi når prosjektet slutter.")),
        ("target_group", _("Beskriv målgruppen og kompetansebehovet.")),
        ("planned_offer", _("Beskriv det planlagte tilbudet.")),
        ("expected_participants", _("Oppgi forventet antall deltakere.")),
    ]
    problems = [
        (f"id_{name}", str(message))
        for name, message in required
        if getattr(application, name) in (None, "")
    ]
    if len(application.summary or "") > 1000:
        problems.append(("id_summary", str(_("Sammendraget kan ha høyst 1 000 tegn."))))
    return problems


def _partner_problems(application: Application) -> list[tuple[str, str]]:
    roles = {partner.role for partner in application.partners.all()}
    problems = []
    if Partner.Role.EDUCATION_PROVIDER not in roles:
        problems.append(
            ("id_name", str(_("Legg til minst én utdanningsinstitusjon som utdanningsleverandør.")))
        )
    if Partner.Role.PARTICIPATING_FIRM not in roles:
        problems.append(("id_name", str(_("Legg til minst én deltakende bedrift."))))
    return problems


def _budget_problems(application: Application) -> list[tuple[str, str]]:
    totals = budget_totals(application)
    call = application.call
    problems = []
    if totals["costs"] <= 0:
        problems.append(("id_costs-0-personnel", str(_("Fyll inn kostnadsplanen."))))
    if application.requested_amount <= 0:
        problems.append(("id_requested_amount", str(_("Oppgi hvor mye dere søker om."))))
    if application.requested_amount > call.max_amount_per_project:
        problems.append(
            (
                "id_requested_amount",
                str(_("Dere kan søke om høyst %(max)s i denne utlysningen."))
                % {"max": format_kroner(call.max_amount_per_project)},
            )
        )
    if totals["costs"] != totals["financing"]:
        problems.append(
            (
                "id_requested_amount",
                str(
                    _("Finansieringsplanen (%(financing)s) må være lik kostnadsplanen (%(costs)s).")
                )
                % {
                    "financing": format_kroner(totals["financing"]),
                    "costs": format_kroner(totals["costs"]),
                },
            )
        )
    minimum = call.min_own_contribution_percent
    if (
        minimum
        and totals["costs"] > 0
        and application.own_contribution * 100 < (minimum * totals["costs"])
    ):
        problems.append(
            (
                "id_own_contribution",
                str(
                    _(
                        "Egenfinansieringen må være minst %(percent)s %% av kostnadene, "
                        "det vil si minst %(amount)s."
                    )
                )
                % {
                    "percent": minimum,
                    "amount": format_kroner(-(-minimum * totals["costs"] // 100)),
                },
            )
        )
    return problems


def _attachment_problems(application: Application) -> list[tuple[str, str]]:
    if not application.attachments.all():
        return [("id_file", str(_("Last opp minst ett vedlegg, for eksempel prosjektplanen.")))]
    return []


_CHECKS = {
    "project": _project_problems,
    "partners": _partner_problems,
    "budget": _budget_problems,
    "attachments": _attachment_problems,
}


def application_problems(application: Application) -> list[LinkedProblem]:
    """Everything that stops the application from being sent, each linking to its field."""
    problems = []
    for section, check in _CHECKS.items():
        for field, message in check(application):
            problems.append(
                LinkedProblem(section, field, message, _problem_url(application, section, field))
            )
    return problems


def _section_started(application: Application, section: str) -> bool:
    if section == "project":
        return application.section_version("project") > 0 or bool(application.title)
    if section == "partners":
        return bool(application.partners.all())
    if section == "budget":
        return bool(application.cost_lines.all()) or application.financing_total > 0
    return bool(application.attachments.all())


def section_statuses(application: Application) -> list[dict]:
    """The task list: each section with its status (Ikke påbegynt / Påbegynt / Fullført)."""
    rows = []
    for section in SECTIONS:
        if not _section_started(application, section):
            status = NOT_STARTED
        elif _CHECKS[section](application):
            status = IN_PROGRESS
        else:
            status = COMPLETE
        rows.append(
            {
                "key": section,
                "title": SECTION_TITLES[section],
                "status": status,
                "status_label": SECTION_STATUS_LABELS[status],
                "url": reverse(f"applications:{section}", kwargs={"pk": application.pk}),
            }
        )
    return rows


def user_data_export(*, user) -> dict:
    """Everything stored about a person, for download as JSON."""
    from allauth.account.models import EmailAddress

    return {
        "user": {
            "username": user.username,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user)
        ],
        "memberships": [
            {
                "organisation": m.organisation.name,
                "orgnr": m.organisation.orgnr,
                "role": m.role,
                "since": m.created_at.isoformat(),
            }
            for m in memberships_for(user=user)
        ],
        "access_requests": [
            {
                "organisation": r.organisation.name,
                "status": r.status,
                "created_at": r.created_at.isoformat(),
            }
            for r in user.access_requests.select_related("organisation")
        ],
        "applications_created": [
            {
                "reference": a.reference,
                "title": a.title,
                "organisation": a.organisation.name,
                "status": a.applicant_status,
            }
            for a in Application.objects.filter(created_by=user).select_related("organisation")
        ],
    }
