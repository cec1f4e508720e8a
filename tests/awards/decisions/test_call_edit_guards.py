"""Editing a call once its assessment has started: the budget covers what is awarded, and the
criteria's weights stay as they were once reviewers have given scores."""

import pytest
from django.core.exceptions import ValidationError

from awards.assessment import services as assessment_services
from awards.models import ReviewAssignment
from calls.models import Call, Criterion
from tests import deciding
from tests.admin_forms import change_form_data
from tests.awards.conftest import make_eligible
from tests.factories import ReviewAssignmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def awarded(adviser, call):
    """Two awards of 1.5 million each from the call's 5 million."""
    for _ in range(2):
        application = make_eligible(call, requested_amount=2_000_000)
        deciding.decision_make(
            application=application, outcome="award", amount=1_500_000, by=adviser
        )
    return call


@pytest.fixture
def scored(call, reviewer):
    application = make_eligible(call)
    assignment = ReviewAssignmentFactory(
        application=application,
        reviewer=reviewer,
        impartiality=ReviewAssignment.Impartiality.IMPARTIAL,
    )
    first = call.criteria.order_by("order").first()
    assessment_services.scores_save(
        assignment=assignment, scores={first.pk: (4, "")}, submit=False, by=reviewer
    )
    return call


def _post_call_form(client, call, change):
    url = f"/admin/calls/call/{call.pk}/change/"
    data = change_form_data(client.get(url).content.decode())
    change(data)
    return client.post(url, {**data, "_save": "Lagre"})


def test_the_budget_cannot_go_below_what_is_awarded(awarded):
    awarded.budget = 2_999_999
    awarded.max_amount_per_project = 2_000_000
    with pytest.raises(ValidationError) as error:
        awarded.full_clean()
    assert "budget" in error.value.message_dict
    awarded.budget = 3_000_000
    awarded.full_clean()  # exactly what is awarded is fine


def test_the_admin_refuses_a_budget_below_what_is_awarded_on_the_field(client, adviser, awarded):
    client.force_login(adviser)

    def lower(data):
        data["budget"] = ["2000000"]
        data["max_amount_per_project"] = ["1000000"]

    response = _post_call_form(client, awarded, lower)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Rammen kan ikke være lavere enn det som allerede er tildelt" in " ".join(
        errors["budget"]
    )
    assert "3\u00a0000\u00a0000\u00a0kr" in " ".join(errors["budget"])
    assert Call.objects.get(pk=awarded.pk).budget == 5_000_000


def test_the_admin_accepts_a_budget_that_covers_the_awards(client, adviser, awarded):
    client.force_login(adviser)
    response = _post_call_form(client, awarded, lambda data: data.update(budget=["4000000"]))
    assert response.status_code == 302
    assert Call.objects.get(pk=awarded.pk).budget == 4_000_000


def test_weights_are_frozen_once_scores_exist(scored):
    criterion = scored.criteria.order_by("order").last()
    criterion.weight = 10
    with pytest.raises(ValidationError) as error:
        criterion.full_clean()
    assert "låst" in " ".join(error.value.message_dict["weight"])
    criterion.name = "Nytt navn"
    criterion.weight = Criterion.objects.get(pk=criterion.pk).weight
    criterion.full_clean()  # the wording may still be corrected


def test_no_criterion_is_added_once_scores_exist(scored):
    with pytest.raises(ValidationError, match="nye kriterier kan ikke legges til"):
        Criterion(call=scored, name="Nytt", weight=0).full_clean()


def test_weights_may_change_before_any_score(call):
    criterion = call.criteria.order_by("order").first()
    criterion.weight = 50
    criterion.full_clean()


def test_the_admin_refuses_new_weights_on_the_field_once_scores_exist(client, adviser, scored):
    client.force_login(adviser)
    before = dict(Criterion.objects.filter(call=scored).values_list("pk", "weight"))

    def reweigh(data):
        data["criteria-0-weight"] = ["50"]
        data["criteria-1-weight"] = ["50"]

    response = _post_call_form(client, scored, reweigh)
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert any("Vekten er låst" in " ".join(form.errors.get("weight", [])) for form in formset)
    assert dict(Criterion.objects.filter(call=scored).values_list("pk", "weight")) == before
