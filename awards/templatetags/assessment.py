"""Template tags of the assessment pages."""

from django import template

from awards.decisions.selectors import call_overview as _call_overview

register = template.Library()


@register.simple_tag(takes_context=True)
def call_overview(context):
    """The per-call overview on the admin index, for staff who assess (four queries)."""
    request = context.get("request")
    if request is None or not request.user.has_perm("awards.manage_assessment"):
        return []
    return _call_overview()
