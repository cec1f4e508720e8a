"""A letter never prints an empty placeholder, and only decision letters carry an appeal
deadline."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from awards.letters import services as letter_services
from awards.letters.render import render_letter
from awards.letters.texts import validate_letter_template
from awards.models import Decision, Letter, LetterTemplate
from calls.models import Call
from tests import deciding
from tests.factories import ApplicationFactory, CallFactory, CaseFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def awarded_without_payout_deadline(adviser, eligible):
    MembershipFactory(organisation=eligible.organisation)
    deciding.decision_make(application=eligible, outcome="award", amount=1_000_000, by=adviser)
    return eligible


@pytest.fixture
def invited(adviser):
    sketch_call = CallFactory(stage=Call.Stage.SKETCH)
    sketch = ApplicationFactory(call=sketch_call, status="under_review")
    CaseFactory(application=sketch)
    deciding.decision_make(application=sketch, outcome="invite", by=adviser)
    return sketch


def test_an_offer_without_payout_deadline_names_what_is_missing(awarded_without_payout_deadline):
    letter = render_letter(
        decision=Decision.objects.get(application=awarded_without_payout_deadline)
    )
    assert letter.missing == ["Frist for utbetaling"]


def test_an_offer_without_payout_deadline_is_not_sent(adviser, awarded_without_payout_deadline):
    with pytest.raises(ValidationError, match="mangler: Frist for utbetaling"):
        letter_services.letter_send(application=awarded_without_payout_deadline, by=adviser)
    assert not Letter.objects.exists()
    assert not mail.outbox
    assert Decision.objects.get().letter_sent_at is None


def test_the_preview_refuses_a_letter_with_a_missing_value(
    client, adviser, awarded_without_payout_deadline
):
    client.force_login(adviser)
    application = awarded_without_payout_deadline
    response = client.get(
        f"/admin/applications/application/{application.pk}/assessment/letter/", follow=True
    )
    text = response.content.decode()
    assert "mangler: Frist for utbetaling" in text
    assert "utbetalt innen ." not in text


def test_bulk_sending_skips_the_letter_with_a_missing_value_and_says_so(
    client, adviser, awarded_without_payout_deadline
):
    client.force_login(adviser)
    call = awarded_without_payout_deadline.call
    response = client.post(f"/admin/calls/call/{call.pk}/letters/send/", follow=True)
    assert "mangler: Frist for utbetaling" in response.content.decode()
    assert not Letter.objects.exists()


def test_an_invitation_has_no_appeal_deadline(adviser, invited):
    MembershipFactory(organisation=invited.organisation)
    letter = letter_services.letter_send(application=invited, by=adviser)
    assert letter.kind == "invitation"
    assert letter.appeal_deadline is None
    assert "klage" not in letter.body.lower()


def test_the_offer_and_the_rejection_keep_their_appeal_deadline(adviser, eligible):
    deciding.decision_make(
        application=eligible,
        outcome="award",
        amount=1_000_000,
        payout_deadline=dt.date(2028, 6, 30),
        by=adviser,
    )
    letter = render_letter(decision=Decision.objects.get(), sent_on=dt.date(2026, 5, 4))
    assert letter.appeal_deadline == dt.date(2026, 5, 25)
    assert "25. mai 2026" in letter.body


def test_an_invitation_template_cannot_use_the_appeal_deadline():
    with pytest.raises(ValidationError, match="kan ikke påklages"):
        validate_letter_template(
            subject="Invitasjon", body="Klag innen {{ klagefrist }}.", kind="invitation"
        )
    validate_letter_template(subject="Tilbud", body="Klag innen {{ klagefrist }}.", kind="offer")


def test_a_custom_invitation_using_the_appeal_deadline_is_not_sent(adviser, invited):
    LetterTemplate.objects.create(
        call=invited.call, kind="invitation", subject="Invitasjon", body="Frist {{ klagefrist }}"
    )
    with pytest.raises(ValidationError, match="mangler: Klagefrist"):
        letter_services.letter_send(application=invited, by=adviser)
