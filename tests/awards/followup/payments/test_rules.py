"""The payout cap, the split of a grant into instalments and the payment plan per call."""

import datetime as dt
from types import SimpleNamespace

import pytest

from awards.followup.payments import rules
from calls.models import PaymentPlanShare, payment_plan
from tests.factories import CallFactory


def _instalment(amount, *, advance=False):
    return SimpleNamespace(amount=amount, is_advance=advance)


def _cap(amount, documented, *, paid_before=0, advance=False, grant=1_500_000, budget=3_000_000):
    return rules.payable_cap(
        instalment=_instalment(amount, advance=advance),
        documented=documented,
        grant_amount=grant,
        budget_total=budget,
        paid_before=paid_before,
    )


def test_an_advance_pays_its_amount_without_documented_costs():
    assert _cap(450_000, 0, advance=True) == 450_000


def test_an_instalment_pays_the_grants_share_of_the_documented_costs_less_what_was_paid():
    # Half of 2 000 000 documented is 1 000 000; the advance of 450 000 is earned back first.
    assert _cap(750_000, 2_000_000, paid_before=450_000) == 550_000


def test_an_instalment_never_pays_more_than_its_own_amount():
    assert _cap(750_000, 3_000_000, paid_before=450_000) == 750_000


def test_exactly_enough_documented_pays_the_whole_instalment():
    assert _cap(750_000, 2_400_000, paid_before=450_000) == 750_000
    assert _cap(750_000, 2_399_998, paid_before=450_000) == 749_999


def test_documented_costs_below_what_was_paid_give_nothing_and_never_a_negative_amount():
    assert _cap(750_000, 800_000, paid_before=450_000) == 0


def test_the_share_is_at_most_one_when_the_grant_is_above_the_budget():
    assert _cap(750_000, 500_000, grant=5_000_000, budget=1_000_000) == 500_000


def test_a_budget_of_nothing_counts_the_costs_in_full():
    assert _cap(750_000, 100_000, budget=0) == 100_000


def test_the_split_puts_the_rounding_on_the_last_share():
    assert rules.split_amount(1_000_001, [30, 50, 20]) == [300_000, 500_000, 200_001]
    assert sum(rules.split_amount(999_999, [33, 33, 34])) == 999_999


def test_months_are_added_to_the_end_of_a_shorter_month():
    assert rules.add_months(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 29)
    assert rules.add_months(dt.date(2027, 12, 31), 3) == dt.date(2028, 3, 31)


@pytest.mark.django_db
def test_a_call_without_a_plan_of_its_own_pays_30_50_20():
    plan = payment_plan(CallFactory())
    assert [percent for percent, _label, _advance in plan] == [30, 50, 20]
    assert [advance for _percent, _label, advance in plan] == [True, False, False]


@pytest.mark.django_db
def test_a_calls_own_plan_must_add_up_to_100_percent():
    call = CallFactory()
    PaymentPlanShare.objects.create(call=call, order=1, percent=40, label="Forskudd")
    PaymentPlanShare.objects.create(call=call, order=2, percent=50, label="Slutt")
    with pytest.raises(ValueError, match="90 %"):
        payment_plan(call)
    PaymentPlanShare.objects.create(call=call, order=3, percent=10, label="Rest")
    assert [p for p, _l, _a in payment_plan(call)] == [40, 50, 10]


@pytest.mark.django_db
def test_the_call_admin_refuses_a_plan_that_does_not_add_up():

    from django.forms import inlineformset_factory

    from calls.admin import PaymentPlanFormSet
    from calls.models import Call

    call = CallFactory()
    formset_class = inlineformset_factory(
        Call, PaymentPlanShare, formset=PaymentPlanFormSet, fields=["order", "percent", "label"]
    )
    data = {
        "payment_plan-TOTAL_FORMS": "2",
        "payment_plan-INITIAL_FORMS": "0",
        "payment_plan-0-order": "1",
        "payment_plan-0-percent": "30",
        "payment_plan-0-label": "Forskudd",
        "payment_plan-1-order": "2",
        "payment_plan-1-percent": "60",
        "payment_plan-1-label": "Slutt",
    }
    formset = formset_class(data, instance=call)
    assert not formset.is_valid()
    assert "må til sammen bli 100 % (nå 90 %)" in " ".join(formset.non_form_errors())
    data["payment_plan-1-percent"] = "70"
    assert formset_class(data, instance=call).is_valid()
