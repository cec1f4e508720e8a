"""What a report still lacks, section by section, and who may read or write it: shared by the
task list, the summary page and the services."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from applications.models import Membership
from applications.people.permissions import EDIT_ROLES

from .models import Report

SECTIONS = ("status", "figures", "learned", "attachments")
SECTION_TITLES = {
    "status": _("Status i prosjektet"),
    "figures": _("Resultater"),
    "learned": _("Hva dere har lært"),
    "attachments": _("Vedlegg"),
}
NOT_STARTED, IN_PROGRESS, COMPLETE, OPTIONAL = "not_started", "in_progress", "complete", "optional"
SECTION_STATUS_LABELS = {
    NOT_STARTED: _("Ikke påbegynt"),
    IN_PROGRESS: _("Påbegynt"),
    COMPLETE: _("Fullført"),
    OPTIONAL: _("Valgfritt"),
}


@dataclass(frozen=True)
class Problem:
    """Something that stops the report from being sent; ``field`` names the form field."""

    section: str
    field: str
    message: str


@dataclass(frozen=True)
class SectionStatus:
    key: str
    title: str
    status: str
    status_label: str


def _membership(*, user, report: Report) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    organisation_id = report.grant.award.application.organisation_id
    return Membership.objects.filter(user=user, organisation_id=organisation_id).first()


def report_may_read(*, user, report: Report) -> bool:
    """Every member of the organisation reads its reports (readers included)."""
    return _membership(user=user, report=report) is not None


def report_may_write(*, user, report: Report) -> bool:
    """Administrators and editors write and send reports; readers only read."""
    membership = _membership(user=user, report=report)
    return membership is not None and membership.role in EDIT_ROLES


def indicator_field(indicator) -> str:
    return f"indicator_{indicator.pk}"


def report_problems(*, report: Report, indicators, figures: dict[int, int]) -> list[Problem]:
    """Every problem left, in the order of the sections."""
    problems = []
    if not report.status_text.strip():
        problems.append(Problem("status", "status_text", str(_("Skriv status i prosjektet."))))
    for indicator in indicators:
        if indicator.pk not in figures:
            problems.append(
                Problem(
                    "figures",
                    indicator_field(indicator),
                    str(_("Oppgi oppnådd tall for «%(name)s».") % {"name": indicator.name}),
                )
            )
    if not report.learned.strip():
        problems.append(Problem("learned", "learned", str(_("Skriv hva dere har lært."))))
    return problems


def section_statuses(
    *, report: Report, indicators, figures: dict[int, int], attachment_count: int
) -> list[SectionStatus]:
    problems = report_problems(report=report, indicators=indicators, figures=figures)
    open_sections = {problem.section for problem in problems}
    started = {
        "status": bool(report.status_text.strip()),
        "figures": bool(figures),
        "learned": bool(report.learned.strip()),
    }
    statuses = []
    for key in SECTIONS:
        if key == "attachments":
            status = COMPLETE if attachment_count else OPTIONAL
        elif key not in open_sections:
            status = COMPLETE
        else:
            status = IN_PROGRESS if started[key] else NOT_STARTED
        statuses.append(
            SectionStatus(key, str(SECTION_TITLES[key]), status, str(SECTION_STATUS_LABELS[status]))
        )
    return statuses
