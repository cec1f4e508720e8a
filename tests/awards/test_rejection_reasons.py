"""Rejection reasons agree with the formal check: offered and accepted only when consistent."""

import pytest
from django.core.exceptions import ValidationError

from awards.admin.forms import DecisionForm
from awards.models import Case, Decision
from tests import deciding
from tests.awards.conftest import make_eligible

pytestmark = pytest.mark.django_db


def _reasons(form):
    return [value for value, _label in form.fields["rejection_reason"].choices if value]


def test_an_application_that_passed_the_formal_check_is_not_offered_not_eligible():
    form = DecisionForm(stage="application", eligibility=Case.Eligibility.ELIGIBLE)
    assert "not_eligible" not in _reasons(form)
    assert "low_score" in _reasons(form)


def test_an_application_that_failed_the_formal_check_is_not_offered_score_or_budget():
    form = DecisionForm(stage="application", eligibility=Case.Eligibility.INELIGIBLE)
    assert "not_eligible" in _reasons(form)
    assert "low_score" not in _reasons(form)
    assert "budget" not in _reasons(form)


def test_the_service_refuses_not_eligible_for_an_eligible_application(adviser, call):
    application = make_eligible(call)
    with pytest.raises(ValidationError, match="stemmer ikke med den formelle kontrollen"):
        deciding.decision_make(
            application=application, outcome="reject", rejection_reason="not_eligible", by=adviser
        )
    assert not Decision.objects.exists()


def test_the_service_refuses_low_score_for_an_ineligible_application(adviser, call):
    application = make_eligible(call)
    Case.objects.filter(application=application).update(
        eligibility=Case.Eligibility.INELIGIBLE, eligibility_reason="Mangler egenandel."
    )
    with pytest.raises(ValidationError, match="stemmer ikke"):
        deciding.decision_make(
            application=application, outcome="reject", rejection_reason="low_score", by=adviser
        )
    deciding.decision_make(
        application=application, outcome="reject", rejection_reason="not_eligible", by=adviser
    )
    assert Decision.objects.get().rejection_reason == "not_eligible"


def test_the_case_page_offers_only_consistent_reasons(client, adviser, call):
    application = make_eligible(call)
    client.force_login(adviser)
    html = client.get(f"/admin/applications/application/{application.pk}/assessment/").content
    assert b'value="low_score"' in html
    assert b'value="not_eligible"' not in html
