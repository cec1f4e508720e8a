"""Reads that applicant pages share: one application for the person asking, budgets, partners."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Now
from django.http import Http404
from django.utils import timezone

from calls.inline_rows import Inline, with_inline_rows
from calls.models import Municipality
from calls.selectors import district_policy_zones_on

from .. import hooks
from ..people.models import Membership, Organisation
from ..people.permissions import membership_can_edit
from ..people.selectors import membership_get
from .models import Application, Attachment, CorrectionRequest, CostLine, Partner


def application_for(
    *, user, pk: int, edit: bool = False, everything: bool = False
) -> tuple[Application, Membership]:
    """The application if the person acts for its organisation; 404 otherwise, 403 to edit.

    With ``everything`` it comes with all its screens show (``application_with_everything``),
    so a screen that only shows it reads it once."""
    queryset = (
        _with_everything(Application.objects)
        if everything
        else Application.objects.select_related("call__scheme", "organisation", "last_saved_by")
    )
    application = queryset.filter(pk=pk).first()
    if application is None or not user.is_authenticated:
        raise Http404
    membership = membership_get(user=user, organisation=application.organisation_id)
    if membership is None:
        raise Http404
    if edit and not membership_can_edit(membership):
        raise PermissionDenied
    return application, membership


def application_readable_by_staff(*, user, pk: int) -> bool:
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


# What /my/ shows of an application and its call (the status words need the announced fields).
DASHBOARD_FIELDS = (
    "pk",
    "title",
    "reference",
    "status",
    "outcome_announced_at",
    "announced_status",
    "organisation_id",
    "sketch_id",
    "created_at",
    "submitted_at",
    "call__title",
    "call__slug",
    "call__stage",
    "call__opens_at",
    "call__closes_at",
)


def applications_for_organisation(*, organisation: Organisation) -> QuerySet[Application]:
    """The organisation's applications for /my/, newest first, with only the columns it shows:
    an application with its call is sixty columns, and Django's compiler matches the ordering
    against every selected column."""
    return (
        Application.objects.filter(organisation=organisation)
        .select_related("call")
        .only(*DASHBOARD_FIELDS)
        .annotate(
            # The date of an open request for more information, shown beside the status.
            correction_until=Subquery(
                CorrectionRequest.objects.filter(
                    application=OuterRef("pk"),
                    answered_at__isnull=True,
                    closed_at__isnull=True,
                    open_until__gt=Now(),
                ).values("open_until")[:1]
            )
        )
        .order_by("-created_at")
    )


def application_with_everything(*, pk: int) -> Application:
    return _with_everything(Application.objects).get(pk=pk)


def _with_everything(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """An application with its call, organisation, people, partners, budget, attachments and
    indicator targets: everything its screens show."""
    return with_summary_parts(
        queryset.select_related(
            "call__scheme",
            "organisation__county",
            "last_saved_by",
            "sketch",
            "submitted_by",
            "signoff_requested_by",
        ).prefetch_related("call__indicators")
    )


def with_summary_parts(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """``queryset`` with what ``applications/includes/application_summary.html`` shows of an
    application's parts, read in the same query: partners with their municipality, cost lines
    by year, attachments with who uploaded them, indicator targets with their indicator."""
    return with_inline_rows(
        queryset,
        Inline("partners", related=("municipality",)),
        Inline("cost_lines", queryset=CostLine.objects.order_by("year")),
        Inline("attachments", related=("uploaded_by",)),
        Inline("indicator_targets", related=("indicator",)),
    )


def application_budget_totals(*, application: Application) -> dict:
    """The cost plan summed per kind of cost, and the financing plan's total."""
    lines = list(application.cost_lines.all())
    return {
        "personnel": sum(line.personnel for line in lines),
        "purchased_services": sum(line.purchased_services for line in lines),
        "equipment": sum(line.equipment for line in lines),
        "other": sum(line.other for line in lines),
        "costs": sum(line.total for line in lines),
        "financing": application.financing_total,
    }


def application_has_district_firm(*, application: Application) -> bool:
    """Whether a participating firm lies in a municipality in the district-policy area.

    The zones are those valid on the call's deadline (a municipality chosen from another
    day's list keeps its own row's zone when no row of its number is valid then).
    """
    places = [
        partner.municipality
        for partner in application.partners.all()
        if partner.role == Partner.Role.PARTICIPATING_FIRM and partner.municipality is not None
    ]
    if not places:
        return False
    zones = district_policy_zones_on(
        day=application.call.deadline_day, numbers={place.number for place in places}
    )
    return any(
        zones.get(place.number, place.district_policy_zone) != Municipality.Zone.I
        for place in places
    )


def applications_created_export(*, user) -> list[dict]:
    """The applications a person started, for their data export."""
    return [
        {
            "reference": a.reference,
            "title": a.title,
            "organisation": a.organisation.name,
            "status": a.applicant_status,
        }
        for a in Application.objects.filter(created_by=user).select_related("organisation")
    ]


def attachments_uploaded_export(*, user) -> list[dict]:
    """The files a person uploaded (name, size, when, to which application), for their export."""
    return [
        {
            "name": a.name,
            "content_type": a.content_type,
            "size": a.size,
            "uploaded_at": a.uploaded_at.isoformat(),
            "application": a.application.reference or a.application.title,
        }
        for a in Attachment.objects.filter(uploaded_by=user).select_related("application")
    ]


def open_correction(application: Application, now=None) -> CorrectionRequest | None:
    """The request whose sections are open for the organisation now, if any."""
    now = now or timezone.now()
    return (
        CorrectionRequest.objects.filter(
            application=application,
            answered_at__isnull=True,
            closed_at__isnull=True,
            open_until__gt=now,
        )
        .select_related("requested_by")
        .first()
    )


def section_is_open(application: Application, section: str, now=None) -> bool:
    """Whether the organisation may change this section now: a draft, or a section reopened."""
    if application.is_editable:
        return True
    if application.status not in Application.CORRECTABLE_STATUSES:
        return False
    request = open_correction(application, now)
    return request is not None and section in request.sections
