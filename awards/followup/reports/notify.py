"""E-mail about a report: the case owner hears when it is sent, the organisation's
administrators and editors when it comes back. A link, never the report's text."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from applications.models import Membership
from calls.mail import email_later

from .models import Report


def _writers(report: Report) -> list[str]:
    rows = Membership.objects.filter(
        organisation_id=report.grant.award.application.organisation_id,
        role__in=[Membership.Role.ADMIN, Membership.Role.EDITOR],
        user__is_active=True,
    ).values_list("user__email", flat=True)
    return sorted({email for email in rows if email})


def _case_owner(report: Report) -> list[str]:
    case = getattr(report.grant.award.application, "case", None)
    owner = case.case_owner if case and case.case_owner_id else None
    return [owner.email] if owner and owner.email else []


def report_notify(*, report: Report, event: str) -> None:
    """``event`` is "submitted" (to the case owner) or "returned" (to the organisation)."""
    application = report.grant.award.application
    if event == "submitted":
        to = _case_owner(report)
        path = reverse("admin:awards_report_change", args=[report.pk])
    else:
        to = _writers(report)
        path = reverse("reports:detail", kwargs={"pk": report.pk})
    if not to:
        return
    with translation.override(settings.LANGUAGE_CODE):
        values = {"kind": report.get_kind_display(), "title": application.title}
        subject = {
            "submitted": _("%(kind)s er sendt – %(title)s"),
            "returned": _("%(kind)s er sendt tilbake til dere – %(title)s"),
        }[event] % values
        body = render_to_string(
            "awards/email/report_event.txt",
            {
                "report": report,
                "application": application,
                "event": event,
                "link": settings.SITE_URL.rstrip("/") + path,
            },
        )
    email_later(subject=subject, body=body, to=to)
