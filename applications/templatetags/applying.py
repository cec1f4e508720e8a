"""Template helpers for applicant pages, and the places on /my/ that other apps fill."""

from django import template

from applications import hooks
from applications.amounts import format_kroner_input

register = template.Library()


@register.filter
def kroner_input(value) -> str:
    """Show a saved amount as "1 500 000" in an input; leave what the person typed as it was."""
    if isinstance(value, int):
        return format_kroner_input(value)
    return value


@register.simple_tag(takes_context=True)
def application_extras(context, application) -> str:
    """What other apps show beside an application on /my/ (applications.hooks.my_application)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return hooks.my_application.render(request=request, application=application, user=user)


@register.simple_tag(takes_context=True)
def dashboard_panels(context, membership) -> str:
    """Panels other apps add to /my/ (applications.hooks.dashboard)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return hooks.dashboard.render(
        request=request,
        membership=membership,
        user=user,
        applications=context.get("applications", ()),
    )
