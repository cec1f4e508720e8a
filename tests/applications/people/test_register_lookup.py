"""Registering an organisation looks it up in Enhetsregisteret: what the register says is
stored and shown, deleted, bankrupt and unknown numbers are refused, and a register that does not
answer lets the person go on with the organisation marked unverified."""

import pytest
from django.core.exceptions import ValidationError

from applications.models import Organisation
from applications.people import services
from applications.people.enhetsregisteret import RegisterStatus
from tests import brreg as answers
from tests.factories import CountyFactory, MunicipalityFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/my/organisations/new/"


def test_a_found_organisation_is_registered_with_what_the_register_says(brreg):
    organisation, _request = services.organisation_register(
        user=UserFactory(), orgnr=answers.FOUND, name="", kind="cluster"
    )
    assert organisation.name == "Havromsklyngen Helgeland AS"  # nothing typed: the register's
    assert organisation.register_status == RegisterStatus.FOUND
    assert organisation.register_name == "Havromsklyngen Helgeland AS"
    assert organisation.register_form == "AS Aksjeselskap"
    assert organisation.register_address == "Havnegata 1, 8800 SANDNESSJØEN"
    assert organisation.register_municipality_number == "1820"
    assert organisation.register_nace == "72.190 Annen forskning og utviklingsarbeid"
    assert organisation.register_checked_at is not None
    assert organisation.confirmation_pending  # an adviser still confirms who acts for it


def test_a_typed_name_is_kept_beside_the_register_name(brreg):
    organisation, _request = services.organisation_register(
        user=UserFactory(), orgnr=answers.FOUND, name="Havromsklyngen", kind="cluster"
    )
    assert (organisation.name, organisation.register_name) == (
        "Havromsklyngen",
        "Havromsklyngen Helgeland AS",
    )


@pytest.mark.parametrize(
    ("orgnr", "code"),
    [
        (answers.DELETED, "deleted"),
        (answers.BANKRUPT, "bankrupt"),
        (answers.NOT_FOUND, "not_found"),
    ],
)
def test_deleted_bankrupt_and_unknown_organisations_are_refused(brreg, orgnr, code):
    with pytest.raises(ValidationError) as error:
        services.organisation_register(user=UserFactory(), orgnr=orgnr, name="X", kind="cluster")
    assert "orgnr" in error.value.message_dict
    assert not Organisation.objects.filter(orgnr=orgnr).exists()


@pytest.mark.parametrize("orgnr", [answers.SLOW, answers.GARBAGE])
def test_a_register_that_does_not_answer_lets_the_person_go_on_unverified(brreg, orgnr):
    organisation, _request = services.organisation_register(
        user=UserFactory(), orgnr=orgnr, name="Klyngen", kind="cluster"
    )
    assert organisation.name == "Klyngen"
    assert organisation.register_status == RegisterStatus.UNAVAILABLE
    assert organisation.register_checked_at is None


def test_without_the_register_a_name_must_be_typed():
    with pytest.raises(ValidationError) as error:
        services.organisation_register(
            user=UserFactory(), orgnr=answers.FOUND, name=" ", kind="cluster"
        )
    assert "name" in error.value.message_dict


def test_an_existing_organisation_is_asked_for_access_without_asking_the_register(brreg):
    existing = OrganisationFactory(orgnr=answers.DELETED)
    organisation, request = services.organisation_register(
        user=UserFactory(), orgnr=answers.DELETED, name="X", kind="cluster"
    )
    assert organisation is None
    assert request.organisation == existing
    assert brreg.requests == []


def test_looking_up_prefills_the_form_and_shows_what_the_register_says(client, brreg):
    county = CountyFactory(name="Nordland")
    MunicipalityFactory(number="1820", name="Alstahaug", county=county)
    client.force_login(UserFactory())
    response = client.post(URL, {"orgnr": "910 000 004", "name": "", "action": "lookup"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dette sier Enhetsregisteret" in html
    assert 'value="Havromsklyngen Helgeland AS"' in html
    assert 'value="Havnegata 1, 8800 SANDNESSJØEN"' in html
    assert f'<option value="{county.pk}" selected>' in html
    assert "72.190 Annen forskning og utviklingsarbeid" in html
    assert "Aksjeselskap" in html
    assert not Organisation.objects.exists()  # looking up registers nothing


def test_looking_up_keeps_what_was_typed(client, brreg):
    client.force_login(UserFactory())
    html = client.post(
        URL, {"orgnr": answers.FOUND, "name": "Mitt navn", "action": "lookup"}
    ).content.decode()
    assert 'value="Mitt navn"' in html


@pytest.mark.parametrize(
    ("orgnr", "message"),
    [
        (answers.DELETED, "er slettet i Enhetsregisteret"),
        (answers.BANKRUPT, "er konkurs ifølge Enhetsregisteret"),
        (answers.NOT_FOUND, "finnes ikke i Enhetsregisteret"),
    ],
)
def test_looking_up_a_refused_number_says_why(client, brreg, orgnr, message):
    client.force_login(UserFactory())
    html = client.post(
        URL, {"orgnr": orgnr, "name": "Typet", "kind": "cluster", "action": "lookup"}
    ).content.decode()
    assert message in html
    assert 'value="Typet"' in html


def test_looking_up_a_malformed_number_shows_the_number_error(client, brreg):
    client.force_login(UserFactory())
    html = client.post(URL, {"orgnr": "12345", "action": "lookup"}).content.decode()
    assert "må ha 9 sifre" in html
    assert brreg.requests == []


def test_registering_a_bankrupt_organisation_is_refused_with_a_message(client, brreg):
    client.force_login(UserFactory())
    response = client.post(URL, {"orgnr": answers.BANKRUPT, "name": "Fisk", "kind": "company"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "er konkurs ifølge Enhetsregisteret" in html
    assert 'value="Fisk"' in html
    assert not Organisation.objects.exists()


def test_registering_while_the_register_is_down_says_it_will_be_checked_later(client):
    client.force_login(UserFactory())
    response = client.post(
        URL, {"orgnr": answers.FOUND, "name": "Klyngen", "kind": "cluster"}, follow=True
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/my/"
    assert "Vi sjekker den i registeret senere" in html
    assert Organisation.objects.get().register_status == RegisterStatus.UNAVAILABLE


def test_looking_up_while_the_register_is_down_says_the_person_can_go_on(client):
    client.force_login(UserFactory())
    html = client.post(URL, {"orgnr": answers.FOUND, "action": "lookup"}).content.decode()
    assert "Enhetsregisteret svarer ikke akkurat nå" in html
    assert f'value="{answers.FOUND}"' in html


def test_looking_up_then_registering_asks_the_register_once(client, brreg):
    client.force_login(UserFactory())
    client.post(URL, {"orgnr": answers.FOUND, "action": "lookup"})
    response = client.post(
        URL, {"orgnr": answers.FOUND, "name": "", "kind": "cluster"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/my/"
    organisation = Organisation.objects.get()
    assert organisation.name == "Havromsklyngen Helgeland AS"
    assert organisation.register_status == RegisterStatus.FOUND
    assert len(brreg.requests) == 1  # the answer was cached
