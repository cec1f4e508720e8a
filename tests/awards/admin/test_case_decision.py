"""The decision on the case page: each outcome's fields apart, errors beside their fields, and
the applications before and after in ranking order."""

import re

import pytest

from awards.models import Decision
from tests.awards.conftest import make_eligible

pytestmark = pytest.mark.django_db


def _case_url(application):
    return f"/admin/applications/application/{application.pk}/assessment/"


def _fieldset(html: str, outcome: str) -> str:
    match = re.search(rf'<fieldset[^>]*data-outcome="{outcome}"[^>]*>(.*?)</fieldset>', html, re.S)
    assert match, f"no fields for {outcome}"
    return match.group(0)


def _input(html: str, name: str) -> str:
    return re.search(rf'<(?:input|select|textarea)[^>]*name="{name}"[^>]*>', html).group(0)


def test_each_outcome_has_its_own_fields_and_all_show_without_script(client, adviser, eligible):
    client.force_login(adviser)
    html = client.get(_case_url(eligible)).content.decode()
    award, reject = _fieldset(html, "award"), _fieldset(html, "reject")
    for name in ("amount", "conditions", "payout_deadline"):
        assert f'name="{name}"' in award and f'name="{name}"' not in reject
    for name in ("rejection_reason", "rejection_text"):
        assert f'name="{name}"' in reject and f'name="{name}"' not in award
    assert " hidden" not in award and " hidden" not in reject  # the script hides, not the server
    assert "js/decision-form.js" in html


def test_a_refusal_of_the_service_stands_beside_its_field(client, adviser, eligible):
    client.force_login(adviser)
    response = client.post(
        _case_url(eligible),
        {
            "action": "decide",
            "declaration-impartial": "1",
            "outcome": "award",
            "amount": "2 500 000",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert not Decision.objects.exists()
    amount = _input(html, "amount")
    assert 'aria-invalid="true"' in amount
    assert re.search(r'aria-describedby="[^"]*id_amount_error', amount)
    error = re.search(r'<ul class="errorlist" id="id_amount_error">(.*?)</ul>', html, re.S)
    assert error and "større enn søkt beløp" in error.group(1)
    # And listed above the form, linking to the field.
    summary = re.search(r'id="decision-errors".*?</div>', html, re.S).group(0)
    assert 'href="#id_amount"' in summary and "større enn søkt beløp" in summary


def test_an_award_without_an_amount_is_refused_at_the_amount(client, adviser, eligible):
    client.force_login(adviser)
    html = client.post(
        _case_url(eligible), {"action": "decide", "declaration-impartial": "1", "outcome": "award"}
    ).content
    error = re.search(r'id="id_amount_error">(.*?)</ul>', html.decode(), re.S)
    assert error and "Oppgi tildelt beløp" in error.group(1)
    assert not Decision.objects.exists()


def test_the_other_outcomes_fields_are_ignored(client, adviser, eligible):
    client.force_login(adviser)
    response = client.post(
        _case_url(eligible),
        {
            "action": "decide",
            "declaration-impartial": "1",
            "outcome": "reject",
            "amount": "ikke et beløp",
            "payout_deadline": "i morgen",
            "rejection_reason": "low_score",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get(application=eligible)
    assert (decision.outcome, decision.amount, decision.payout_deadline) == ("reject", None, None)


def test_the_case_page_links_to_the_applications_before_and_after_in_ranking_order(
    client, adviser, call
):
    third = make_eligible(call, reference="A-3", title="Tredje prosjekt")
    first = make_eligible(call, reference="A-1", title="Første prosjekt")
    second = make_eligible(call, reference="A-2", title="Andre prosjekt")
    client.force_login(adviser)

    html = client.get(_case_url(second)).content.decode()
    assert re.search(rf'href="{_case_url(first)}" rel="prev"', html)
    assert re.search(rf'href="{_case_url(third)}" rel="next"', html)
    assert re.search(r"Nummer 2 av 3 i rangeringen", html)

    first_page = client.get(_case_url(first)).content.decode()
    assert 'rel="prev"' not in first_page
    assert re.search(rf'href="{_case_url(second)}" rel="next"', first_page)
    assert 'rel="next"' not in client.get(_case_url(third)).content.decode()
