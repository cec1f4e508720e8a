"""The message form both sides use: the text and one optional file (checked by the service)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

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
