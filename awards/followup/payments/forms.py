"""What the organisation types and uploads for a payout and for a special condition."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.amounts import KronerField

from .models import COST_KINDS

ACCEPTED_FILES = ".pdf,.docx,.xlsx,.odt"


class PayoutRequestForm(forms.Form):
    """Costs so far per budget line, a status text, the files and the declaration. Saving a
    draft needs none of it; sending checks everything in the service."""

    personnel = KronerField(label=_("Personalkostnader"))
    purchased_services = KronerField(label=_("Kjøp av tjenester"))
    equipment = KronerField(label=_("Utstyr"))
    other = KronerField(label=_("Andre kostnader"))
    status_text = forms.CharField(
        label=_("Kort status for prosjektet"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hva er gjort så langt, og går prosjektet som planlagt?"),
    )
    accounts = forms.FileField(
        label=_("Regnskap for prosjektet så langt"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES}),
        help_text=_("PDF, DOCX, XLSX eller ODT. En ny fil erstatter den forrige."),
    )
    confirmation = forms.FileField(
        label=_("Bekreftelse fra revisor eller regnskapsfører"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES}),
        help_text=_("Kreves for sluttutbetalingen."),
    )
    declaration = forms.BooleanField(
        label=_(
            "Vi erklærer at kostnadene er påløpt i prosjektet, er ført i regnskapet og at "
            "opplysningene er riktige."
        ),
        required=False,
    )

    def __init__(self, *args, last: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not last:
            del self.fields["confirmation"]
        for kind, _label in COST_KINDS:
            self.fields[kind].widget.attrs["aria-describedby"] = f"budget-{kind}"

    def costs(self) -> dict[str, int]:
        return {kind: self.cleaned_data.get(kind) or 0 for kind, _label in COST_KINDS}


class EvidenceForm(forms.Form):
    evidence = forms.FileField(
        label=_("Dokumentasjon"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES}),
        error_messages={"required": _("Velg en fil som dokumenterer særvilkåret.")},
        help_text=_("PDF, DOCX, XLSX eller ODT."),
    )
