"""The Enhetsregisteret client against a local server with the register's recorded answers."""

import time

import pytest

from applications.people.enhetsregisteret import RegisterStatus, entity_lookup
from tests import brreg as answers


def test_a_found_entity_gives_its_name_form_address_municipality_and_industry(brreg):
    entry = entity_lookup(answers.FOUND)
    assert entry.status == RegisterStatus.FOUND
    assert entry.name == "Havromsklyngen Helgeland AS"
    assert (entry.form_code, entry.form_name) == ("AS", "Aksjeselskap")
    assert entry.address == "Havnegata 1, 8800 SANDNESSJØEN"
    assert (entry.municipality_number, entry.municipality_name) == ("1820", "ALSTAHAUG")
    assert (entry.nace_code, entry.nace_name) == ("72.190", "Annen forskning og utviklingsarbeid")
    assert entry.refusal is None
    assert brreg.requests == [f"/enhetsregisteret/api/enheter/{answers.FOUND}"]


def test_an_unknown_number_is_not_found_and_refused(brreg):
    entry = entity_lookup(answers.NOT_FOUND)
    assert entry.status == RegisterStatus.NOT_FOUND
    assert "finnes ikke i Enhetsregisteret" in entry.refusal


def test_a_deleted_entity_answered_with_410_gone_is_deleted_and_refused(brreg):
    entry = entity_lookup(answers.DELETED)
    assert entry.status == RegisterStatus.DELETED
    assert entry.deleted_on == "2023-05-31"
    assert "er slettet i Enhetsregisteret" in entry.refusal


def test_an_entity_with_a_deletion_date_is_deleted_even_when_answered_with_200(brreg):
    brreg.answer(answers.FOUND, "Nedlagt AS", slettedato="2024-01-01")
    assert entity_lookup(answers.FOUND).status == RegisterStatus.DELETED


def test_a_bankrupt_entity_is_refused(brreg):
    entry = entity_lookup(answers.BANKRUPT)
    assert entry.status == RegisterStatus.BANKRUPT
    assert "er konkurs" in entry.refusal
    assert "Konkursbo Fisk AS" in entry.refusal


def test_a_register_that_answers_too_slowly_is_unavailable_after_the_timeout(brreg):
    started = time.monotonic()
    entry = entity_lookup(answers.SLOW)
    assert entry.status == RegisterStatus.UNAVAILABLE
    assert entry.refusal is None  # the person may go on
    assert time.monotonic() - started < answers.SLOW_SECONDS


def test_an_answer_that_is_not_json_is_unavailable(brreg):
    entry = entity_lookup(answers.GARBAGE)
    assert entry.status == RegisterStatus.UNAVAILABLE
    assert entry.name == ""


@pytest.mark.parametrize(
    "body",
    [b"[1, 2, 3]", b'{"organisasjonsnummer": "999999999"}', b'{"navn": {"a": 1}}', b"null"],
)
def test_json_of_the_wrong_shape_is_unavailable(brreg, body):
    brreg.answers[answers.FOUND] = (200, body, 0)
    assert entity_lookup(answers.FOUND).status == RegisterStatus.UNAVAILABLE


def test_a_server_error_is_unavailable(brreg):
    brreg.answers[answers.FOUND] = (503, b"{}", 0)
    assert entity_lookup(answers.FOUND).status == RegisterStatus.UNAVAILABLE


def test_a_register_that_refuses_connections_is_unavailable(settings):
    settings.UTLYSNING_BRREG_URL = "http://127.0.0.1:9/"
    assert entity_lookup(answers.FOUND).status == RegisterStatus.UNAVAILABLE


def test_answers_are_cached_so_the_register_is_asked_once(brreg):
    entity_lookup(answers.FOUND)
    brreg.answer(answers.FOUND, "Nytt navn AS")
    assert entity_lookup(answers.FOUND).name == "Havromsklyngen Helgeland AS"
    assert len(brreg.requests) == 1
    assert entity_lookup(answers.FOUND, use_cache=False).name == "Nytt navn AS"


def test_an_unanswered_lookup_is_not_cached(brreg):
    entity_lookup(answers.GARBAGE)
    entity_lookup(answers.GARBAGE)
    assert len(brreg.requests) == 2


@pytest.mark.parametrize("orgnr", ["12345", "../../admin", "91000000４"])
def test_a_number_that_is_not_nine_digits_never_reaches_the_register(brreg, orgnr):
    assert entity_lookup(orgnr).status == RegisterStatus.NOT_FOUND
    assert brreg.requests == []
