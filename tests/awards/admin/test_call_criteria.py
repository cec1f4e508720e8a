"""Advisers set up a call's criteria in the admin: scales are ranges and weights add up to 100."""

import pytest
from django.forms import inlineformset_factory

from calls.admin import CriterionFormSet
from calls.models import Call, Criterion
from tests.factories import CallFactory

pytestmark = pytest.mark.django_db
FIELDS = ["order", "name", "description", "weight", "scale_min", "scale_max"]


def _formset(call, rows):
    data = {
        "criteria-TOTAL_FORMS": str(len(rows)),
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for n, (name, weight, low, high) in enumerate(rows):
        data |= {
            f"criteria-{n}-order": str(n),
            f"criteria-{n}-name": name,
            f"criteria-{n}-weight": str(weight),
            f"criteria-{n}-scale_min": str(low),
            f"criteria-{n}-scale_max": str(high),
        }
    factory = inlineformset_factory(Call, Criterion, formset=CriterionFormSet, fields=FIELDS)
    return factory(data, instance=call, prefix="criteria")


def test_weights_that_add_up_to_100_are_accepted():
    formset = _formset(CallFactory(), [("Relevans", 60, 1, 6), ("Gjennomføring", 40, 1, 6)])
    assert formset.is_valid(), formset.errors


def test_weights_that_do_not_add_up_to_100_are_refused_with_the_sum():
    formset = _formset(CallFactory(), [("Relevans", 60, 1, 6), ("Gjennomføring", 30, 1, 6)])
    assert not formset.is_valid()
    assert "100 % (nå 90 %)" in " ".join(formset.non_form_errors())


def test_a_scale_must_be_a_range():
    formset = _formset(CallFactory(), [("Relevans", 100, 6, 1)])
    assert not formset.is_valid()
    assert "Høyeste karakter må være større" in str(formset.errors)


def test_an_adviser_opens_the_call_form_with_its_letter_templates(client, adviser, call):
    client.force_login(adviser)
    html = client.get(f"/admin/calls/call/{call.pk}/change/").content.decode()
    assert "letter_templates-TOTAL_FORMS" in html
    assert f"/admin/calls/call/{call.pk}/preview/" in html
    assert f"/admin/calls/call/{call.pk}/ranking/" in html
