"""The decision-maker's declaration on the case page and on the ranking board's bulk award."""

import re

import pytest

from awards.models import Decision, DecisionDeclaration
from tests.awards.conftest import make_eligible
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _case_url(application):
    return f"/admin/applications/application/{application.pk}/assessment/"


def _award_url(call):
    return f"/admin/calls/call/{call.pk}/ranking/award/"


def _decide(client, application, **extra):
    data = {"action": "decide", "outcome": "award", "amount": "1 200 000", **extra}
    return client.post(_case_url(application), data)


def test_the_case_page_asks_for_the_declaration_beside_the_decision(client, adviser, eligible):
    client.force_login(adviser)
    html = client.get(_case_url(eligible)).content.decode()
    form = re.search(r"<form[^>]*data-decision-form.*?</form>", html, re.S).group(0)
    assert "Jeg er habil i denne saken" in form
    assert "Jeg er inhabil (forvaltningsloven § 6)" in form
    assert 'name="declaration-reason"' in form


def test_deciding_without_the_declaration_is_refused_and_keeps_the_input(client, adviser, eligible):
    client.force_login(adviser)
    response = _decide(client, eligible)
    html = response.content.decode()
    assert response.status_code == 200
    summary = re.search(r'id="decision-errors".*?</div>', html, re.S).group(0)
    assert "Erklær om du er habil i saken før du fatter vedtak." in summary
    assert 'href="#id_declaration-impartial_0"' in summary
    assert re.search(r'name="amount"[^>]*value="1 200 000"', html)
    assert not Decision.objects.exists()
    assert not DecisionDeclaration.objects.exists()


def test_declaring_impartial_and_deciding_records_both(client, adviser, eligible):
    client.force_login(adviser)
    response = _decide(client, eligible, **{"declaration-impartial": "1"})
    assert response.status_code == 302
    assert Decision.objects.get(application=eligible).amount == 1_200_000
    declaration = DecisionDeclaration.objects.get(application=eligible, user=adviser)
    assert declaration.impartial
    html = client.get(_case_url(eligible)).content.decode()
    # The list of declarations on the case, and the choice ticked for the next change.
    assert re.search(r'id="decision-declarations".*?habil', html, re.S)
    assert re.search(r'<input[^>]*name="declaration-impartial"[^>]*value="1"[^>]*checked', html)


def test_a_declared_conflict_is_recorded_and_decides_nothing(client, adviser, eligible):
    client.force_login(adviser)
    response = _decide(
        client,
        eligible,
        **{"declaration-impartial": "0", "declaration-reason": "Broren min er prosjektleder."},
    )
    assert response.status_code == 302
    assert not Decision.objects.exists()
    declaration = DecisionDeclaration.objects.get(application=eligible, user=adviser)
    assert (declaration.impartial, declaration.conflict_reason) == (
        False,
        "Broren min er prosjektleder.",
    )
    html = client.get(_case_url(eligible)).content.decode()
    assert 'id="own-conflict"' in html
    assert "data-decision-form" not in html
    assert "Broren min er prosjektleder." in html
    # Posting a decision anyway is refused by the service.
    response = _decide(client, eligible, **{"declaration-impartial": "1"})
    assert "erklært deg inhabil" in response.content.decode()
    assert not Decision.objects.exists()


def test_a_conflict_without_a_reason_is_refused(client, adviser, eligible):
    client.force_login(adviser)
    response = _decide(client, eligible, **{"declaration-impartial": "0"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Skriv hvorfor du er inhabil." in html
    assert not DecisionDeclaration.objects.exists()


def test_an_adviser_acting_for_the_applicant_is_refused_on_the_case_page(client, adviser, eligible):
    MembershipFactory(organisation=eligible.organisation, user=adviser)
    client.force_login(adviser)
    response = _decide(client, eligible, **{"declaration-impartial": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "inhabil i saken" in html
    assert not Decision.objects.exists()
    assert not DecisionDeclaration.objects.exists()


def test_a_partner_reviewer_cannot_declare_through_the_case_page(client, reviewer, eligible):
    client.force_login(reviewer)
    response = _decide(client, eligible, **{"declaration-impartial": "1"})
    assert response.status_code == 403
    assert not DecisionDeclaration.objects.exists()


# --- The bulk award -------------------------------------------------------------------------------


def _board(call):
    return [
        make_eligible(call, requested_amount=2_000_000, reference=f"A-{n}", title=f"Prosjekt {n}")
        for n in (1, 2)
    ]


def _plan(html: str) -> str:
    return re.search(r'name="plan" value="([^"]*)"', html).group(1)


def test_the_confirmation_asks_for_one_declaration_covering_all(client, adviser, call):
    _board(call)
    client.force_login(adviser)
    html = client.get(_award_url(call)).content.decode()
    assert "Jeg er habil i alle disse sakene" in html
    response = client.post(_award_url(call), {"plan": _plan(html)})
    html = response.content.decode()
    assert "Bekreft at du er habil i alle sakene" in html
    assert not Decision.objects.exists()
    response = client.post(_award_url(call), {"plan": _plan(html), "impartial": "on"})
    assert response.status_code == 302
    assert DecisionDeclaration.objects.filter(user=adviser, impartial=True).count() == 2


def test_a_conflict_on_one_is_named_before_confirming_and_refuses_all(client, adviser, call):
    first, second = _board(call)
    MembershipFactory(organisation=second.organisation, user=adviser)
    client.force_login(adviser)
    html = client.get(_award_url(call)).content.decode()
    problems = re.search(r'id="bulk-award-problems".*?</div>', html, re.S).group(0)
    assert "Prosjekt 2" in problems and "inhabil" in problems
    assert 'name="plan"' not in html  # no confirmation to press
    plan = f"{first.pk}:2000000,{second.pk}:2000000"
    response = client.post(_award_url(call), {"plan": plan, "impartial": "on"})
    assert "Prosjekt 2" in response.content.decode()
    assert not Decision.objects.exists()
    assert not DecisionDeclaration.objects.exists()
