"""Reads about reports that pages share: the report for a member, its indicators and figures
against the targets, the version an adviser sent back, and what is overdue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Sum

from applications.applying.targets import targets_for
from calls.reporting import OutcomeIndicator

from .models import Report, ReportFigure


def report_for_member(*, user, pk: int) -> Report | None:
    """The report if the person acts for its grant's organisation (any role), else None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Report.objects.select_related(
            "grant__award__application__organisation", "grant__award__application__call"
        )
        .filter(pk=pk, grant__award__application__organisation__memberships__user=user)
        .first()
    )


def report_indicators(*, report: Report) -> list[OutcomeIndicator]:
    return list(OutcomeIndicator.objects.filter(call_id=report.grant.award.application.call_id))


def report_figures(*, report: Report) -> dict[int, int]:
    """Actual figure per indicator id."""
    return dict(ReportFigure.objects.filter(report=report).values_list("indicator_id", "actual"))


@dataclass(frozen=True)
class Row:
    indicator: OutcomeIndicator
    target: int | None
    actual: int | None


def report_rows(*, report: Report) -> list[Row]:
    """Each indicator with the application's target and the report's figure."""
    targets = targets_for(application=report.grant.award.application)
    figures = report_figures(report=report)
    return [
        Row(indicator, targets.get(indicator.pk), figures.get(indicator.pk))
        for indicator in report_indicators(report=report)
    ]


def report_snapshot(*, report: Report) -> dict:
    """The report as it stands, as plain data (kept when an adviser sends it back)."""
    return {
        "version": report.version,
        "submitted_at": report.submitted_at.isoformat() if report.submitted_at else None,
        "status_text": report.status_text,
        "learned": report.learned,
        "figures": [
            {
                "code": row.indicator.code,
                "name": row.indicator.name,
                "target": row.target,
                "actual": row.actual,
            }
            for row in report_rows(report=report)
        ],
        "attachments": list(report.attachments.values_list("name", flat=True)),
    }


def reports_overdue(*, today: dt.date):
    """Reports past their due date that have not been sent (drafts and reports sent back)."""
    return (
        Report.objects.filter(status__in=Report.EDITABLE, due_on__lt=today)
        .select_related("grant__award__application__organisation")
        .order_by("due_on", "pk")
    )


def outcome_totals(*, by: str) -> list[dict]:
    """Reported figures of approved final reports summed per indicator name and ``by``
    ("year": the year of the call's deadline; "call": the call's title)."""
    field = {
        "year": "report__grant__award__application__call__closes_at__year",
        "call": "report__grant__award__application__call__title",
    }[by]
    return list(
        ReportFigure.objects.filter(
            report__status=Report.Status.APPROVED,
            report__kind=Report.Kind.FINAL,
            report__grant__award__is_published=True,
        )
        .values(group=F(field), name=F("indicator__name"))
        .annotate(total=Sum("actual"))
        .order_by("-group" if by == "year" else "group", "name")
    )


@dataclass(frozen=True)
class PublicFollowUp:
    """What the award's public page shows of the follow-up."""

    state: str  # "offered", "in_progress", "completed" or "not_carried_out"
    report: Report | None  # the latest approved report (final before progress)
    rows: list[Row]


PUBLIC_STATES = {
    "offered": "offered",
    "accepted": "in_progress",
    "in_progress": "in_progress",
    "final_report": "in_progress",
    "closed": "completed",
    "declined": "not_carried_out",
    "lapsed": "not_carried_out",
    "cancelled": "not_carried_out",
}


def public_follow_up(*, award) -> PublicFollowUp | None:
    """The grant's public state and, once a report is approved, its outcomes (None without a
    grant). An approved final report counts as completed even before the last payout."""
    grant = getattr(award, "grant", None)
    if grant is None:
        return None
    approved = sorted(
        Report.objects.filter(grant=grant, status=Report.Status.APPROVED),
        key=lambda r: (r.kind == Report.Kind.FINAL, r.approved_at),
        reverse=True,
    )
    report = approved[0] if approved else None
    state = PUBLIC_STATES.get(grant.state, "in_progress")
    if report is not None and report.kind == Report.Kind.FINAL and state == "in_progress":
        state = "completed"
    rows = report_rows(report=report) if report else []
    return PublicFollowUp(state=state, report=report, rows=rows)
