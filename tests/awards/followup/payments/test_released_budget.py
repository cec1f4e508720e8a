"""Money a grant no longer binds goes back to the call's budget line on the ranking board."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.decisions.ranking import call_ranking
from awards.followup import services as followup_services
from awards.followup.payments import closeout
from tests import deciding
from tests.awards.conftest import make_eligible

from .conftest import pay, request_payout

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def kr(amount: int) -> str:
    return f"{amount:,}".replace(",", NBSP) + f"{NBSP}kr"


def _row(ranking, application):
    return next(row for row in ranking.rows if row.application.pk == application.pk)


@pytest.fixture
def below(offered):
    """Two more applications on the 5 000 000 kr budget: 3 000 000 kr fits after the offered
    1 500 000 kr, the next 1 000 000 kr does not."""
    call = offered.award.application.call
    return (
        make_eligible(call, requested_amount=3_000_000),
        make_eligible(call, requested_amount=1_000_000),
    )


def test_a_declined_offer_lets_the_next_application_above_the_line(offered, org_admin, below):
    second, third = below
    call = offered.award.application.call
    before = call_ranking(call=call)
    assert _row(before, second).above_line and not _row(before, third).above_line
    assert before.remaining == 5_000_000 - 1_500_000 - 3_000_000

    followup_services.grant_decline(grant=offered, by=org_admin, reason="Fikk ikke lærere.")

    after = call_ranking(call=call)
    declined = _row(after, offered.award.application)
    assert (declined.proposed, declined.released, declined.above_line) == (0, 1_500_000, True)
    assert _row(after, third).above_line
    assert [row.application.pk for row in after.to_award] == [second.pk, third.pk]
    assert after.released_total == 1_500_000
    assert after.remaining == 5_000_000 - 3_000_000 - 1_000_000


def test_the_released_money_can_be_awarded_again(offered, org_admin, adviser, below):
    second, third = below
    deciding.decision_make(application=second, outcome="award", amount=3_000_000, by=adviser)
    with pytest.raises(ValidationError, match="over rammen"):
        deciding.decision_make(application=third, outcome="award", amount=1_000_000, by=adviser)
    followup_services.grant_decline(grant=offered, by=org_admin, reason="Fikk ikke lærere.")
    deciding.decision_make(application=third, outcome="award", amount=1_000_000, by=adviser)
    ranking = call_ranking(call=offered.award.application.call)
    # Budget less what the awards still bind: the declined offer counts nothing, none twice.
    assert ranking.awarded_total == 4_000_000
    assert ranking.remaining == 1_000_000
    assert ranking.to_award == []


def test_the_board_says_what_was_put_back_and_counts_it_once(
    client, offered, org_admin, adviser, below, settings
):
    settings.UTLYSNING_STAFF_MFA_REQUIRED = False
    second, third = below
    deciding.decision_make(application=second, outcome="award", amount=3_000_000, by=adviser)
    followup_services.grant_decline(grant=offered, by=org_admin, reason="Fikk ikke lærere.")
    client.force_login(adviser)
    page = client.get(
        reverse("admin:calls_call_ranking", args=[offered.award.application.call_id])
    ).content.decode()
    assert f"Frigjort: {kr(1_500_000)} er lagt tilbake i rammen." in page
    # Budget 5 000 000 less the active award (3 000 000) and the proposal now above the line.
    remaining = page.split("Igjen av rammen")[1][:60]
    assert kr(1_000_000) in remaining
    assert page.index(f'data-application="{third.pk}"') < page.index('id="funding-line"')
    assert 'class="below-line"' not in page


def test_an_underspend_at_close_adds_back_only_the_unpaid_part(
    accepted, org_admin, checker, approver, below
):
    second, third = below
    call = accepted.award.application.call
    pay(request_payout(accepted, by=org_admin), checker=checker, approver=approver)  # 30 %
    assert not _row(call_ranking(call=call), third).above_line
    closeout.grant_close(grant=accepted, by=checker, cancel_remainder=True)

    ranking = call_ranking(call=call)
    closed = _row(ranking, accepted.award.application)
    assert (closed.proposed, closed.released) == (450_000, 1_050_000)
    assert ranking.released_total == 1_050_000
    assert _row(ranking, third).above_line
    assert ranking.remaining == 5_000_000 - 450_000 - 3_000_000 - 1_000_000


def test_an_active_grant_gives_nothing_back(accepted, org_admin, checker, approver, below):
    pay(request_payout(accepted, by=org_admin), checker=checker, approver=approver)
    ranking = call_ranking(call=accepted.award.application.call)
    assert ranking.released_total == 0
    assert _row(ranking, accepted.award.application).proposed == 1_500_000


def test_the_board_export_lists_what_each_grant_gave_back(
    client, offered, org_admin, adviser, below, settings
):
    import csv
    import io

    settings.UTLYSNING_STAFF_MFA_REQUIRED = False
    followup_services.grant_decline(grant=offered, by=org_admin, reason="Fikk ikke lærere.")
    client.force_login(adviser)
    url = reverse(
        "admin:calls_call_ranking_export", args=[offered.award.application.call_id, "csv"]
    )
    text = client.get(url).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    declined = next(r for r in rows if r["Prosjekt"] == offered.award.application.title)
    assert (declined["Foreslått beløp"], declined["Frigjort"]) == ("0", "1500000")
    assert {r["Frigjort"] for r in rows if r is not declined} == {""}
    assert [r["Over streken"] for r in rows] == ["ja", "ja", "ja"]
