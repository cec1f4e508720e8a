"""The follow-up's lists on the admin index: reports past their due date."""

from django import template
from django.utils import timezone

from awards.followup.reports.selectors import reports_overdue as _reports_overdue

register = template.Library()

OVERDUE_SHOWN = 50


@register.simple_tag(takes_context=True)
def reports_overdue(context):
    """Reports not sent by their due date, oldest first, for staff who handle reports."""
    request = context.get("request")
    if request is None or not request.user.has_perm("awards.review_report"):
        return []
    return list(_reports_overdue(today=timezone.localdate())[:OVERDUE_SHOWN])
