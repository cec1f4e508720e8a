"""Forms of the assessment pages in the admin. They clean input; services apply the rules."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from applications.amounts import KronerField
from awards.assessment.selectors import reviewer_role_for
from awards.decisions.rules import rejection_reasons_for
from awards.models import Decision, ReviewAssignment
from awards.permissions import users_with_permission
from calls.formatting import person_name, person_with_address

MAX_KRONER = 10**12  # far above any call's budget, well inside the database's integers


class OptionalKronerField(KronerField):
    """Whole kroner typed the Norwegian way ("2 900 000", "2 900 000 kr"); empty is None."""

    def to_python(self, value):
        amount = super().to_python(value)
        return None if amount == 0 and not str(value or "").strip() else amount


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_with_address(obj)

    def offer(self, people) -> None:
        """Show ``people``, read already, as the choices; what is chosen is still checked
        against the field's queryset."""
        empty = [("", self.empty_label)] if self.empty_label is not None else []
        self.choices = [
            *empty,
            *((person.pk, self.label_from_instance(person)) for person in people),
        ]


class EligibilityForm(forms.Form):
    eligible = forms.TypedChoiceField(
        label=_("Formell kontroll"),
        choices=[("1", _("Oppfyller de formelle kravene")), ("0", _("Oppfyller ikke kravene"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Begrunnelse"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Påkrevd når søknaden ikke oppfyller kravene."),
    )


class CaseOwnerForm(forms.Form):
    owner = ReviewerChoiceField(
        label=_("Saksbehandler"), queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = users_with_permission("manage_assessment")
        if people is not None:
            self.fields["owner"].offer(people)


class AssignReviewerForm(forms.Form):
    reviewer = ReviewerChoiceField(label=_("Fagvurderer"), queryset=get_user_model().objects.none())
    role = forms.ChoiceField(
        label=_("Rolle"),
        choices=[("", _("Fra personens gruppe og organisasjon")), *ReviewAssignment.Role.choices],
        required=False,
        help_text=_(
            "Står den tom, brukes rollen personens gruppe eller organisasjon viser (for "
            "eksempel en fylkeskommune). Går det ikke an å se, må du velge."
        ),
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = users_with_permission("score_application")
        if people is not None:
            self.fields["reviewer"].offer(people)

    def clean(self):
        data = super().clean()
        reviewer = data.get("reviewer")
        if reviewer is not None and not data.get("role"):
            role = reviewer_role_for(reviewer=reviewer)
            if role is None:
                self.add_error(
                    "role",
                    _(
                        "Velg rollen %(person)s vurderer i: gruppen og organisasjonen sier "
                        "ikke om det er for Innovasjon Norge, en fylkeskommune, "
                        "Forskningsrådet eller Siva."
                    )
                    % {"person": person_name(reviewer)},
                )
            else:
                data["role"] = role
        return data


class BulkAssignForm(AssignReviewerForm):
    case_owner = ReviewerChoiceField(
        label=_("Saksbehandler (valgfritt)"),
        queryset=get_user_model().objects.none(),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_owner"].queryset = users_with_permission("manage_assessment")


class DeclarationForm(forms.Form):
    impartial = forms.TypedChoiceField(
        label=_("Habilitet"),
        choices=[
            ("1", _("Jeg er habil og kan vurdere søknaden")),
            ("0", _("Jeg er inhabil (forvaltningsloven § 6)")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Grunn til inhabilitet"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("impartial") is False and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Skriv hvorfor du er inhabil."))
        return data


class DecisionDeclarationForm(DeclarationForm):
    """The decision-maker's declaration, beside the decision on the case page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["impartial"].choices = [
            ("1", _("Jeg er habil i denne saken")),
            ("0", _("Jeg er inhabil (forvaltningsloven § 6)")),
        ]
        self.fields["impartial"].error_messages["required"] = _(
            "Erklær om du er habil i saken før du fatter vedtak."
        )
        self.fields["reason"].help_text = _("Påkrevd når du er inhabil.")


class ScoreForm(forms.Form):
    """One score and comment per criterion of the call."""

    def __init__(self, *args, criteria, scores, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            existing = scores.get(criterion.pk)
            choices = [("", "–")] + [
                (str(value), str(value))
                for value in range(criterion.scale_min, criterion.scale_max + 1)
            ]
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("Karakter for %(criterion)s") % {"criterion": criterion.name},
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=str(existing.score) if existing and existing.score is not None else "",
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Kommentar til %(criterion)s") % {"criterion": criterion.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=existing.comment if existing else "",
            )

    def rows(self):
        for criterion in self.criteria:
            yield criterion, self[f"score_{criterion.pk}"], self[f"comment_{criterion.pk}"]

    def scores(self) -> dict[int, tuple[int | None, str]]:
        return {
            criterion.pk: (
                self.cleaned_data.get(f"score_{criterion.pk}"),
                (self.cleaned_data.get(f"comment_{criterion.pk}") or "").strip(),
            )
            for criterion in self.criteria
        }


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Vedtak"), choices=Decision.Outcome.choices, widget=forms.RadioSelect
    )
    amount = OptionalKronerField(label=_("Tildelt beløp (kr)"), required=False)
    conditions = forms.CharField(
        label=_("Særvilkår"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    payout_deadline = forms.DateField(
        label=_("Frist for utbetaling"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    rejection_reason = forms.ChoiceField(
        label=_("Avslagsgrunn"),
        required=False,
        choices=[("", "–"), *Decision.RejectionReason.choices],
    )
    rejection_text = forms.CharField(
        label=_("Begrunnelse"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    change_reason = forms.CharField(
        label=_("Grunn til endring"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Påkrevd når vedtaket endres etter at brevet er sendt."),
    )

    def __init__(self, *args, stage: str, eligibility: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        reasons = rejection_reasons_for(eligibility=eligibility)
        self.fields["rejection_reason"].choices = [
            ("", "–"),
            *[(v, label) for v, label in Decision.RejectionReason.choices if v in reasons],
        ]
        allowed = (
            {Decision.Outcome.INVITE, Decision.Outcome.REJECT}
            if stage == "sketch"
            else {Decision.Outcome.AWARD, Decision.Outcome.REJECT}
        )
        self.fields["outcome"].choices = [
            (value, label) for value, label in Decision.Outcome.choices if value in allowed
        ]

    def outcome_groups(self):
        """The fields of each outcome offered here, as (outcome, its label, its fields)."""
        for value, label in self.fields["outcome"].choices:
            names = OUTCOME_FIELDS.get(value, ())
            if names:
                yield value, label, [self[name] for name in names]

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        if not outcome:
            return data
        # The other outcome's fields are not part of this decision: what they hold is dropped.
        for other, names in OUTCOME_FIELDS.items():
            if other != outcome:
                for name in names:
                    self.errors.pop(name, None)
                    data[name] = self.fields[name].to_python("")
        if outcome == Decision.Outcome.AWARD and data.get("amount") is None:
            self.add_error("amount", _("Oppgi tildelt beløp."))
        if outcome == Decision.Outcome.REJECT and not data.get("rejection_reason"):
            self.add_error("rejection_reason", _("Velg en avslagsgrunn."))
        return data


OUTCOME_FIELDS = {
    Decision.Outcome.AWARD: ("amount", "conditions", "payout_deadline"),
    Decision.Outcome.REJECT: ("rejection_reason", "rejection_text"),
}


class BulkAwardForm(forms.Form):
    """The confirmation of awarding everything above the funding line."""

    plan = forms.CharField(widget=forms.HiddenInput)
    payout_deadline = forms.DateField(
        label=_("Frist for utbetaling (for alle tilsagnene)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Kan stå tom og fylles inn i hvert vedtak senere. Brevmalen for tilbud kan ikke "
            "sendes uten den hvis den bruker fristen."
        ),
    )

    impartial = forms.BooleanField(
        label=_("Jeg er habil i alle disse sakene"),
        required=False,
        help_text=_(
            "Du handler ikke for søkeren eller en partner, og ingenting annet gjør deg inhabil "
            "(forvaltningsloven § 6). Erklæringen lagres for hver søknad."
        ),
    )

    @staticmethod
    def plan_for(rows) -> str:
        return ",".join(f"{row.application.pk}:{row.proposed}" for row in rows)

    def clean_plan(self) -> dict[int, int]:
        try:
            pairs = [item.split(":") for item in self.cleaned_data["plan"].split(",")]
            return {int(pk): int(amount) for pk, amount in pairs}
        except ValueError:
            raise forms.ValidationError(
                _("Listen over vedtak mangler. Åpne siden på nytt.")
            ) from None


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Begrunnelse"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ProposedAmountsForm(forms.Form):
    """One optional amount per application on the ranking board."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            application = row.application
            case = row.case
            self.fields[f"proposed_{application.pk}"] = OptionalKronerField(
                label=_("Foreslått beløp for %(title)s") % {"title": application.title},
                required=False,
                initial=case.proposed_amount if case else None,
            )
