"""Decision letters: default texts, the placeholders a template may use, rendering and PDF.

A letter template is rendered with Django's template engine in a sandbox: the template may hold
text and the documented placeholders (``{{ organisasjon }}``) and nothing else. No tags, no
filters, no attribute lookups, no other variables. Every value handed to the template is a plain
string prepared here, so a template cannot reach into the database or the settings.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import TextNode, VariableNode
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

APPEAL_PERIOD = dt.timedelta(weeks=3)


def appeal_last_day(*, notified_on: dt.date) -> dt.date:
    """The last day to appeal: three weeks after the day the letter reached the organisation."""
    return notified_on + APPEAL_PERIOD


def appeal_deadline_at(*, notified_at: dt.datetime | None) -> dt.datetime | None:
    """The moment the appeal period ends, or None while the letter has not reached anyone.

    Forvaltningsloven § 29 counts three weeks from when the notice of the decision reached the
    party. A letter here is electronic: it is kept on /my/ and an e-mail notice goes to the
    organisation's members. Under eForvaltningsforskriften § 11 an electronic message counts as
    received when the notice of it is sent, so the moment taken is ``Letter.delivered_at``, when
    the mail server accepted the notice (not when the letter was issued, nor when someone opened
    it). The period runs to the end of that day three weeks later, 23:59:59.999999 Europe/Oslo,
    like the acceptance deadline of an offer: summer or winter time at either end does not move
    the day.
    """
    if notified_at is None:
        return None
    last_day = appeal_last_day(notified_on=timezone.localdate(notified_at))
    end = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(end) - dt.timedelta(microseconds=1)


def acceptance_date(*, offered_on: dt.date, weeks: int) -> dt.date:
    """The last day to accept an offer, as its letter names it (the call sets the weeks)."""
    return offered_on + dt.timedelta(weeks=weeks)


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
    "vurdering": _("Kriteriene og karakterene søknaden fikk, i ord"),
    "klagefrist": _("Klagefrist (tre uker etter at varselet om brevet sendes)"),
    "klageinstans": _("Klageinstansen ordningen har (for eksempel departementet)"),
    "klagelenke": _("Lenken til klageskjemaet på Min side"),
    "svarfrist": _(
        "Frist for å ta imot tilskuddet (utlysningens svarfrist etter at brevet sendes)"
    ),
    "endring": _("Endringen organisasjonen ba om (svar på endringssøknad)"),
    "endringsutfall": _("Om endringen er godkjent eller avslått (svar på endringssøknad)"),
    "dato": _("Datoen brevet sendes"),
    "saksbehandler": _("Saksbehandlerens navn"),
    "kontaktperson": _("Utlysningens kontaktperson"),
    "avsender": _("Organisasjonen som forvalter ordningen"),
}

# Free text that may be left empty; every other placeholder a letter uses must have a value.
OPTIONAL_PLACEHOLDERS = frozenset({"begrunnelse", "vurdering"})

# Only decision letters (offer, rejection) can be appealed; an invitation to send a full
# application is not a decision and carries no appeal deadline.
APPEALABLE_KINDS = frozenset({"offer", "rejection"})

DEFAULT_TEXTS: dict[str, tuple[str, str]] = {
    "offer": (
        "Tilbud om tilskudd – {{ prosjekt }}",
        "Til {{ organisasjon }} (org.nr. {{ organisasjonsnummer }})\n\n"
        "Vi viser til søknaden deres {{ referanse }} om tilskudd til prosjektet "
        "«{{ prosjekt }}» i utlysningen {{ utlysning }}.\n\n"
        "{{ avsender }} tilbyr dere et tilskudd på inntil {{ belop }} "
        "(dere søkte om {{ sokt_belop }}).\n\n"
        "Særvilkår:\n{{ vilkar }}\n\n"
        "Dere må ta imot tilbudet på Min side innen {{ svarfrist }}; ellers faller det bort.\n\n"
        "Tilskuddet må være utbetalt innen {{ utbetalingsfrist }}. Inntil 30 prosent kan "
        "utbetales på forskudd; resten utbetales etter hvert som kostnadene dokumenteres, og "
        "minst 20 prosent holdes tilbake til sluttrapporten er godkjent.\n\n"
        "Vurdering:\n{{ vurdering }}\n\n"
        "Dere kan klage på vedtaket innen {{ klagefrist }}, det vil si tre uker fra dagen "
        "varselet om dette brevet ble sendt dere på e-post (forvaltningsloven §§ 28 og 29). "
        "Klagen sendes gjennom {{ avsender }} på Min side: {{ klagelenke }}. Skriv hvilket "
        "vedtak dere klager på, og hvorfor. Hvis vi ikke omgjør vedtaket selv, sender vi klagen "
        "til {{ klageinstans }}, som avgjør den.\n\n"
        "Dere har rett til å se dokumentene i saken (forvaltningsloven §§ 18 og 19).\n\n"
        "Med vennlig hilsen\n{{ saksbehandler }}\n{{ avsender }}",
    ),
    "rejection": (
        "Avslag på søknad – {{ prosjekt }}",
        "Til {{ organisasjon }} (org.nr. {{ organisasjonsnummer }})\n\n"
        "Vi viser til søknaden deres {{ referanse }} om tilskudd til prosjektet "
        "«{{ prosjekt }}» i utlysningen {{ utlysning }}.\n\n"
        "Vi har dessverre ikke funnet rom for å støtte prosjektet.\n\n"
        "Grunn: {{ avslagsgrunn }}\n{{ begrunnelse }}\n\n"
        "Vurdering:\n{{ vurdering }}\n\n"
        "Dere kan klage på vedtaket innen {{ klagefrist }}, det vil si tre uker fra dagen "
        "varselet om dette brevet ble sendt dere på e-post (forvaltningsloven §§ 28 og 29). "
        "Klagen sendes gjennom {{ avsender }} på Min side: {{ klagelenke }}. Skriv hvilket "
        "vedtak dere klager på, og hvorfor. Hvis vi ikke omgjør vedtaket selv, sender vi klagen "
        "til {{ klageinstans }}, som avgjør den.\n\n"
        "Dere har rett til å se dokumentene i saken (forvaltningsloven §§ 18 og 19).\n\n"
        "Spørsmål kan rettes til {{ kontaktperson }}.\n\n"
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
    "change_decision": (
        "Svar på endringssøknad – {{ prosjekt }}",
        "Til {{ organisasjon }} (org.nr. {{ organisasjonsnummer }})\n\n"
        "Vi viser til endringssøknaden deres om tilskuddet til prosjektet «{{ prosjekt }}» "
        "({{ referanse }}) i utlysningen {{ utlysning }}.\n\n"
        "Dere ba om: {{ endring }}\n\n"
        "Endringen er {{ endringsutfall }}.\n\n"
        "{{ begrunnelse }}\n\n"
        "Vilkårene i tilsagnet gjelder ellers som før. Dere finner tilsagnet og dette brevet på "
        "Min side.\n\n"
        "Spørsmål kan rettes til {{ kontaktperson }}.\n\n"
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


def placeholders_used(text: str) -> list[str]:
    """The placeholders a (valid) letter text uses, in order."""
    names = []
    for node in _ENGINE.from_string(text or "").nodelist:
        if isinstance(node, VariableNode):
            name = getattr(node.filter_expression.var, "var", None)
            if isinstance(name, str) and name not in names:
                names.append(name)
    return names


def validate_letter_template(*, subject: str, body: str, kind: str | None = None) -> None:
    """Raise ValidationError unless both texts hold only text and documented placeholders (and,
    for a letter that cannot be appealed, no appeal deadline)."""
    errors = {}
    for field, text in (("subject", subject), ("body", body)):
        try:
            _check_nodes(_ENGINE.from_string(text or "").nodelist)
            if kind and kind not in APPEALABLE_KINDS and "klagefrist" in placeholders_used(text):
                raise ValidationError(
                    _(
                        "En invitasjon er ikke et vedtak og kan ikke påklages. Ta bort "
                        "{{ klagefrist }}."
                    ),
                    code="appeal",
                )
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
