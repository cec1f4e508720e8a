"""What is left before an application can be sent, section by section."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from calls.formatting import format_kroner

from .models import Application, Partner
from .selectors import application_budget_totals
from .targets import target_problems

SECTIONS = ("project", "partners", "budget", "attachments")
SECTION_TITLES = {
    "project": _("Prosjekt"),
    "partners": _("Partnere"),
    "budget": _("Budsjett"),
    "attachments": _("Vedlegg"),
}
NOT_STARTED, IN_PROGRESS, COMPLETE = "not_started", "in_progress", "complete"
SECTION_STATUS_LABELS = {
    NOT_STARTED: _("Ikke påbegynt"),
    IN_PROGRESS: _("Påbegynt"),
    COMPLETE: _("Fullført"),
}


@dataclass(frozen=True)
class Problem:
    """Something that stops the application from being sent.

    ``field`` is the name of the form field it is about in its section (``title``,
    ``requested_amount``, ``name`` for the partner form, ``file``), or ``cost_lines`` for the cost
    plan as a whole. Screens turn it into a link to that field.
    """

    section: str
    field: str
    message: str


@dataclass(frozen=True)
class SectionStatus:
    key: str
    title: str
    status: str
    status_label: str


def _project_problems(application: Application) -> list[tuple[str, str]]:
    required = [
        ("title", _("Skriv en prosjekttittel.")),
        ("summary", _("Skriv et sammendrag.")),
        ("description", _("Beskriv prosjektet.")),
        ("project_start", _("Oppgi når prosjektet starter.")),
        ("project_end", _("Oppgi når prosjektet slutter.")),
        ("target_group", _("Beskriv målgruppen og kompetansebehovet.")),
        ("planned_offer", _("Beskriv det planlagte tilbudet.")),
        ("expected_participants", _("Oppgi forventet antall deltakere.")),
    ]
    problems = [
        (name, str(message))
        for name, message in required
        if getattr(application, name) in (None, "")
    ]
    if len(application.summary or "") > 1000:
        problems.append(("summary", str(_("Sammendraget kan ha høyst 1 000 tegn."))))
    return problems + target_problems(application)


def _partner_problems(application: Application) -> list[tuple[str, str]]:
    roles = {partner.role for partner in application.partners.all()}
    problems = []
    if Partner.Role.EDUCATION_PROVIDER not in roles:
        problems.append(
            ("name", str(_("Legg til minst én utdanningsinstitusjon som utdanningsleverandør.")))
        )
    if Partner.Role.PARTICIPATING_FIRM not in roles:
        problems.append(("name", str(_("Legg til minst én deltakende bedrift."))))
    return problems


def _budget_problems(application: Application) -> list[tuple[str, str]]:
    totals = application_budget_totals(application=application)
    call = application.call
    problems = []
    if totals["costs"] <= 0:
        problems.append(("cost_lines", str(_("Fyll inn kostnadsplanen."))))
    if application.requested_amount <= 0:
        problems.append(("requested_amount", str(_("Oppgi hvor mye dere søker om."))))
    if application.requested_amount > call.max_amount_per_project:
        problems.append(
            (
                "requested_amount",
                str(_("Dere kan søke om høyst %(max)s i denne utlysningen."))
                % {"max": format_kroner(call.max_amount_per_project)},
            )
        )
    if totals["costs"] != totals["financing"]:
        problems.append(
            (
                "requested_amount",
                str(
                    _("Finansieringsplanen (%(financing)s) må være lik kostnadsplanen (%(costs)s).")
                )
                % {
                    "financing": format_kroner(totals["financing"]),
                    "costs": format_kroner(totals["costs"]),
                },
            )
        )
    minimum = call.min_own_contribution_percent
    if (
        minimum
        and totals["costs"] > 0
        and application.own_contribution * 100 < (minimum * totals["costs"])
    ):
        problems.append(
            (
                "own_contribution",
                str(
                    _(
                        "Egenfinansieringen må være minst %(percent)s %% av kostnadene, "
                        "det vil si minst %(amount)s."
                    )
                )
                % {
                    "percent": minimum,
                    "amount": format_kroner(-(-minimum * totals["costs"] // 100)),
                },
            )
        )
    return problems


def _attachment_problems(application: Application) -> list[tuple[str, str]]:
    if not application.attachments.all():
        return [("file", str(_("Last opp minst ett vedlegg, for eksempel prosjektplanen.")))]
    return []


_CHECKS = {
    "project": _project_problems,
    "partners": _partner_problems,
    "budget": _budget_problems,
    "attachments": _attachment_problems,
}


def application_problems(*, application: Application) -> list[Problem]:
    """Everything that stops the application from being sent, section by section."""
    return [
        Problem(section, field, message)
        for section, check in _CHECKS.items()
        for field, message in check(application)
    ]


def _section_started(application: Application, section: str) -> bool:
    if section == "project":
        return application.section_version("project") > 0 or bool(application.title)
    if section == "partners":
        return bool(application.partners.all())
    if section == "budget":
        return bool(application.cost_lines.all()) or application.financing_total > 0
    return bool(application.attachments.all())


def application_section_statuses(*, application: Application) -> list[SectionStatus]:
    """The task list: each section with its status (Ikke påbegynt / Påbegynt / Fullført)."""
    rows = []
    for section in SECTIONS:
        if not _section_started(application, section):
            status = NOT_STARTED
        elif _CHECKS[section](application):
            status = IN_PROGRESS
        else:
            status = COMPLETE
        rows.append(
            SectionStatus(section, SECTION_TITLES[section], status, SECTION_STATUS_LABELS[status])
        )
    return rows
