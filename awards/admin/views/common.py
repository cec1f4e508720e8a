"""What the advisers' custom admin pages share: permission checks, messages, lookups.

Every view checks its permission itself and answers 403 when it is missing: the links are hidden
from people who lack them, and the URLs refuse them too.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from applications.applying.selectors import with_summary_parts
from applications.models import Application
from awards.admin.forms import (
    ReasonForm,
)
from awards.models import Award, Case, Decision, Grant
from awards.permissions import require as permissions_require
from calls.inline_rows import Inline, with_inline_rows


def require(request, *permissions: str) -> None:
    permissions_require(request.user, *permissions)


def _error_messages(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


def _flash_errors(request, error: ValidationError) -> None:
    for message in _error_messages(error):
        messages.error(request, message)


def _context(request, **extra):
    return {**admin.site.each_context(request), **extra}


def _application_for_assessment(pk, *inlines: Inline) -> Application:
    """The application as the assessment shows it, with ``inlines`` read in the same query."""
    queryset = with_summary_parts(
        Application.objects.select_related(
            "call",
            "organisation__county",
            "case__case_owner",
            "case__eligibility_checked_by",
            "decision__decided_by",
            "award__grant",
        )
    )
    if inlines:
        queryset = with_inline_rows(queryset, *inlines)
    return get_object_or_404(queryset, pk=pk)


def _case(application) -> Case | None:
    try:
        return application.case
    except Case.DoesNotExist:
        return None


def _decision(application) -> Decision | None:
    """The application's decision, from ``_application_for_assessment``'s join."""
    try:
        return application.decision
    except Decision.DoesNotExist:
        return None


def _grant(application) -> Grant | None:
    """The grant of an awarded application, from ``_application_for_assessment``'s join."""
    try:
        return application.award.grant
    except (Award.DoesNotExist, Grant.DoesNotExist):
        return None


# --- The case page ----------------------------------------------------------------------------


def reason_form_response(request, *, title, intro, queryset, action, form=None):
    """The intermediate page of an admin action that needs a reason."""
    return TemplateResponse(
        request,
        "admin/awards/reason_form.html",
        _context(
            request,
            title=title,
            intro=intro,
            objects=list(queryset),
            form=form or ReasonForm(),
            action=action,
            opts=queryset.model._meta,
        ),
    )
