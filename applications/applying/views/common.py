"""What the screens of one application share: their context, the read-only redirect, saving a
section (with the edit-conflict handling), where to go after saving, and links from what is left
to do to the field on its screen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from ...people.permissions import membership_can_edit
from ..completeness import Problem, SectionStatus
from ..forms import COST_LINES_PREFIX
from ..models import Application
from ..selectors import application_with_everything, open_correction, section_is_open
from ..services import EditConflict


def section_context(application, membership, **extra):
    """What every screen of an application shows. A sent application with an open request for
    more information (``correction``) is editable in the sections the request names."""
    correction = None if application.is_editable else open_correction(application)
    section = extra.get("section")
    editable = application.is_editable or (
        correction is not None and (section is None or section in correction.sections)
    )
    return {
        "application": application,
        "membership": membership,
        "can_edit": membership_can_edit(membership) and editable,
        "correction": correction,
        "nav_section": "my",
        **extra,
    }


def editable_or_redirect(request, application, section: str):
    if not section_is_open(application, section):
        messages.info(request, _("Søknaden er sendt og kan ikke endres. Her er det dere sendte."))
        return redirect("applications:summary", pk=application.pk)
    return None


@dataclass(frozen=True)
class SectionSave:
    """How saving a section went: saved, or refused with the form and application to show."""

    saved: bool
    form: forms.Form
    application: Application
    conflict: EditConflict | None = None


def section_save(
    request,
    *,
    application: Application,
    form: forms.Form,
    save: Callable[[], object],
    rebind: Callable[..., forms.Form],
) -> SectionSave:
    """Save one section of an application the way every section screen does.

    ``save()`` calls the service. If someone else saved the section after the person opened it
    (``EditConflict``), nothing is overwritten and nothing the person typed is lost:
    ``rebind(data)`` binds their typing again to the version saved now, so saving once more
    overwrites knowingly, and the application is read again so the screen can show what is saved
    now beside it. Any other refusal is shown at the top of the form.
    """
    try:
        save()
    except EditConflict as conflict:
        current = application_with_everything(pk=application.pk)
        data = request.POST.copy()
        data["version"] = str(current.section_version(conflict.section))
        again = rebind(data)
        again.is_valid()
        return SectionSave(False, again, current, conflict)
    except ValidationError as error:
        form.add_error(None, error)
        return SectionSave(False, form, application)
    return SectionSave(True, form, application)


def next_url(request, application) -> str:
    if request.POST.get("then") == "stay":
        return request.path
    return reverse("applications:task_list", kwargs={"pk": application.pk})


def section_url(application, section: str) -> str:
    return reverse(f"applications:{section}", kwargs={"pk": application.pk})


def field_anchor(field: str) -> str:
    """The HTML id of a form field on its section's screen (Django's ``id_<name>``); the cost
    plan, a formset, is reached at the first amount of its first year."""
    if field == "cost_lines":
        return f"id_{COST_LINES_PREFIX}-0-personnel"
    return f"id_{field}"


@dataclass(frozen=True)
class LinkedProblem:
    section: str
    field: str
    message: str
    anchor: str
    url: str


def problem_links(application, problems: list[Problem]) -> list[LinkedProblem]:
    """Each problem with a link to its field on the screen of its section."""
    links = []
    for problem in problems:
        anchor = field_anchor(problem.field)
        url = f"{section_url(application, problem.section)}#{anchor}"
        links.append(LinkedProblem(problem.section, problem.field, problem.message, anchor, url))
    return links


@dataclass(frozen=True)
class LinkedSection:
    key: str
    title: str
    status: str
    status_label: str
    url: str


def section_links(application, statuses: list[SectionStatus]) -> list[LinkedSection]:
    return [
        LinkedSection(s.key, s.title, s.status, s.status_label, section_url(application, s.key))
        for s in statuses
    ]
