"""What the organisation types for a change request: the kind, the reason and the values of
that kind. The rules against the grant's terms are checked in the service."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.amounts import KronerField
from awards.followup.payments.forms import ACCEPTED_FILES
from awards.followup.payments.models import COST_KINDS

from .models import ChangeRequest

MOVE_ROWS = 3
LINE_CHOICES = [("", _("Velg budsjettpost")), *COST_KINDS]


class ChangeRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Hva vil dere endre?"),
        choices=ChangeRequest.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg hva dere vil endre.")},
    )
    reason = forms.CharField(
        label=_("Begrunnelse"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hvorfor trenger prosjektet endringen?"),
        error_messages={"required": _("Skriv hvorfor dere ber om endringen.")},
    )
    new_project_end = forms.DateField(
        label=_("Ny prosjektslutt"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv datoen som dd.mm.åååå.")},
    )
    new_payout_deadline = forms.DateField(
        label=_("Ny frist for utbetaling"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv datoen som dd.mm.åååå.")},
    )
    partner_change = forms.CharField(
        label=_("Endring av partnere"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hvem går ut, hvem kommer inn, og hva gjør de i prosjektet?"),
    )
    attachment = forms.FileField(
        label=_("Vedlegg (valgfritt)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES}),
        help_text=_("For eksempel en ny samarbeidsavtale. PDF, DOCX, XLSX eller ODT."),
    )
    new_leader_name = forms.CharField(label=_("Navn på ny prosjektleder"), required=False)
    new_leader_email = forms.EmailField(
        label=_("E-post til ny prosjektleder"),
        required=False,
        error_messages={"invalid": _("Skriv en gyldig e-postadresse.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for row in range(MOVE_ROWS):
            self.fields[f"move_{row}_from"] = forms.ChoiceField(
                label=_("Fra"), choices=LINE_CHOICES, required=False
            )
            self.fields[f"move_{row}_to"] = forms.ChoiceField(
                label=_("Til"), choices=LINE_CHOICES, required=False
            )
            self.fields[f"move_{row}_amount"] = KronerField(label=_("Beløp (kr)"))

    def move_rows(self):
        return [
            (self[f"move_{row}_from"], self[f"move_{row}_to"], self[f"move_{row}_amount"])
            for row in range(MOVE_ROWS)
        ]

    def clean(self):
        data = super().clean()
        moves = []
        for row in range(MOVE_ROWS):
            source = data.get(f"move_{row}_from") or ""
            target = data.get(f"move_{row}_to") or ""
            amount = data.get(f"move_{row}_amount") or 0
            if not (source or target or amount):
                continue
            if not (source and target):
                self.add_error(
                    f"move_{row}_from", _("Velg både budsjettposten det flyttes fra og til.")
                )
                continue
            moves.append({"from": source, "to": target, "amount": amount})
        data["budget_moves"] = moves
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "new_project_end": data.get("new_project_end"),
            "new_payout_deadline": data.get("new_payout_deadline"),
            "budget_moves": data.get("budget_moves", []),
            "partner_change": data.get("partner_change", ""),
            "new_leader_name": data.get("new_leader_name", ""),
            "new_leader_email": data.get("new_leader_email", ""),
        }


class DecisionForm(forms.Form):
    """The adviser's comment on approving or rejecting (needed to reject)."""

    comment = forms.CharField(
        label=_("Kommentar til organisasjonen"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Står i brevet. Må fylles ut når endringen avslås."),
    )
