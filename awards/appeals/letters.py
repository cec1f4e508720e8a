"""The texts of the letters an appeal sends: the acknowledgement, the provisional answer and the
final answer after the appeal body's outcome. Written in bokmål, as every letter."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from calls.formatting import person_name
from calls.templatetags.utlysning import longdate


def _values(appeal) -> dict[str, str]:
    application = appeal.application
    scheme = application.call.scheme
    return {
        "organisation": application.organisation.name,
        "title": application.title,
        "reference": application.reference or f"#{application.pk}",
        "lodged": longdate(timezone.localdate(appeal.lodged_at)),
        "letter": appeal.letter.subject,
        "funder": settings.FUNDING_ORGANISATION_NAME,
        "appeal_body": scheme.appeal_body if scheme else "",
    }


def receipt(*, appeal) -> tuple[str, str]:
    with translation.override("nb"):
        values = _values(appeal)
        subject = _("Vi har mottatt klagen deres – %(title)s") % values
        body = (
            _(
                "Til %(organisation)s\n\n"
                "Vi bekrefter at vi %(lodged)s mottok klagen deres på vedtaket «%(letter)s» om "
                "søknaden %(reference)s.\n\n"
                "En annen saksbehandler enn den som fattet vedtaket, går gjennom klagen. Vi kan "
                "omgjøre vedtaket selv. Gjør vi ikke det, sender vi klagen med sakens "
                "dokumenter til %(appeal_body)s, som avgjør den.\n\n"
                "Dere kan følge klagen og se dokumentene i saken på Min side.\n\n"
                "Med vennlig hilsen\n%(funder)s"
            )
            % values
        )
        if appeal.late:
            body += "\n\n" + _(
                "Klagen kom etter klagefristen. Vi vurderer om den likevel kan behandles "
                "(forvaltningsloven § 31)."
            )
    return subject, body


def provisional(*, appeal, expected_by: dt.date, by) -> tuple[str, str]:
    with translation.override("nb"):
        values = {**_values(appeal), "expected": longdate(expected_by), "person": person_name(by)}
        subject = _("Foreløpig svar på klagen deres – %(title)s") % values
        body = (
            _(
                "Til %(organisation)s\n\n"
                "Klagen deres av %(lodged)s på vedtaket om søknaden %(reference)s tar lengre tid å "
                "behandle enn en måned. Vi regner med å gi dere svar innen %(expected)s "
                "(forvaltningsloven § 11 a).\n\n"
                "Med vennlig hilsen\n%(person)s\n%(funder)s"
            )
            % values
        )
    return subject, body


def final(*, appeal, by) -> tuple[str, str]:
    with translation.override("nb"):
        values = {
            **_values(appeal),
            "outcome": appeal.get_body_outcome_display(),
            "reasons": appeal.body_outcome_text,
            "person": person_name(by),
        }
        subject = _("Svar på klagen deres – %(title)s") % values
        body = (
            _(
                "Til %(organisation)s\n\n"
                "%(appeal_body)s har avgjort klagen deres av %(lodged)s på vedtaket om søknaden "
                "%(reference)s.\n\n"
                "Avgjørelse: %(outcome)s.\n\n%(reasons)s\n\n"
                "Klageinstansens avgjørelse kan ikke påklages (forvaltningsloven § 28).\n\n"
                "Med vennlig hilsen\n%(person)s\n%(funder)s"
            )
            % values
        )
    return subject, body
