"""A decision's letter: the values of its placeholders and the rendered subject and body."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from calls.formatting import person_name
from calls.templatetags.utlysning import format_kroner, longdate

from .texts import (
    APPEAL_PERIOD,
    APPEALABLE_KINDS,
    DEFAULT_TEXTS,
    OPTIONAL_PLACEHOLDERS,
    PLACEHOLDERS,
    acceptance_date,
    placeholders_used,
    render_letter_text,
)


@dataclass
class RenderedLetter:
    kind: str
    subject: str
    body: str
    appeal_deadline: dt.date | None
    # What the placeholders the letter uses lack, as the advisers know them ("Frist for
    # utbetaling"): a letter with any is neither previewed nor sent.
    missing: list[str] = field(default_factory=list)


def letter_require_complete(*, letter: RenderedLetter, application) -> None:
    """Refuse a letter that would print an empty placeholder, saying which values are missing."""
    if letter.missing:
        raise ValidationError(
            _(
                "Brevet til «%(title)s» mangler: %(missing)s. Fyll inn dette i vedtaket (eller "
                "ta plassholderen ut av brevmalen) før brevet vises eller sendes."
            )
            % {"title": application.title, "missing": ", ".join(letter.missing)},
            code="missing",
        )


def _person(user) -> str:
    return person_name(user)


def letter_kind_for(decision) -> str:
    return {"award": "offer", "reject": "rejection", "invite": "invitation"}[decision.outcome]


def letter_values(*, decision, sent_on: dt.date) -> dict[str, str]:
    application = decision.application
    call = application.call
    case = getattr(application, "case", None)
    owner = case.case_owner if case and case.case_owner_id else decision.decided_by
    appealable = letter_kind_for(decision) in APPEALABLE_KINDS
    with translation.override("nb"):
        return {
            "organisasjon": application.organisation.name,
            "organisasjonsnummer": application.organisation.orgnr_display,
            "prosjekt": application.title,
            "referanse": application.reference or f"#{application.pk}",
            "utlysning": call.title,
            "sokt_belop": format_kroner(application.requested_amount),
            "belop": format_kroner(decision.amount) if decision.amount else "",
            "vilkar": decision.conditions or "Ingen særvilkår.",
            "utbetalingsfrist": longdate(decision.payout_deadline)
            if decision.payout_deadline
            else "",
            "avslagsgrunn": str(decision.get_rejection_reason_display())
            if decision.rejection_reason
            else "",
            "begrunnelse": decision.rejection_text,
            "klagefrist": longdate(sent_on + APPEAL_PERIOD) if appealable else "",
            "svarfrist": longdate(acceptance_date(offered_on=sent_on, weeks=call.acceptance_weeks))
            if decision.outcome == "award"
            else "",
            "dato": longdate(sent_on),
            "saksbehandler": _person(owner),
            "kontaktperson": call.contact_name,
            "avsender": settings.FUNDING_ORGANISATION_NAME,
        }


def render_letter(*, decision, templates: dict | None = None, sent_on=None) -> RenderedLetter:
    """The letter for a decision, from the call's template of that kind or the default text."""
    sent_on = sent_on or timezone.localdate()
    kind = letter_kind_for(decision)
    if templates is None:
        template = decision.application.call.letter_templates.filter(kind=kind).first()
    else:
        template = templates.get(kind)
    subject, body = (template.subject, template.body) if template else DEFAULT_TEXTS[kind]
    values = letter_values(decision=decision, sent_on=sent_on)
    used = placeholders_used(subject) + placeholders_used(body)
    missing = [
        str(PLACEHOLDERS[name])
        for name in dict.fromkeys(used)
        if name not in OPTIONAL_PLACEHOLDERS and not values.get(name, "").strip()
    ]
    return RenderedLetter(
        kind=kind,
        subject=" ".join(render_letter_text(subject, values).split()),
        body=render_letter_text(body, values),
        appeal_deadline=sent_on + APPEAL_PERIOD if kind in APPEALABLE_KINDS else None,
        missing=missing,
    )
