"""What the law asks of a decision letter: the reasons (criteria and scores in words), the right
to appeal, the deadline, the appeal body, the link to appeal and the right to see the documents."""

import datetime as dt

import pytest

from awards.assessment.models import ReviewAssignment
from awards.letters.render import render_letter
from awards.letters.texts import validate_letter_template
from awards.models import Score
from tests import deciding
from tests.factories import ReviewAssignmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(eligible, reviewer, adviser):
    criteria = list(eligible.call.criteria.order_by("order"))
    assignment = ReviewAssignmentFactory(
        application=eligible,
        reviewer=reviewer,
        impartiality=ReviewAssignment.Impartiality.IMPARTIAL,
        submitted_at=dt.datetime(2026, 4, 1, tzinfo=dt.UTC),
    )
    Score.objects.create(assignment=assignment, criterion=criteria[0], score=4)
    Score.objects.create(assignment=assignment, criterion=criteria[1], score=5)
    deciding.decision_make(
        application=eligible, outcome="reject", rejection_reason="low_score", by=adviser
    )
    return eligible


def test_the_rejection_gives_the_criteria_and_scores_in_words(scored):
    letter = render_letter(decision=scored.decision, sent_on=dt.date(2026, 5, 4))
    assert "Relevans (vekt 60 %): 4 av 6" in letter.body
    assert "Gjennomføring (vekt 40 %): 5 av 6" in letter.body


def test_the_letter_names_the_deadline_the_appeal_body_the_link_and_the_documents(scored):
    letter = render_letter(decision=scored.decision, sent_on=dt.date(2026, 5, 4))
    body = letter.body
    assert "Dere kan klage på vedtaket innen 25. mai 2026" in body
    assert "varselet om dette brevet ble sendt dere på e-post" in body
    assert "Kommunal- og distriktsdepartementet" in body
    assert f"/my/appeals/new/{scored.pk}/" in body
    assert "rett til å se dokumentene i saken" in body


def test_the_appeal_body_is_the_schemes(scored):
    scheme = scored.call.scheme
    scheme.appeal_body = "Nærings- og fiskeridepartementet"
    scheme.save()
    letter = render_letter(decision=scored.decision, sent_on=dt.date(2026, 5, 4))
    assert "Nærings- og fiskeridepartementet" in letter.body
    assert "Kommunal- og distriktsdepartementet" not in letter.body


def test_without_scores_the_letter_says_so(adviser, eligible):
    deciding.decision_make(
        application=eligible, outcome="reject", rejection_reason="low_score", by=adviser
    )
    letter = render_letter(decision=eligible.decision, sent_on=dt.date(2026, 5, 4))
    assert "Søknaden ble ikke gitt karakterer mot utlysningens kriterier." in letter.body
    assert not letter.missing


def test_a_template_may_use_the_new_placeholders():
    validate_letter_template(
        subject="Vedtak",
        body="{{ vurdering }} {{ klagefrist }} {{ klageinstans }} {{ klagelenke }}",
        kind="rejection",
    )
