"""The report's screens: one text per text section, a figure per indicator, an attachment, and
the adviser's comment when sending a report back."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TEXT_MAX_LENGTH
from .rules import indicator_field

TEXT_FIELDS = {
    "status": (
        "status_text",
        _("Status i prosjektet"),
        _("Hva er gjort, hva gjenstår, og går prosjektet som planlagt?"),
    ),
    "learned": (
        "learned",
        _("Hva dere har lært"),
        _("Hva har gått bra, hva ville dere gjort annerledes, og hvordan videreføres tilbudet?"),
    ),
}


class ReportTextForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    text = forms.CharField(
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "max_length": _("Teksten kan ha høyst %(limit_value)d tegn (du har %(show_value)d).")
        },
    )

    def __init__(self, *args, section: str, **kwargs):
        super().__init__(*args, **kwargs)
        _name, label, help_text = TEXT_FIELDS[section]
        self.fields["text"].label = label
        self.fields["text"].help_text = help_text


class ReportFiguresForm(forms.Form):
    """One whole number ≥ 0 per indicator; empty is allowed while the report is a draft."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            target = row.target if row.target is not None else "–"
            self.fields[indicator_field(row.indicator)] = forms.IntegerField(
                label=row.indicator.name,
                required=False,
                min_value=0,
                max_value=10_000_000,
                help_text=_("Mål i søknaden: %(target)s %(unit)s")
                % {"target": target, "unit": row.indicator.unit},
                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                error_messages={
                    "invalid": _("Skriv et helt tall, for eksempel 12."),
                    "min_value": _("Tallet kan ikke være negativt."),
                    "max_value": _("Tallet er for stort."),
                },
            )

    def figures(self) -> dict[int, int | None]:
        return {
            row.indicator.pk: self.cleaned_data.get(indicator_field(row.indicator))
            for row in self.rows
        }


class ReportAttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Velg fil"),
        help_text=_("PDF, DOCX, XLSX eller ODT."),
        error_messages={"required": _("Velg en fil å laste opp.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.odt"}),
    )


class ReportReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Hva må organisasjonen rette?"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
