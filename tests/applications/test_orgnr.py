import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from applications.orgnr import format_orgnr, normalise_orgnr, orgnr_from_sequence, validate_orgnr
from tests.factories import ApplicationFactory, OrganisationFactory


@pytest.mark.parametrize(
    "typed",
    [
        "974760673",
        "974 760 673",
        " 974 760 673 ",
        "974.760.673",
        "NO 974 760 673 MVA",
        "no974760673mva",
    ],
)
def test_valid_numbers_in_the_forms_people_type(typed):
    assert validate_orgnr(typed) == "974760673"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("974760674", "checksum"),
        ("97476067", "length"),
        ("9747606733", "length"),
        ("97476O673", "format"),
        ("abc", "format"),
        ("", "required"),
    ],
)
def test_invalid_numbers_are_refused_with_a_reason(typed, code):
    with pytest.raises(ValidationError) as error:
        validate_orgnr(typed)
    assert error.value.code == code


def test_remainder_one_is_never_a_valid_number():
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    base = next(
        f"{n:08d}"
        for n in range(10_000_000, 10_001_000)
        if sum(w * int(d) for w, d in zip(weights, f"{n:08d}", strict=True)) % 11 == 1
    )
    for digit in "0123456789":
        with pytest.raises(ValidationError):
            validate_orgnr(base + digit)


def test_normalise_keeps_only_the_digits_people_meant():
    assert normalise_orgnr("NO 974 760 673 MVA") == "974760673"
    assert format_orgnr("974760673") == "974 760 673"


def test_generated_numbers_are_valid_and_distinct():
    numbers = {orgnr_from_sequence(n) for n in range(500)}
    assert len(numbers) == 500
    for number in numbers:
        assert validate_orgnr(number) == number


@pytest.mark.django_db
def test_organisation_numbers_are_unique():
    OrganisationFactory(orgnr="974760673")
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(orgnr="974760673")


@pytest.mark.django_db
def test_organisation_number_must_be_nine_digits_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(orgnr="12345")


@pytest.mark.django_db
def test_model_validation_refuses_a_bad_checksum():
    organisation = OrganisationFactory.build(orgnr="974760674", county=None)
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "orgnr" in error.value.message_dict


@pytest.mark.django_db
def test_requested_amount_cannot_be_negative():
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(requested_amount=-1)


@pytest.mark.django_db
def test_application_reference_is_unique():
    ApplicationFactory(reference="KRN-2026-1-001")
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(reference="KRN-2026-1-001")
