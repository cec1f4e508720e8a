"""Forms for the sections of an application: they clean what people type; services decide what
may be saved."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models import Municipality
from calls.selectors import municipalities_for_call

from ..amounts import KronerField, parse_kroner
from ..orgnr import validate_orgnr
from .models import Partner
from .services import COST_FIELDS, FINANCING_FIELDS
from .targets import target_field


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class VersionedForm(forms.Form):
    """Carries the version of the section the person opened, for optimistic locking.

    Every field may be left empty when saving a draft, but is needed to submit, so the fields
    are not labelled "optional".
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.needed_to_submit = True


class ProjectForm(VersionedForm):
    title = forms.CharField(label=_("Prosjekttittel"), max_length=300, required=False)
    summary = forms.CharField(
        label=_("Sammendrag"),
        required=False,
        max_length=1000,
        error_messages={
            "max_length": _(
                "Sammendraget kan ha høyst 1 000 tegn (du har skrevet %(show_value)d). "
                "Kort det ned."
            )
        },
        help_text=_("Høyst 1 000 tegn. Sammendraget kan bli publisert hvis dere får tilskudd."),
        widget=forms.Textarea(attrs={"rows": 5, "data-counter": "1000"}),
    )
    description = forms.CharField(
        label=_("Prosjektbeskrivelse"),
        required=False,
        help_text=_("Mål, aktiviteter, organisering og hvordan tilbudet skal videreføres."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    project_start = forms.DateField(label=_("Prosjektstart"), required=False, widget=DateInput())
    project_end = forms.DateField(label=_("Prosjektslutt"), required=False, widget=DateInput())
    target_group = forms.CharField(
        label=_("Målgruppe og kompetansebehov"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    planned_offer = forms.CharField(
        label=_("Planlagt tilbud"),
        required=False,
        help_text=_("Studieprogram, etter- og videreutdanning (EVU) eller kurs."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    expected_participants = forms.IntegerField(
        label=_("Forventet antall deltakere"),
        required=False,
        min_value=0,
        max_value=100_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            field = forms.IntegerField(
                label=_("Mål: %(name)s") % {"name": indicator.name},
                required=False,
                min_value=0,
                max_value=10_000_000,
                help_text=indicator.unit,
                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                error_messages={
                    "invalid": _("Skriv et helt tall, for eksempel 12."),
                    "min_value": _("Målet kan ikke være negativt."),
                    "max_value": _("Tallet er for stort."),
                },
            )
            field.needed_to_submit = True
            self.fields[target_field(indicator)] = field

    def targets(self) -> dict[int, int | None]:
        return {i.pk: self.cleaned_data.get(target_field(i)) for i in self.indicators}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("project_start"), cleaned.get("project_end")
        if start and end and end < start:
            self.add_error(
                "project_end", _("Prosjektslutt må være samme dag som eller etter start.")
            )
        return cleaned


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name", "orgnr", "role", "municipality"]
        labels = {
            "name": _("Navn på partner"),
            "orgnr": _("Organisasjonsnummer"),
            "role": _("Rolle i prosjektet"),
            "municipality": _("Kommune"),
        }
        help_texts = {
            "orgnr": _("Valgfritt, 9 sifre. Sjekkes når det er fylt inn."),
            "municipality": _(
                "Der partneren holder til. Med organisasjonsnummer hentes kommunen fra "
                "Enhetsregisteret."
            ),
        }

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    orgnr = forms.CharField(
        label=_("Organisasjonsnummer"),
        required=False,
        max_length=30,
        help_text=_("9 sifre. Sjekkes når det er fylt inn."),
        error_messages={"max_length": _("Organisasjonsnummeret er for langt: det har 9 sifre.")},
    )

    def __init__(self, *args, call=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        # The municipalities valid on the call's deadline, with the zones of that day.
        self.fields["municipality"].queryset = (
            municipalities_for_call(call=call)
            if call is not None
            else Municipality.objects.valid_on(timezone.localdate()).select_related("county")
        ).order_by("name")
        self.fields["municipality"].empty_label = "—"
        # No role chosen for the person: the first one was often left as it was.
        self.fields["role"].choices = [("", _("Velg rolle")), *Partner.Role.choices]
        self.fields["role"].required = True

    def clean_orgnr(self):
        value = self.cleaned_data.get("orgnr", "")
        return validate_orgnr(value) if value.strip() else ""

    def _post_clean(self):
        # The service saves; the model is not validated against a half-built instance here.
        pass


class CostLineForm(forms.Form):
    year = forms.IntegerField(
        label=_("År"),
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": _("Skriv året med fire sifre, for eksempel 2026.")},
    )
    personnel = KronerField(label=_("Personalkostnader"))
    purchased_services = KronerField(label=_("Kjøp av tjenester"))
    equipment = KronerField(label=_("Utstyr"))
    other = KronerField(label=_("Andre kostnader"))

    def clean(self):
        cleaned = super().clean()
        amounts = [
            cleaned.get(name) or 0
            for name in ("personnel", "purchased_services", "equipment", "other")
        ]
        if any(amounts) and not cleaned.get("year") and not self.has_error("year"):
            self.add_error("year", _("Oppgi hvilket år kostnadene gjelder."))
        return cleaned

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not data.get("year") and not any(
            data.get(name) for name in ("personnel", "purchased_services", "equipment", "other")
        )


class BaseCostLineFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        years = [f.cleaned_data["year"] for f in self.forms if not f.is_blank]
        if len(years) != len(set(years)):
            raise ValidationError(_("Hvert år kan bare stå én gang i kostnadsplanen."))


COST_LINES_PREFIX = "costs"  # the cost plan's inputs are named costs-0-year, costs-0-personnel …
CostLineFormSet = forms.formset_factory(
    CostLineForm, formset=BaseCostLineFormSet, extra=0, max_num=10, absolute_max=10
)


class FinancingForm(VersionedForm):
    requested_amount = KronerField(label=_("Søkt tilskudd"))
    own_contribution = KronerField(label=_("Egenfinansiering"))
    other_public_funding = KronerField(label=_("Annen offentlig finansiering"))
    private_funding = KronerField(label=_("Privat finansiering"))


def _typed_kroner(field) -> int:
    """The amount in a field as typed, 0 where it is empty or cannot be read."""
    try:
        return parse_kroner(field.value()) or 0
    except ValidationError:
        return 0


def typed_budget_totals(formset, financing_form) -> dict:
    """The budget summed as it stands in the form, saved or not: a sum per year (row), per kind
    of cost, all costs, and the financing. The page's script keeps these up to date while the
    person types; the server's figures after saving are the ones that count."""
    rows = [sum(_typed_kroner(f[name]) for name in COST_FIELDS) for f in formset.forms]
    return {
        "rows": rows,
        **{name: sum(_typed_kroner(f[name]) for f in formset.forms) for name in COST_FIELDS},
        "costs": sum(rows),
        "financing": sum(_typed_kroner(financing_form[name]) for name in FINANCING_FIELDS),
    }


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Velg fil"),
        help_text=_("PDF, DOCX, XLSX eller ODT."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.docx,.xlsx,.odt,application/pdf,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,"
                "application/vnd.oasis.opendocument.text"
            }
        ),
    )
