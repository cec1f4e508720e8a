"""The decision-maker's impartiality (forvaltningsloven § 6): a declaration per application
before deciding, a declared conflict that stands, the automatic block on one's own organisation,
and one declaration covering a batch from the ranking board, recorded per application."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications.models import Application
from awards import roles
from awards.decisions import services as decision_services
from awards.decisions.declarations import decision_declare
from awards.models import Award, Decision, DecisionDeclaration
from tests.awards.conftest import make_eligible
from tests.factories import MembershipFactory, PartnerFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _award(application, adviser, amount=1_000_000):
    return decision_services.decision_make(
        application=application, outcome="award", amount=amount, by=adviser
    )


def test_deciding_without_a_declaration_is_refused_with_its_message(adviser, eligible):
    with pytest.raises(ValidationError, match="Erklær at du er habil i saken") as error:
        _award(eligible, adviser)
    assert error.value.code == "not_declared"
    assert not Decision.objects.exists()
    eligible.refresh_from_db()
    assert eligible.status == Application.Status.SUBMITTED


def test_declaring_impartiality_lets_the_adviser_decide(adviser, eligible):
    decision_declare(application=eligible, impartial=True, by=adviser)
    decision = _award(eligible, adviser)
    assert decision.decided_by == adviser
    assert Award.objects.filter(application=eligible).exists()


def test_another_advisers_declaration_does_not_count(adviser, eligible):
    colleague = StaffFactory(username="colleague", group=roles.ADVISER)
    decision_declare(application=eligible, impartial=True, by=colleague)
    with pytest.raises(ValidationError, match="Erklær at du er habil"):
        _award(eligible, adviser)


def test_a_declaration_on_another_application_does_not_count(adviser, call, eligible):
    other = make_eligible(call)
    decision_declare(application=other, impartial=True, by=adviser)
    with pytest.raises(ValidationError, match="Erklær at du er habil"):
        _award(eligible, adviser)


def test_a_declared_conflict_refuses_the_decision(adviser, eligible):
    decision_declare(
        application=eligible, impartial=False, reason="Søsteren min leder klyngen.", by=adviser
    )
    with pytest.raises(ValidationError, match="Søsteren min leder klyngen") as error:
        decision_services.decision_make(
            application=eligible, outcome="reject", rejection_reason="low_score", by=adviser
        )
    assert error.value.code == "declared_conflict"
    assert not Decision.objects.exists()


def test_a_declared_conflict_stands_and_cannot_be_turned_into_impartiality(adviser, eligible):
    decision_declare(
        application=eligible, impartial=False, reason="Tidligere styreleder.", by=adviser
    )
    with pytest.raises(ValidationError, match="erklært deg inhabil"):
        decision_declare(application=eligible, impartial=True, by=adviser)
    declaration = DecisionDeclaration.objects.get(application=eligible, user=adviser)
    assert (declaration.impartial, declaration.conflict_reason) == (False, "Tidligere styreleder.")
    with pytest.raises(ValidationError, match="inhabil"):
        _award(eligible, adviser)


def test_a_conflict_needs_a_reason(adviser, eligible):
    with pytest.raises(ValidationError, match="Skriv hvorfor du er inhabil"):
        decision_declare(application=eligible, impartial=False, reason="   ", by=adviser)
    assert not DecisionDeclaration.objects.exists()


def test_an_adviser_who_acts_for_the_applicant_cannot_declare_impartiality(adviser, eligible):
    MembershipFactory(organisation=eligible.organisation, user=adviser)
    with pytest.raises(ValidationError, match="inhabil i saken"):
        decision_declare(application=eligible, impartial=True, by=adviser)
    assert not DecisionDeclaration.objects.exists()


def test_the_automatic_block_refuses_even_after_a_declaration(adviser, eligible):
    """Declared impartial, then joined a partner of the project: the block still applies."""
    decision_declare(application=eligible, impartial=True, by=adviser)
    membership = MembershipFactory(user=adviser)
    PartnerFactory(application=eligible, orgnr=membership.organisation.orgnr)
    with pytest.raises(ValidationError, match="inhabil i saken") as error:
        _award(eligible, adviser)
    assert error.value.code == "conflict"
    assert not Decision.objects.exists()


def test_the_history_records_who_declared_and_when(adviser, eligible):
    before = timezone.now()
    declaration = decision_declare(application=eligible, impartial=True, by=adviser)
    row = declaration.history.get()
    assert row.history_user == adviser
    assert row.impartial is True
    assert before <= row.declared_at <= timezone.now()
    assert before <= row.history_date <= timezone.now()
    # Declaring again changes nothing and writes no new row.
    decision_declare(application=eligible, impartial=True, by=adviser)
    assert declaration.history.count() == 1


def test_the_history_keeps_a_declared_conflict_with_its_reason(adviser, eligible):
    declaration = decision_declare(
        application=eligible, impartial=False, reason="Nær venn av prosjektlederen.", by=adviser
    )
    row = declaration.history.get()
    assert (row.history_user, row.impartial) == (adviser, False)
    assert row.conflict_reason == "Nær venn av prosjektlederen."
    assert "Nær venn av prosjektlederen." in row.history_change_reason


# --- The bulk award from the ranking board ------------------------------------------------------


def _board(call):
    return [make_eligible(call, requested_amount=2_000_000, title=f"Prosjekt {n}") for n in (1, 2)]


def test_the_bulk_award_records_a_declaration_per_application(adviser, call):
    first, second = _board(call)
    decisions = decision_services.decisions_award_above_line(call=call, impartial=True, by=adviser)
    assert {d.application_id for d in decisions} == {first.pk, second.pk}
    declarations = DecisionDeclaration.objects.filter(user=adviser)
    assert {d.application_id for d in declarations} == {first.pk, second.pk}
    assert all(d.impartial and d.history.get().history_user == adviser for d in declarations)


def test_the_bulk_award_without_the_declaration_decides_nothing(adviser, call):
    _board(call)
    with pytest.raises(ValidationError, match="Bekreft at du er habil i alle sakene"):
        decision_services.decisions_award_above_line(call=call, by=adviser)
    assert not Decision.objects.exists()
    assert not DecisionDeclaration.objects.exists()


def test_an_automatic_conflict_on_one_refuses_the_whole_batch_naming_it(adviser, call):
    first, second = _board(call)
    MembershipFactory(organisation=second.organisation, user=adviser)
    with pytest.raises(ValidationError) as error:
        decision_services.decisions_award_above_line(call=call, impartial=True, by=adviser)
    text = " ".join(error.value.messages)
    assert "Prosjekt 2" in text and "inhabil i saken" in text
    assert "Prosjekt 1" not in text
    assert not Decision.objects.exists()
    assert not DecisionDeclaration.objects.exists()


def test_a_declared_conflict_on_one_refuses_the_whole_batch_naming_it(adviser, call):
    first, _second = _board(call)
    decision_declare(application=first, impartial=False, reason="Nabo.", by=adviser)
    with pytest.raises(ValidationError) as error:
        decision_services.decisions_award_above_line(call=call, impartial=True, by=adviser)
    text = " ".join(error.value.messages)
    assert "Prosjekt 1" in text and "Nabo." in text
    assert not Decision.objects.exists()
    assert DecisionDeclaration.objects.count() == 1


def test_a_refusal_later_in_the_batch_keeps_no_declaration(adviser, call):
    first, second = _board(call)
    second.case.delete()  # not through the formal check: the decision service refuses it
    with pytest.raises(ValidationError, match="formelle kravene"):
        decision_services.decisions_award_above_line(call=call, impartial=True, by=adviser)
    assert not DecisionDeclaration.objects.exists()
    assert not Decision.objects.exists()
