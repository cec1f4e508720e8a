"""An appeal handler who reverses a decision is its decision-maker: the declaration made on the
appeal is recorded for the new decision, and a conflict declared on the decision refuses it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from awards.appeals import services
from awards.appeals.models import Appeal
from awards.decisions.declarations import decision_declare
from awards.models import Decision, DecisionDeclaration

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewing(rejected, admin_member, handler, adviser, committed):
    with committed():
        appeal = services.appeal_lodge(
            letter=rejected, by=admin_member, grounds="Vurderingen er feil."
        )
    services.appeal_assign_handler(appeal=appeal, handler=handler, by=adviser)
    return services.appeal_declare(appeal=appeal, impartial=True, by=handler)


def test_reversing_records_the_handlers_declaration_for_the_new_decision(
    reviewing, handler, committed
):
    with committed():
        services.appeal_reverse(
            appeal=reviewing,
            by=handler,
            reason="Vurderingen var for streng.",
            outcome="award",
            amount=1_000_000,
            payout_deadline=dt.date(2028, 6, 30),
        )
    declaration = DecisionDeclaration.objects.get(application=reviewing.application, user=handler)
    assert declaration.impartial
    assert declaration.history.get().history_user == handler


def test_a_handler_who_declared_a_conflict_on_the_decision_cannot_reverse_it(reviewing, handler):
    decision_declare(
        application=reviewing.application, impartial=False, reason="Kjenner søkeren.", by=handler
    )
    with pytest.raises(ValidationError, match="Kjenner søkeren"):
        services.appeal_reverse(
            appeal=reviewing,
            by=handler,
            reason="Vurderingen var for streng.",
            outcome="award",
            amount=1_000_000,
        )
    reviewing.refresh_from_db()
    assert reviewing.state == Appeal.State.UNDER_REVIEW
    assert Decision.objects.get(application=reviewing.application).outcome == "reject"
