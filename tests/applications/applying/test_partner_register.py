"""A partner firm added by organisation number is looked up in Enhetsregisteret: its
municipality comes from the register (so the district-policy check does not rest on a choice made
by hand), deleted, bankrupt and unknown firms are refused, and the chosen municipality stands when
the register does not answer."""

import pytest
from django.core.exceptions import ValidationError

from applications.applying import services
from applications.applying.selectors import application_has_district_firm
from applications.models import Partner
from applications.people.enhetsregisteret import RegisterStatus
from calls.models import Municipality
from tests import brreg as answers
from tests.factories import DraftFactory, MembershipFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return DraftFactory()


@pytest.fixture
def editor(draft):
    return MembershipFactory(organisation=draft.organisation, role="editor").user


@pytest.fixture
def municipalities():
    central = MunicipalityFactory(number="0301", name="Oslo", district_policy_zone="I")
    alstahaug = MunicipalityFactory(
        number="1820", name="Alstahaug", district_policy_zone=Municipality.Zone.III
    )
    return central, alstahaug


def _firm(orgnr, municipality):
    return {
        "name": "Fjordbedrift",
        "orgnr": orgnr,
        "role": Partner.Role.PARTICIPATING_FIRM,
        "municipality": municipality,
    }


def test_the_register_municipality_replaces_the_one_chosen_by_hand(
    brreg, draft, editor, municipalities
):
    central, alstahaug = municipalities
    partner = services.partner_save(
        application=draft, values=_firm(answers.FOUND, central), by=editor
    )
    assert partner.municipality == alstahaug
    assert partner.register_status == RegisterStatus.FOUND
    assert application_has_district_firm(application=draft)


def test_without_an_answer_the_chosen_municipality_stands(draft, editor, municipalities):
    central, _alstahaug = municipalities
    partner = services.partner_save(
        application=draft, values=_firm(answers.FOUND, central), by=editor
    )
    assert partner.municipality == central
    assert partner.register_status == RegisterStatus.UNAVAILABLE
    assert not application_has_district_firm(application=draft)


def test_a_register_municipality_unknown_here_keeps_the_chosen_one(brreg, draft, editor):
    chosen = MunicipalityFactory(number="1804")
    partner = services.partner_save(
        application=draft, values=_firm(answers.FOUND_ELSEWHERE, chosen), by=editor
    )
    assert partner.municipality == chosen


def test_a_partner_without_an_organisation_number_is_not_looked_up(brreg, draft, editor):
    partner = services.partner_save(application=draft, values=_firm("", None), by=editor)
    assert partner.register_status == ""
    assert brreg.requests == []


@pytest.mark.parametrize(
    ("orgnr", "message"),
    [
        (answers.DELETED, "er slettet i Enhetsregisteret"),
        (answers.BANKRUPT, "er konkurs ifølge Enhetsregisteret"),
        (answers.NOT_FOUND, "finnes ikke i Enhetsregisteret"),
    ],
)
def test_deleted_bankrupt_and_unknown_partners_are_refused(brreg, draft, editor, orgnr, message):
    with pytest.raises(ValidationError) as error:
        services.partner_save(application=draft, values=_firm(orgnr, None), by=editor)
    assert message in error.value.message_dict["orgnr"][0]
    assert not draft.partners.exists()


def _post(client, draft, editor, orgnr, municipality):
    client.force_login(editor)
    return client.post(
        f"/my/applications/{draft.pk}/partners/",
        {
            "name": "Fjordbedrift",
            "orgnr": orgnr,
            "role": Partner.Role.PARTICIPATING_FIRM,
            "municipality": municipality.pk,
            "version": "0",
        },
        follow=True,
    )


def test_the_partner_page_says_the_municipality_came_from_the_register(
    client, brreg, draft, editor, municipalities
):
    central, _alstahaug = municipalities
    html = _post(client, draft, editor, answers.FOUND, central).content.decode()
    assert "Kommunen er hentet fra Enhetsregisteret: Alstahaug." in html
    assert "Alstahaug (Sone III), fra Enhetsregisteret" in html
    assert draft.partners.get().municipality.name == "Alstahaug"


def test_the_partner_page_says_when_the_register_did_not_answer(
    client, draft, editor, municipalities
):
    central, _alstahaug = municipalities
    html = _post(client, draft, editor, answers.FOUND, central).content.decode()
    assert "Enhetsregisteret svarte ikke" in html
    assert "Vi bruker kommunen du valgte." in html
    assert "fra Enhetsregisteret</td>" not in html


def test_the_partner_page_refuses_a_bankrupt_firm_and_keeps_the_typing(
    client, brreg, draft, editor, municipalities
):
    central, _alstahaug = municipalities
    response = _post(client, draft, editor, answers.BANKRUPT, central)
    html = response.content.decode()
    assert "er konkurs ifølge Enhetsregisteret" in html
    assert 'value="Fjordbedrift"' in html
    assert not draft.partners.exists()
