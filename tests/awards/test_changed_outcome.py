"""A decision changed after its letter reaches the applicant with the next letter, not before."""

import re

import pytest

from applications.models import Application
from awards.letters import services as letter_services
from awards.models import LetterTemplate
from tests import deciding
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _my_page(client, applicant):
    client.force_login(applicant)
    html = client.get("/my/").content.decode().lower()
    return html, set(re.findall(r'href="/my/letters/(\d+)/"', html))


@pytest.fixture
def awarded_and_told(adviser, eligible, applicant):
    MembershipFactory(user=applicant, organisation=eligible.organisation)
    for kind in (LetterTemplate.Kind.OFFER, LetterTemplate.Kind.REJECTION):
        LetterTemplate.objects.get_or_create(
            call=eligible.call, kind=kind, defaults={"subject": str(kind), "body": "Brev."}
        )
    deciding.decision_make(application=eligible, outcome="award", amount=1_000_000, by=adviser)
    offer = letter_services.letter_send(application=eligible, by=adviser)
    deciding.decision_make(
        application=eligible,
        outcome="reject",
        rejection_reason="budget",
        rejection_text="Mange gode søknader.",
        change_reason="Feil i vurderingen.",
        by=adviser,
    )
    return offer


def test_a_changed_decision_shows_the_last_letters_outcome_until_the_new_one_is_sent(
    client, adviser, eligible, applicant, awarded_and_told
):
    eligible.refresh_from_db()
    assert eligible.status == Application.Status.REJECTED
    assert eligible.applicant_status == Application.Status.AWARDED
    assert not eligible.outcome_is_announced
    html, links = _my_page(client, applicant)
    assert "innvilget" in html and "avslått" not in html
    assert links == {str(awarded_and_told.pk)}

    rejection = letter_services.letter_send(application=eligible, by=adviser)
    eligible.refresh_from_db()
    assert eligible.applicant_status == Application.Status.REJECTED
    html, links = _my_page(client, applicant)
    assert "avslått" in html and "innvilget" not in html
    assert links == {str(rejection.pk)}
