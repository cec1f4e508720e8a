"""A partner is listed once (by organisation number and by name), and its role is chosen."""

import pytest
from django.core.exceptions import ValidationError

from applications.applying import services
from applications.applying.forms import PartnerForm
from applications.models import Membership
from tests.factories import DraftFactory, MembershipFactory, MunicipalityFactory, PartnerFactory

pytestmark = pytest.mark.django_db
ORGNR = "974760673"


@pytest.fixture
def draft():
    return DraftFactory()


@pytest.fixture
def editor(draft):
    return MembershipFactory(organisation=draft.organisation, role=Membership.Role.EDITOR).user


def _values(**kwargs):
    return {
        "name": "Fagskolen i Nordland",
        "orgnr": "",
        "role": "education_provider",
        "municipality": MunicipalityFactory(),
        **kwargs,
    }


def test_the_same_organisation_number_twice_is_refused(draft, editor):
    PartnerFactory(application=draft, name="Fagskolen", orgnr=ORGNR)
    with pytest.raises(ValidationError) as error:
        services.partner_save(
            application=draft, values=_values(name="Annet navn", orgnr=ORGNR), by=editor
        )
    assert "står allerede i listen" in " ".join(error.value.message_dict["orgnr"])
    assert draft.partners.count() == 1


def test_the_same_name_twice_is_refused_whatever_the_case(draft, editor):
    PartnerFactory(application=draft, name="Fagskolen i Nordland")
    with pytest.raises(ValidationError) as error:
        services.partner_save(
            application=draft, values=_values(name="fagskolen i nordland"), by=editor
        )
    assert "står allerede i listen" in " ".join(error.value.message_dict["name"])


def test_changing_a_partner_is_not_a_duplicate_of_itself(draft, editor):
    partner = PartnerFactory(application=draft, name="Fagskolen i Nordland", orgnr=ORGNR)
    services.partner_save(
        application=draft,
        partner=partner,
        values=_values(orgnr=ORGNR, role="development_partner"),
        version=draft.section_version("partners"),
        by=editor,
    )
    partner.refresh_from_db()
    assert partner.role == "development_partner"


def test_the_role_has_no_default_and_must_be_chosen():
    form = PartnerForm()
    assert form.fields["role"].choices[0][0] == ""
    assert form.fields["role"].required
    assert 'value="development_partner" selected' not in str(form["role"])
    bound = PartnerForm({"name": "Fagskolen", "orgnr": "", "role": ""})
    assert not bound.is_valid()
    assert "role" in bound.errors
