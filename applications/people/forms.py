"""Forms for organisations and their people, and for leaving the service."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models import County, Municipality

from ..orgnr import validate_orgnr
from . import services
from .enhetsregisteret import RegisterStatus
from .models import Membership, Organisation
from .names import single_line


class OrganisationForm(forms.Form):
    orgnr = forms.CharField(
        label=_("Organisasjonsnummer"),
        max_length=30,
        help_text=_("9 sifre, for eksempel 974 760 673."),
        error_messages={"max_length": _("Organisasjonsnummeret er for langt: det har 9 sifre.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(
        label=_("Navn"),
        max_length=200,
        required=False,
        help_text=_("Tomt felt fylles med navnet i Enhetsregisteret."),
    )
    kind = forms.ChoiceField(label=_("Type organisasjon"), choices=Organisation.Kind.choices)
    address = forms.CharField(label=_("Adresse"), max_length=300, required=False)
    county = forms.ModelChoiceField(
        label=_("Fylke"), queryset=County.objects.none(), required=False, empty_label="—"
    )
    website = forms.URLField(
        label=_("Nettsted"), required=False, assume_scheme="https", max_length=200
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["county"].queryset = County.objects.valid_on(today).order_by("name")

    def clean_orgnr(self):
        return validate_orgnr(self.cleaned_data["orgnr"])

    def clean_name(self):
        return single_line(self.cleaned_data["name"])

    def prefilled(self, entry) -> dict:
        """What was typed, with the empty fields filled from the register's answer."""
        values = {name: self.data.get(name, "") for name in self.fields}
        values["orgnr"] = entry.orgnr
        if entry.status == RegisterStatus.FOUND:
            values["name"] = values["name"].strip() or entry.name
            values["address"] = values["address"].strip() or entry.address
            if not values["county"] and entry.municipality_number:
                municipality = (
                    Municipality.objects.valid_on(timezone.localdate())
                    .filter(number=entry.municipality_number)
                    .first()
                )
                values["county"] = municipality.county_id if municipality else ""
        return values


class FullNameField(forms.CharField):
    """A person's full name as one line, which others see in lists, e-mails and letters."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Fullt navn"))
        kwargs.setdefault("max_length", 150)
        kwargs.setdefault(
            "help_text",
            _("Slik vises du for kolleger og saksbehandlere, for eksempel Kari Nordmann."),
        )
        kwargs.setdefault(
            "error_messages", {"required": _("Skriv inn fullt navn, for eksempel Kari Nordmann.")}
        )
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "name"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        return single_line(super().to_python(value))


class SignupNameForm(forms.Form):
    """What allauth's sign-up form asks besides e-mail and password
    (``ACCOUNT_SIGNUP_FORM_CLASS``)."""

    full_name = FullNameField()

    field_order = ["full_name"]

    def signup(self, request, user) -> None:
        services.user_set_name(user=user, full_name=self.cleaned_data["full_name"])


class NameForm(forms.Form):
    full_name = FullNameField()


class ChooseOrganisationForm(forms.Form):
    organisation = forms.IntegerField(widget=forms.HiddenInput)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-postadresse"))
    role = forms.ChoiceField(
        label=_("Rolle"),
        choices=Membership.Role.choices,
        initial=Membership.Role.EDITOR,
        widget=forms.RadioSelect,
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rolle"), choices=Membership.Role.choices)


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Ja, slett kontoen min"),
        error_messages={"required": _("Kryss av for å bekrefte at du vil slette kontoen.")},
    )
