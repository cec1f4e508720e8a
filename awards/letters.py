"""Decision letters: default texts, the placeholders a template may use, rendering and PDF.

A letter template is rendered with Django's template engine in a sandbox: the template may hold
text and the documented placeholders (``{{ organisasjon }}``) and nothing else. No tags, no
filters, no attribute lookups, no other variables. Every value handed to the template is a plain
string prepared here, so a template cannot reach into the database or the settings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import TextNode, VariableNode
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from calls.templatetags.utlysning import format_kroner

APPEAL_PERIOD = dt.timedelta(weeks=3)

# The placeholders, with what they hold: shown to advisers next to the template.
PLACEHOLDERS: dict[str, str] = {
    "organisasjon": _("Søkerens navn"),
    "organisasjonsnummer": _("Søkerens organisasjonsnummer"),
    "prosjekt": _("Prosjekttittel"),
    "referanse": _("Søknadens referansenummer"),
    "utlysning": _("Utlysningens tittel"),
    "sokt_belop": _("Søkt beløp, for eksempel 1 500 000 kr"),
    "belop": _("Tildelt beløp"),
    "vilkar": _("Særvilkår"),
    "utbetalingsfrist": _("Frist for utbetaling"),
    "avslagsgrunn": _("Avslagsgrunn fra listen"),
    "begrunnelse": _("Rådgiverens begrunnelse"),
    "klagefrist": _("Klagefrist (tre uker etter at brevet sendes)"),
    "dato": _("Datoen brevet sendes"),
    "saksbehandler": _("Saksbehandlerens navn"),
    "kontaktperson": _("Utlysningens kontaktperson"),
    "avsender": _("Organisasjonen som forvalter ordningen"),
}

DEFAULT_TEXTS: dict[str, tuple[str, str]] = {
    "offer": (
        "Tilbud om tilskudd – {{ prosjekt }}",
        "Til {{ organisasjon }} (org.nr. {{ organisasjonsnummer }})\n\n"
        "Vi viser til søknaden deres {{ referanse }} om tilskudd til prosjektet "
        "«{{ prosjekt }}» i utlysningen {{ utlysning }}.\n\n"
        "{{ avsender }} tilbyr dere et tilskudd på inntil {{ belop }} "
        "(dere søkte om {{ sokt_belop }}).\n\n"
        "Særvilkår:\n{{ vilkar }}\n\n"
        "Tilskuddet må være utbetalt innen {{ utbetalingsfrist }}. Inntil 30 prosent kan "
        "utbetales på forskudd; resten utbetales etter hvert som kostnadene dokumenteres, og "
        "minst 20 prosent holdes tilbake til sluttrapporten er godkjent.\n\n"
        "Dere kan klage på vedtaket innen {{ klagefrist }}.\n\n"
        "Med vennlig hilsen\n{{ saksbehandler }}\n{{ avsender }}",
    ),
    "rejection": (
        "Avslag på søknad – {{ prosjekt }}",
        "Til {{ organisasjon }} (org.nr. {{ organisasjonsnummer }})\n\n"
        "Vi viser til søknaden deres {{ referanse }} om tilskudd til prosjektet "
        "«{{ prosjekt }}» i utlysningen {{ utlysning }}.\n\n"
        "Vi har dessverre ikke funnet rom for å støtte prosjektet.\n\n"
        "Grunn: {{ avslagsgrunn }}\n{{ begrunnelse }}\n\n"
        "Dere kan klage på vedtaket innen {{ klagefrist }}. Spørsmål kan rettes til "
        "{{ kontaktperson }}.\n\n"
        "Med vennlig hilsen\n{{ saksbehandler }}\n{{ avsender }}",
    ),
    "invitation": (
        "Invitasjon til å sende søknad – {{ prosjekt }}",
        "Til {{ organisasjon }} (org.nr. {{ organisasjonsnummer }})\n\n"
        "Takk for prosjektskissen {{ referanse }}, «{{ prosjekt }}», i utlysningen "
        "{{ utlysning }}.\n\n"
        "Vi inviterer dere til å sende en fullstendig søknad.\n\n"
        "{{ begrunnelse }}\n\n"
        "Med vennlig hilsen\n{{ saksbehandler }}\n{{ avsender }}",
    ),
}

# No loaders (no {% include %} or {% extends %} can find a file), no extra libraries.
_ENGINE = Engine(loaders=[], libraries={}, autoescape=False, debug=False)


def _check_nodes(nodelist) -> None:
    for node in nodelist:
        if isinstance(node, TextNode):
            continue
        if isinstance(node, VariableNode):
            expression = node.filter_expression
            name = getattr(expression.var, "var", None)
            if expression.filters or not isinstance(name, str) or name not in PLACEHOLDERS:
                shown = expression.token
                raise ValidationError(
                    _("«%(placeholder)s» er ikke en av plassholderne brevmalen kan bruke."),
                    params={"placeholder": shown},
                    code="placeholder",
                )
            continue
        raise ValidationError(
            _("Brevmalen kan bare inneholde tekst og plassholdere som {{ organisasjon }}."),
            code="tag",
        )


def validate_letter_template(*, subject: str, body: str) -> None:
    """Raise ValidationError unless both texts hold only text and documented placeholders."""
    errors = {}
    for field, text in (("subject", subject), ("body", body)):
        try:
            _check_nodes(_ENGINE.from_string(text or "").nodelist)
        except TemplateSyntaxError:
            errors[field] = ValidationError(
                _("Brevmalen har en plassholder som ikke er skrevet riktig. Bruk {{ navn }}."),
                code="syntax",
            )
        except ValidationError as error:
            errors[field] = error
    if errors:
        raise ValidationError(errors)


def render_letter_text(text: str, values: dict[str, str]) -> str:
    _check_nodes(_ENGINE.from_string(text).nodelist)
    safe = {name: str(values.get(name, "")) for name in PLACEHOLDERS}
    return _ENGINE.from_string(text).render(Context(safe, autoescape=False)).strip()


@dataclass
class RenderedLetter:
    kind: str
    subject: str
    body: str
    appeal_deadline: dt.date


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.email or user.get_username()


def letter_kind_for(decision) -> str:
    return {"award": "offer", "reject": "rejection", "invite": "invitation"}[decision.outcome]


def letter_values(*, decision, sent_on: dt.date) -> dict[str, str]:
    from calls.templatetags.utlysning import longdate

    application = decision.application
    call = application.call
    case = getattr(application, "case", None)
    owner = case.case_owner if case and case.case_owner_id else decision.decided_by
    appeal = sent_on + APPEAL_PERIOD
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
            "klagefrist": longdate(appeal),
            "dato": longdate(sent_on),
            "saksbehandler": _person(owner),
            "kontaktperson": call.contact_name,
            "avsender": settings.FUNDING_ORGANISATION_NAME,
        }


def default_template_texts(kind: str) -> tuple[str, str]:
    return DEFAULT_TEXTS[kind]


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
    return RenderedLetter(
        kind=kind,
        subject=" ".join(render_letter_text(subject, values).split()),
        body=render_letter_text(body, values),
        appeal_deadline=sent_on + APPEAL_PERIOD,
    )


_PDF_REPLACEMENTS = {
    "\u00a0": " ",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2026": "...",
}


def _latin1(text: str) -> str:
    for char, replacement in _PDF_REPLACEMENTS.items():
        text = text.replace(char, replacement)
    return text.encode("latin-1", "replace").decode("latin-1")


def letter_pdf(letter) -> bytes:
    """The letter as a simple A4 PDF (pure Python, the built-in Helvetica font)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(letter.subject))
    pdf.set_author(_latin1(settings.FUNDING_ORGANISATION_NAME))
    pdf.set_margins(25, 25, 25)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    sent = timezone.localtime(letter.sent_at).strftime("%d.%m.%Y")
    pdf.cell(0, 6, _latin1(settings.FUNDING_ORGANISATION_NAME), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, _latin1(f"Dato: {sent}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("Helvetica", style="B", size=14)
    pdf.multi_cell(0, 7, _latin1(letter.subject), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, _latin1(letter.body), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
