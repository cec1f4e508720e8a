"""Decisions: amounts, the call's budget (also under concurrent decisions), sketches, changes after
the letter, publication only after the letter."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from applications.models import Application
from awards import roles
from awards.decisions import services as decision_services
from awards.letters import services as letter_services
from awards.models import Award, Decision
from calls.models import Call
from tests import deciding
from tests.awards.conftest import make_eligible
from tests.factories import ApplicationFactory, CallFactory, CaseFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_an_award_sets_the_status_and_an_unpublished_award(adviser, eligible):
    decision = deciding.decision_make(
        application=eligible,
        outcome="award",
        amount=1_500_000,
        conditions="Avtale med fagskolen.",
        payout_deadline=dt.date(2028, 12, 31),
        by=adviser,
    )
    eligible.refresh_from_db()
    assert eligible.status == Application.Status.AWARDED
    award = Award.objects.get(application=eligible)
    assert (award.amount, award.is_published) == (1_500_000, False)
    assert decision.decided_by == adviser


def test_an_amount_above_the_requested_is_refused(adviser, eligible):
    with pytest.raises(ValidationError, match="større enn søkt beløp"):
        deciding.decision_make(application=eligible, outcome="award", amount=2_000_001, by=adviser)
    assert not Award.objects.filter(application=eligible).exists()


def test_an_application_must_pass_the_formal_check_before_it_is_awarded(adviser, application):
    with pytest.raises(ValidationError, match="formelle kravene"):
        deciding.decision_make(application=application, outcome="award", amount=1000, by=adviser)


def test_a_rejection_needs_a_reason_from_the_list(adviser, application):
    with pytest.raises(ValidationError, match="avslagsgrunn"):
        deciding.decision_make(application=application, outcome="reject", by=adviser)
    deciding.decision_make(
        application=application,
        outcome="reject",
        rejection_reason="budget",
        rejection_text="Mange gode søknader.",
        by=adviser,
    )
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED


def test_awards_never_exceed_the_budget(adviser, call):
    first, second, third = (make_eligible(call, requested_amount=2_000_000) for _ in range(3))
    deciding.decision_make(application=first, outcome="award", amount=2_000_000, by=adviser)
    deciding.decision_make(application=second, outcome="award", amount=2_000_000, by=adviser)
    with pytest.raises(ValidationError, match="over rammen"):
        deciding.decision_make(application=third, outcome="award", amount=1_500_000, by=adviser)
    deciding.decision_make(application=third, outcome="award", amount=1_000_000, by=adviser)
    assert Award.objects.total_amount() == call.budget


def test_a_sketch_is_invited_not_awarded(adviser):
    sketch_call = CallFactory(stage=Call.Stage.SKETCH)
    sketch = make_eligible(sketch_call)
    with pytest.raises(ValidationError, match="prosjektskisse"):
        deciding.decision_make(application=sketch, outcome="award", amount=1000, by=adviser)
    deciding.decision_make(application=sketch, outcome="invite", by=adviser)
    sketch.refresh_from_db()
    assert sketch.status == Application.Status.INVITED
    assert not Award.objects.filter(application=sketch).exists()


def test_changing_a_decision_after_its_letter_needs_a_reason_and_history_keeps_both(
    adviser, eligible
):
    deciding.decision_make(
        application=eligible,
        outcome="award",
        amount=1_000_000,
        payout_deadline=dt.date(2028, 6, 30),
        by=adviser,
    )
    letter_services.letter_send(application=eligible, by=adviser)
    with pytest.raises(ValidationError, match="Oppgi hvorfor"):
        deciding.decision_make(application=eligible, outcome="award", amount=900_000, by=adviser)
    deciding.decision_make(
        application=eligible,
        outcome="award",
        amount=900_000,
        change_reason="Budsjettet er justert etter dialog.",
        by=adviser,
    )
    decision = Decision.objects.get(application=eligible)
    amounts = [h.amount for h in decision.history.order_by("history_date")]
    assert 1_000_000 in amounts and amounts[-1] == 900_000
    latest = decision.history.latest()
    assert latest.history_change_reason == "Budsjettet er justert etter dialog."
    assert latest.history_user == adviser
    assert decision.letter_sent_at is None  # the new decision needs its own letter


def test_a_decision_without_a_sent_letter_is_not_published(adviser, call):
    sent = make_eligible(call, requested_amount=1_000_000)
    unsent = make_eligible(call, requested_amount=1_000_000)
    for application in (sent, unsent):
        deciding.decision_make(
            application=application,
            outcome="award",
            amount=800_000,
            payout_deadline=dt.date(2028, 6, 30),
            by=adviser,
        )
    with pytest.raises(ValidationError, match="før brevene er sendt"):
        decision_services.results_publish(call=call, by=adviser)
    letter_services.letter_send(application=sent, by=adviser)
    published, waiting = decision_services.results_publish(call=call, by=adviser)
    assert (published, waiting) == (1, 1)
    public = list(Award.objects.published().values_list("application_id", flat=True))
    assert sent.pk in public and unsent.pk not in public


def test_unpublishing_an_award_needs_a_reason_kept_in_history(adviser, eligible):
    deciding.decision_make(
        application=eligible,
        outcome="award",
        amount=1_000_000,
        payout_deadline=dt.date(2028, 6, 30),
        by=adviser,
    )
    letter_services.letter_send(application=eligible, by=adviser)
    decision_services.results_publish(call=eligible.call, by=adviser)
    award = Award.objects.get(application=eligible)
    with pytest.raises(ValidationError, match="Oppgi hvorfor"):
        decision_services.award_unpublish(award=award, reason=" ", by=adviser)
    decision_services.award_unpublish(award=award, reason="Søkeren trakk prosjektet.", by=adviser)
    award.refresh_from_db()
    assert not award.is_published
    assert award.history.latest().history_change_reason == "Søkeren trakk prosjektet."


def test_the_award_admin_does_not_let_publication_be_typed_in(client, adviser, eligible):
    deciding.decision_make(application=eligible, outcome="award", amount=1_000_000, by=adviser)
    award = Award.objects.get(application=eligible)
    client.force_login(adviser)
    html = client.get(f"/admin/awards/award/{award.pk}/change/").content.decode()
    assert 'name="is_published"' not in html


def test_deciding_through_the_case_page(client, adviser, eligible):
    client.force_login(adviser)
    url = f"/admin/applications/application/{eligible.pk}/assessment/"
    response = client.post(
        url,
        {"action": "decide", "declaration-impartial": "1", "outcome": "award", "amount": "3000000"},
        follow=True,
    )
    assert "større enn søkt beløp" in response.content.decode()
    response = client.post(
        url,
        {"action": "decide", "declaration-impartial": "1", "outcome": "award", "amount": "1200000"},
    )
    assert response.status_code == 302
    assert Award.objects.get(application=eligible).amount == 1_200_000


@pytest.mark.django_db(transaction=True)
def test_two_advisers_deciding_at_the_same_moment_cannot_overspend_the_call():
    """Two threads, each in its own transaction and connection, award 3 of a 5 million budget."""
    call = CallFactory(budget=5_000_000, max_amount_per_project=3_000_000)
    one, two = (make_eligible(call, requested_amount=3_000_000) for _ in range(2))
    advisers = [StaffFactory(username=f"adviser-{n}", group=roles.ADVISER) for n in (1, 2)]
    barrier = threading.Barrier(2)
    results = {}

    def decide(application, adviser):
        try:
            barrier.wait(timeout=10)
            deciding.decision_make(
                application=application, outcome="award", amount=3_000_000, by=adviser
            )
            results[application.pk] = "awarded"
        except ValidationError as error:
            results[application.pk] = " ".join(error.messages)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(application, adviser))
        for application, adviser in zip((one, two), advisers, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    close_old_connections()
    assert sorted(results.values(), key=len)[0] == "awarded"
    assert "over rammen" in sorted(results.values(), key=len)[1]
    assert Award.objects.filter(application__call=call).total_amount() == (3_000_000)


def test_an_unsubmitted_application_cannot_be_decided(adviser, call):
    draft = ApplicationFactory(call=call, status=Application.Status.DRAFT)
    CaseFactory(application=draft)
    with pytest.raises(ValidationError, match="ikke sendt inn"):
        deciding.decision_make(
            application=draft, outcome="reject", rejection_reason="other", by=adviser
        )
