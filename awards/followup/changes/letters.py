"""The letter that answers a change request: the call's template of the kind
``change_decision`` or the default text, with what was asked for and the outcome."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from awards.letters.models import LetterTemplate
from awards.letters.texts import DEFAULT_TEXTS, render_letter_text
from calls.formatting import format_long_date, person_name

from . import rules

KIND = LetterTemplate.Kind.CHANGE_DECISION


def letter_texts(*, change, by) -> tuple[str, str]:
    """The subject and body of the answer to ``change`` (decided, not yet saved as a letter)."""
    application = change.grant.award.application
    call = application.call
    template = call.letter_templates.filter(kind=KIND).first()
    subject, body = (template.subject, template.body) if template else DEFAULT_TEXTS[KIND]
    with translation.override("nb"):
        values = {
            "organisasjon": application.organisation.name,
            "organisasjonsnummer": application.organisation.orgnr_display,
            "prosjekt": application.title,
            "referanse": application.reference or f"#{application.pk}",
            "utlysning": call.title,
            "endring": rules.describe(change),
            "endringsutfall": _("godkjent")
            if change.state == change.State.APPROVED
            else _("avslått"),
            "begrunnelse": change.decision_comment,
            "dato": format_long_date(timezone.localdate()),
            "saksbehandler": person_name(by),
            "kontaktperson": call.contact_name,
            "avsender": settings.FUNDING_ORGANISATION_NAME,
        }
    return (
        " ".join(render_letter_text(subject, values).split()),
        render_letter_text(body, values),
    )
