"""Template filters for money, deadlines, dates and people (see calls/formatting.py), and status
tags."""

from __future__ import annotations

from html import escape

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from calls import hooks
from calls.formatting import format_deadline, format_kroner, format_long_date, person_name

register = template.Library()

# Older code imports the plain functions from here; new code imports calls.formatting.
__all__ = ["format_deadline", "format_kroner", "register"]


@register.filter
def kroner(amount) -> str:
    return format_kroner(amount)


@register.simple_tag
def select_options(choices, selected) -> SafeString:
    """The ``<option>`` elements of (value, label) pairs (or plain values), the selected one
    marked. Built in one pass with the standard library's escaping: a filter can offer a hundred
    calls, and every variable in a template loop costs several function calls."""
    chosen = "" if selected is None else str(selected)
    options = []
    for choice in choices:
        value, label = choice if isinstance(choice, list | tuple) else (choice, choice)
        mark = " selected" if str(value) == chosen else ""
        options.append(f'<option value="{escape(str(value))}"{mark}>{escape(str(label))}</option>')
    return SafeString("".join(options))


@register.filter
def deadline(value) -> str:
    return format_deadline(value)


@register.filter
def longdate(value) -> str:
    """A date (or datetime, in Europe/Oslo) as '1. juni 2015'."""
    return format_long_date(value)


@register.filter
def person(user) -> str:
    """A person by the name they gave, else their e-mail address."""
    return person_name(user)


_STATUS_COLOURS = {"open": "success", "upcoming": "info", "closed": "neutral"}


@register.simple_tag
def call_status_tag(call) -> str:
    status = call.status
    return format_html(
        '<span class="ds-tag" data-color="{}">{}</span>',
        _STATUS_COLOURS.get(status, "neutral"),
        call.get_status_display(),
    )


@register.simple_tag(takes_context=True)
def call_page_actions(context, call) -> str:
    """What other apps offer to do with a call (registered in calls.hooks.call_actions)."""
    return hooks.call_actions.render(request=context.get("request"), call=call)


@register.simple_tag(takes_context=True)
def call_page_extras(context, call) -> str:
    """What other apps show on a call's page (registered in calls.hooks.call_page)."""
    return hooks.call_page.render(request=context.get("request"), call=call)


@register.simple_tag(takes_context=True)
def home_page_extras(context) -> str:
    """What other apps show on the front page (registered in calls.hooks.home_page)."""
    return hooks.home_page.render(request=context.get("request"))
