"""The forms of an appeal: the organisation's appeal and the advisers' steps."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.permissions import users_with_permission

from .models import GROUNDS_MAX_LENGTH, Appeal


class AppealForm(forms.Form):
    grounds = forms.CharField(
        label=_("Hva klager dere på, og hvorfor?"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=GROUNDS_MAX_LENGTH,
        error_messages={
            "required": _("Skriv hva dere klager på, og hvorfor."),
            "max_length": _("Klagen kan være høyst %(limit_value)d tegn lang."),
        },
        help_text=_("Vis til vedtaket og skriv hvilken endring dere ønsker."),
    )
    attachment = forms.FileField(
        label=_("Vedlegg (valgfritt)"), required=False, help_text=_("PDF, DOCX, XLSX eller ODT.")
    )
    late_reason = forms.CharField(
        label=_("Hvorfor kommer klagen etter fristen?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("En klage etter fristen kan likevel bli behandlet (forvaltningsloven § 31)."),
    )

    def __init__(self, *args, late: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not late:
            del self.fields["late_reason"]


class HandlerForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("Saksbehandler for klagen"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = users_with_permission("decide_application")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor omgjøres vedtaket?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ForwardForm(forms.Form):
    comment = forms.CharField(
        label=_("Kommentar til klageinstansen"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Skriv kommentaren til klageinstansen.")},
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Klageinstansens avgjørelse"),
        choices=Appeal.BodyOutcome.choices,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Klageinstansens begrunnelse"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv klageinstansens begrunnelse.")},
    )


class ProvisionalForm(forms.Form):
    expected_by = forms.DateField(
        label=_("Når regner dere med å svare?"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Velg en dato."), "invalid": _("Skriv en gyldig dato.")},
    )
