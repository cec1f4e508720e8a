"""Amounts in the advisers' admin are shown and typed the Norwegian way."""

import pytest
from django.core.exceptions import ValidationError

from awards.admin.forms import DecisionForm
from awards.models import Case
from tests import deciding
from tests.awards.conftest import make_eligible

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def test_the_ranking_board_shows_proposed_amounts_grouped(client, adviser, call):
    application = make_eligible(call, requested_amount=2_900_000)
    Case.objects.filter(application=application).update(proposed_amount=2_900_000)
    client.force_login(adviser)
    html = client.get(f"/admin/calls/call/{call.pk}/ranking/").content.decode()
    assert 'value="2 900 000"' in html
    assert 'value="2900000"' not in html
    assert 'type="number"' not in html


def test_the_ranking_board_accepts_amounts_with_spaces(client, adviser, call):
    application = make_eligible(call, requested_amount=2_900_000)
    client.force_login(adviser)
    response = client.post(
        f"/admin/calls/call/{call.pk}/ranking/",
        {f"proposed_{application.pk}": "2 500 000 kr"},
        follow=True,
    )
    assert response.status_code == 200
    assert Case.objects.get(application=application).proposed_amount == 2_500_000


def test_the_decision_form_accepts_an_amount_with_spaces():
    form = DecisionForm({"outcome": "award", "amount": "1 000 000"}, stage="application")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == 1_000_000


def test_the_budget_guard_formats_its_amounts(adviser, call):
    first, second = (make_eligible(call, requested_amount=3_000_000) for _ in range(2))
    deciding.decision_make(application=first, outcome="award", amount=3_000_000, by=adviser)
    with pytest.raises(ValidationError) as error:
        deciding.decision_make(application=second, outcome="award", amount=2_500_000, by=adviser)
    message = error.value.messages[0]
    assert f"3{NBSP}000{NBSP}000{NBSP}kr" in message.replace(" ", NBSP)
    assert "3000000" not in message and "5000000" not in message
