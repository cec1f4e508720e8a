"""What the screens of one application share: their context, the read-only redirect, where to go
after saving, and links from what is left to do to the field on its screen."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from ...people.permissions import membership_can_edit
from ..completeness import Problem, SectionStatus
from ..forms import COST_LINES_PREFIX


def section_context(application, membership, **extra):
    return {
        "application": application,
        "membership": membership,
        "can_edit": membership_can_edit(membership) and application.is_editable,
        "nav_section": "my",
        **extra,
    }


def editable_or_redirect(request, application):
    if not application.is_editable:
        messages.info(request, _("Søknaden er sendt og kan ikke endres. Her er det dere sendte."))
        return redirect("applications:summary", pk=application.pk)
    return None


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
