"""Template helpers for applicant pages."""

from django import template

from applications.amounts import format_kroner_input

register = template.Library()


@register.filter
def kroner_input(value) -> str:
    """Show a saved amount as "1 500 000" in an input; leave what the person typed as it was."""
    if isinstance(value, int):
        return format_kroner_input(value)
    return value
