"""The message form both sides use: the text and one optional file (checked by the service)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.applying.corrections import REASON_MAX_LENGTH
from applications.models import CorrectionRequest

from .models import MESSAGE_MAX_LENGTH


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Melding"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MESSAGE_MAX_LENGTH,
        error_messages={
            "required": _("Skriv en melding."),
            "max_length": _("Meldingen kan være høyst %(limit_value)d tegn lang."),
        },
        help_text=_("Høyst %(max)s tegn.") % {"max": MESSAGE_MAX_LENGTH},
    )
    attachment = forms.FileField(
        label=_("Vedlegg (valgfritt)"),
        required=False,
        help_text=_("PDF, DOCX, XLSX eller ODT."),
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Internt notat"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MESSAGE_MAX_LENGTH,
        error_messages={
            "required": _("Skriv et notat."),
            "max_length": _("Notatet kan være høyst %(limit_value)d tegn langt."),
        },
        help_text=_("Bare rådgivere ser notatene. Søkeren og fagvurdererne ser dem aldri."),
    )


class CorrectionRequestForm(forms.Form):
    """An adviser's request for more information: which sections reopen, why, and until when."""

    sections = forms.MultipleChoiceField(
        label=_("Deler av søknaden som åpnes igjen"),
        choices=CorrectionRequest.Section.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Velg minst én del av søknaden som skal åpnes.")},
    )
    reason = forms.CharField(
        label=_("Hva mangler eller må rettes"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=REASON_MAX_LENGTH,
        error_messages={
            "required": _("Skriv hva som mangler eller må rettes. Søkeren ser dette."),
            "max_length": _("Skriv kortere: høyst %(limit_value)d tegn."),
        },
        help_text=_("Søkeren ser denne teksten når de logger inn."),
    )
    open_until = forms.DateField(
        label=_("Frist for å sende inn igjen"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Velg en frist."),
            "invalid": _("Skriv fristen som en dato, for eksempel 2026-12-15."),
        },
        help_text=_("Delene er åpne til og med denne dagen."),
    )
