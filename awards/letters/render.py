"""A decision's letter: the values of its placeholders and the rendered subject and body."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from calls.formatting import person_name
from calls.templatetags.utlysning import format_kroner, longdate

from .texts import (
    APPEALABLE_KINDS,
    DEFAULT_TEXTS,
    OPTIONAL_PLACEHOLDERS,
    PLACEHOLDERS,
    acceptance_date,
    appeal_last_day,
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


def _number(value: float) -> str:
    return f"{value:.1f}".replace(".", ",").replace(",0", "")


def assessment_in_words(*, application) -> str:
    """The criteria and the scores the application got, one line per criterion, as the letter
    gives them as the reasons (forvaltningsloven §§ 24 and 25): the average of the submitted
    scores on the criterion's scale, and its weight."""
    criteria = list(application.call.criteria.all())
    # From the rows in hand (prefetched for a call's letters), not one query per letter.
    given: dict[int, list[int]] = {}
    for assignment in application.review_assignments.all():
        if assignment.submitted_at is None:
            continue
        for score in assignment.scores.all():
            if score.score is not None:
                given.setdefault(score.criterion_id, []).append(score.score)
    averages = {pk: sum(values) / len(values) for pk, values in given.items()}
    lines = [
        _("%(criterion)s (vekt %(weight)s %%): %(score)s av %(max)s")
        % {
            "criterion": criterion.name,
            "weight": criterion.weight,
            "score": _number(averages[criterion.pk]),
            "max": criterion.scale_max,
        }
        for criterion in criteria
        if averages.get(criterion.pk) is not None
    ]
    if not lines:
        return _("Søknaden ble ikke gitt karakterer mot utlysningens kriterier.")
    return "\n".join(lines)


def appeal_link(*, application) -> str:
    path = reverse("appeals:lodge", kwargs={"application_pk": application.pk})
    return settings.SITE_URL.rstrip("/") + path


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
            "vurdering": assessment_in_words(application=application),
            # The day the letter is issued stands in for the day its notice goes out (the same
            # day, as a rule); delivery moves Letter.appeal_deadline if the notice went later.
            "klagefrist": longdate(appeal_last_day(notified_on=sent_on)) if appealable else "",
            "klageinstans": call.scheme.appeal_body if call.scheme_id else "",
            "klagelenke": appeal_link(application=application) if appealable else "",
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
        appeal_deadline=appeal_last_day(notified_on=sent_on) if kind in APPEALABLE_KINDS else None,
        missing=missing,
    )
