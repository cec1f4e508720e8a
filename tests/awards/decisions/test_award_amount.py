"""One source for the awarded amount: the decision. The award admin cannot move it."""

import datetime as dt

import pytest

from awards.decisions import services as decision_services
from awards.letters import services as letter_services
from awards.models import Award, Decision
from tests import deciding

pytestmark = pytest.mark.django_db


@pytest.fixture
def award(adviser, eligible):
    deciding.decision_make(
        application=eligible,
        outcome="award",
        amount=1_500_000,
        payout_deadline=dt.date(2028, 6, 30),
        by=adviser,
    )
    letter_services.letter_send(application=eligible, by=adviser)
    decision_services.results_publish(call=eligible.call, by=adviser)
    return Award.objects.get(application=eligible)


def _snapshot(award):
    award = Award.objects.with_amount().get(pk=award.pk)
    decision = award.application.decision
    return {
        "award": {field.attname: getattr(award, field.attname) for field in Award._meta.fields},
        "amount": award.amount,
        "decision": (decision.amount, decision.decided_at, decision.letter_sent_at),
    }


def test_an_award_keeps_no_amount_of_its_own():
    assert "amount" not in {field.name for field in Award._meta.get_fields()}


def test_the_award_shows_the_decisions_amount(award):
    assert Award.objects.with_amount().get(pk=award.pk).amount == 1_500_000


def test_posting_an_amount_to_the_award_change_form_moves_nothing(client, adviser, award):
    """Past the budget (5 million), the call's maximum (3 million) and the decision."""
    before = _snapshot(award)
    client.force_login(adviser)
    url = f"/admin/awards/award/{award.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "application": award.application_id,
            "amount": "9000000",
            "decided_at_0": "2030-01-01",
            "decided_at_1": "12:00:00",
            "is_published": "",
            "is_illustrative": "on",
            "project_starts_on": "2030-01-01",
            "project_ends_on": "2031-01-01",
            "_save": "Lagre",
        },
    )
    assert response.status_code in {302, 403}
    assert _snapshot(award) == before
    assert Decision.objects.get(application=award.application).amount == 1_500_000


def test_the_award_admin_list_shows_the_decisions_amount(client, adviser, award):
    client.force_login(adviser)
    html = client.get("/admin/awards/award/").content.decode()
    assert "1\u00a0500\u00a0000\u00a0kr" in html
