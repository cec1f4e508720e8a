"""The adviser's lists: filters, totals, history pages and the actions that need a reason."""

import datetime as dt

import pytest

from applications.models import Application
from awards.assessment import services as assessment_services
from awards.decisions import services as decision_services
from awards.letters import services as letter_services
from awards.models import Award, Case, ReviewAssignment
from tests import deciding
from tests.factories import ApplicationFactory, CaseFactory, ReviewAssignmentFactory

pytestmark = pytest.mark.django_db
LIST = "/admin/applications/application/"


@pytest.fixture
def applications(call, adviser, reviewer):
    eligible = ApplicationFactory(call=call, title="Godkjent prosjekt", requested_amount=1_000_000)
    CaseFactory(application=eligible, case_owner=adviser)
    ineligible = ApplicationFactory(call=call, title="Avvist prosjekt", requested_amount=700_000)
    CaseFactory(
        application=ineligible,
        eligibility=Case.Eligibility.INELIGIBLE,
        eligibility_reason="Ingen utdanningspartner",
    )
    unchecked = ApplicationFactory(
        call=call, title="Ukontrollert prosjekt", requested_amount=300_000
    )
    ReviewAssignmentFactory(
        application=unchecked,
        reviewer=reviewer,
        impartiality=ReviewAssignment.Impartiality.CONFLICT,
        conflict_reason="Nær venn av prosjektlederen",
    )
    return eligible, ineligible, unchecked


def _titles(client, query: str) -> set[str]:
    html = client.get(LIST + query).content.decode()
    return {
        t for t in ("Godkjent prosjekt", "Avvist prosjekt", "Ukontrollert prosjekt") if t in html
    }


def test_filters_by_formal_check_assignment_and_conflict(client, adviser, call, applications):
    client.force_login(adviser)
    assert _titles(client, "?eligibility=eligible") == {"Godkjent prosjekt"}
    assert _titles(client, "?eligibility=ineligible") == {"Avvist prosjekt"}
    assert _titles(client, "?eligibility=unchecked") == {"Ukontrollert prosjekt"}
    assert _titles(client, "?mine=1") == {"Godkjent prosjekt"}
    assert _titles(client, "?inhabil=1") == {"Ukontrollert prosjekt"}


def test_search_by_organisation_number(client, adviser, applications):
    client.force_login(adviser)
    eligible = applications[0]
    assert _titles(client, f"?q={eligible.organisation.orgnr}") == {"Godkjent prosjekt"}


def test_the_list_shows_the_total_requested_for_the_selection(client, adviser, call, applications):
    client.force_login(adviser)
    html = client.get(LIST + f"?call__id__exact={call.pk}").content.decode()
    assert "Søkt til sammen i utvalget: 2\u00a0000\u00a0000\u00a0kr" in html
    html = client.get(LIST + "?eligibility=ineligible").content.decode()
    assert "Søkt til sammen i utvalget: 700\u00a0000\u00a0kr" in html


def test_the_status_follows_the_decisions_and_is_not_typed_in(client, adviser, applications):
    client.force_login(adviser)
    html = client.get(f"{LIST}{applications[0].pk}/change/").content.decode()
    assert 'name="status"' not in html
    assert "Saksbehandling" in html


def test_the_history_page_of_a_decision_names_who_decided(client, adviser, applications):
    eligible = applications[0]
    decision = deciding.decision_make(
        application=eligible, outcome="award", amount=500_000, by=adviser
    )
    client.force_login(adviser)
    user_link = f'<a href="/admin/auth/user/{adviser.pk}/change/">{adviser.email}</a>'
    html = client.get(f"/admin/awards/decision/{decision.pk}/history/").content.decode()
    assert user_link in html
    html = client.get(f"{LIST}{eligible.pk}/history/").content.decode()
    assert user_link in html  # the status change is recorded as the adviser's too


def test_unpublishing_from_the_award_list_asks_for_a_reason(client, adviser, applications):
    eligible = applications[0]
    deciding.decision_make(
        application=eligible,
        outcome="award",
        amount=500_000,
        payout_deadline=dt.date(2028, 6, 30),
        by=adviser,
    )
    letter_services.letter_send(application=eligible, by=adviser)
    decision_services.results_publish(call=eligible.call, by=adviser)
    award = Award.objects.get(application=eligible)
    client.force_login(adviser)
    data = {"action": "unpublish", "_selected_action": [award.pk]}
    page = client.post("/admin/awards/award/", data)
    assert "Ta tildelinger ut av den offentlige listen" in page.content.decode()
    page = client.post("/admin/awards/award/", {**data, "apply": "1", "reason": ""})
    award.refresh_from_db()
    assert award.is_published
    client.post("/admin/awards/award/", {**data, "apply": "1", "reason": "Feil beløp publisert"})
    award.refresh_from_db()
    assert not award.is_published
    assert award.history.latest().history_change_reason == "Feil beløp publisert"


def test_a_reviewer_has_no_bulk_actions(client, reviewer, applications):
    unchecked = applications[2]
    assignment = ReviewAssignmentFactory(
        application=ApplicationFactory(call=unchecked.call), reviewer=reviewer
    )
    assessment_services.assignment_declare(assignment=assignment, impartial=True, by=reviewer)
    client.force_login(reviewer)
    response = client.post(
        LIST, {"action": "mark_eligible", "_selected_action": [assignment.application_id]}
    )
    assert not Case.objects.filter(application=assignment.application).exists()
    assert response.status_code in {200, 302}
    assert Application.objects.get(pk=assignment.application_id).status == "submitted"
