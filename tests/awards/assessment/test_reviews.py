"""Formal check, assignment, impartiality (declared and automatic), scoring and score spreads."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from applications.models import Application
from awards.assessment import services as assessment_services
from awards.assessment.selectors import application_score_table
from awards.decisions.ranking import call_ranking
from awards.models import Case, ReviewAssignment
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnerFactory,
    ReviewAssignmentFactory,
)

pytestmark = pytest.mark.django_db


def _declared(application, reviewer, role=ReviewAssignment.Role.COUNTY_COUNCIL):
    assignment = ReviewAssignmentFactory(application=application, reviewer=reviewer, role=role)
    return assessment_services.assignment_declare(
        assignment=assignment, impartial=True, by=reviewer
    )


def test_the_formal_check_needs_a_reason_when_not_eligible(adviser, application):
    with pytest.raises(ValidationError, match="Oppgi hvorfor"):
        assessment_services.case_check_eligibility(
            application=application, eligible=False, by=adviser
        )
    case = assessment_services.case_check_eligibility(
        application=application, eligible=False, reason="Ingen utdanningspartner.", by=adviser
    )
    assert case.eligibility == Case.Eligibility.INELIGIBLE
    assert case.eligibility_checked_by == adviser
    application.refresh_from_db()
    assert application.status == Application.Status.UNDER_REVIEW


def test_a_declared_conflict_removes_the_reviewer_and_blocks_scoring(reviewer, application):
    assignment = ReviewAssignmentFactory(application=application, reviewer=reviewer)
    with pytest.raises(ValidationError, match="Skriv hvorfor"):
        assessment_services.assignment_declare(assignment=assignment, impartial=False, by=reviewer)
    assessment_services.assignment_declare(
        assignment=assignment, impartial=False, reason="Styremedlem hos søkeren.", by=reviewer
    )
    assignment.refresh_from_db()
    assert assignment.impartiality == ReviewAssignment.Impartiality.CONFLICT
    assert assignment.history.latest().history_change_reason == "Styremedlem hos søkeren."
    criterion = application.call.criteria.first()
    with pytest.raises(ValidationError, match="habil"):
        assessment_services.scores_save(
            assignment=assignment, scores={criterion.pk: (4, "")}, submit=False, by=reviewer
        )
    assert call_ranking(call=application.call).rows[0].reviews_expected == 0


def test_a_reviewer_must_declare_before_scoring(reviewer, application):
    assignment = ReviewAssignmentFactory(application=application, reviewer=reviewer)
    criterion = application.call.criteria.first()
    with pytest.raises(ValidationError, match="Erklær deg habil"):
        assessment_services.scores_save(
            assignment=assignment, scores={criterion.pk: (4, "")}, submit=False, by=reviewer
        )


def test_the_review_page_shows_the_declaration_before_the_application(
    client, reviewer, application
):
    assignment = ReviewAssignmentFactory(application=application, reviewer=reviewer)
    client.force_login(reviewer)
    html = client.get(f"/admin/awards/reviewassignment/{assignment.pk}/review/").content.decode()
    assert "Erklær habilitet" in html
    assert application.summary not in html
    assert "Karakter for" not in html


def test_a_reviewer_acting_for_the_applicant_is_blocked_automatically(adviser, reviewer, call):
    organisation = OrganisationFactory()
    MembershipFactory(user=reviewer, organisation=organisation)
    application = ApplicationFactory(call=call, organisation=organisation)
    assignment = assessment_services.assignment_create(
        application=application, reviewer=reviewer, role="county_council", by=adviser
    )
    assert assignment.impartiality == ReviewAssignment.Impartiality.CONFLICT
    assert assignment.conflict_is_automatic
    assert organisation.orgnr_display in assignment.conflict_reason
    with pytest.raises(ValidationError, match="organisasjonen din"):
        assessment_services.assignment_declare(assignment=assignment, impartial=True, by=reviewer)


def test_a_reviewer_acting_for_a_partner_is_blocked_automatically(adviser, reviewer, application):
    partner_organisation = OrganisationFactory()
    MembershipFactory(user=reviewer, organisation=partner_organisation)
    PartnerFactory(application=application, orgnr=partner_organisation.orgnr)
    assignment = assessment_services.assignment_create(
        application=application, reviewer=reviewer, role="siva", by=adviser
    )
    assert assignment.conflict_is_automatic
    assert not assignment.can_score


def test_bulk_assignment_with_the_admin_action(client, adviser, reviewer, call):
    applications = [ApplicationFactory(call=call) for _ in range(3)]
    own = OrganisationFactory()
    MembershipFactory(user=reviewer, organisation=own)
    applications.append(ApplicationFactory(call=call, organisation=own))
    client.force_login(adviser)
    data = {
        "action": "assign_reviewers",
        "_selected_action": [a.pk for a in applications],
    }
    form = client.post("/admin/applications/application/", data)
    assert form.status_code == 200
    assert "Tildel fagvurderer" in form.content.decode()
    response = client.post(
        "/admin/applications/application/",
        {
            **data,
            "apply": "1",
            "reviewer": reviewer.pk,
            "role": "county_council",
            "case_owner": adviser.pk,
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Fagvurdereren er tildelt 3 søknader" in html
    assert "1 søknader ble sperret" in html
    assert ReviewAssignment.objects.filter(reviewer=reviewer).count() == 4
    assert Case.objects.filter(case_owner=adviser).count() == 4


def test_drafts_then_submission_which_needs_every_criterion(reviewer, application):
    assignment = _declared(application, reviewer)
    first, second = application.call.criteria.all()
    assessment_services.scores_save(
        assignment=assignment, scores={first.pk: (5, "God")}, submit=False, by=reviewer
    )
    with pytest.raises(ValidationError, match="mangler karakter"):
        assessment_services.scores_save(
            assignment=assignment, scores={first.pk: (5, "God")}, submit=True, by=reviewer
        )
    with pytest.raises(ValidationError, match="fra 1 til 6"):
        assessment_services.scores_save(
            assignment=assignment,
            scores={first.pk: (7, ""), second.pk: (3, "")},
            submit=True,
            by=reviewer,
        )
    assessment_services.scores_save(
        assignment=assignment,
        scores={first.pk: (5, "God"), second.pk: (3, "")},
        submit=True,
        by=reviewer,
    )
    assignment.refresh_from_db()
    assert assignment.is_submitted
    with pytest.raises(ValidationError, match="allerede sendt"):
        assessment_services.scores_save(
            assignment=assignment, scores={first.pk: (1, "")}, submit=False, by=reviewer
        )


def test_the_weighted_total_follows_the_calls_weights(reviewer, other_reviewer, application):
    first, second = application.call.criteria.all()  # weights 60 and 40
    for person, scores in ((reviewer, (6, 2)), (other_reviewer, (4, 2))):
        assignment = _declared(application, person)
        assessment_services.scores_save(
            assignment=assignment,
            scores={first.pk: (scores[0], ""), second.pk: (scores[1], "")},
            submit=True,
            by=person,
        )
    row = call_ranking(call=application.call).rows[0]
    assert row.score == Decimal("3.80")  # (5·60 + 2·40) / 100
    assert (row.reviews_submitted, row.reviews_expected) == (2, 2)


def test_a_large_spread_between_reviewers_is_highlighted(
    client, adviser, reviewer, other_reviewer, application
):
    first, second = application.call.criteria.all()
    for person, scores in ((reviewer, (6, 3)), (other_reviewer, (2, 4))):
        assignment = _declared(application, person)
        assessment_services.scores_save(
            assignment=assignment,
            scores={first.pk: (scores[0], ""), second.pk: (scores[1], "")},
            submit=True,
            by=person,
        )
    table = {row.criterion.name: row for row in application_score_table(application=application)}
    assert table["Relevans"].is_large and table["Relevans"].spread == 4
    assert not table["Gjennomføring"].is_large
    client.force_login(adviser)
    html = client.get(f"/admin/applications/application/{application.pk}/assessment/")
    assert html.content.decode().count("Stor spredning") == 1


def test_score_changes_are_kept_with_who_made_them(reviewer, application):
    assignment = _declared(application, reviewer)
    first, _second = application.call.criteria.all()
    assessment_services.scores_save(
        assignment=assignment, scores={first.pk: (3, "")}, submit=False, by=reviewer
    )
    assessment_services.scores_save(
        assignment=assignment, scores={first.pk: (5, "Bedre enn antatt")}, submit=False, by=reviewer
    )
    score = assignment.scores.get(criterion=first)
    history = list(score.history.order_by("history_date"))
    assert [h.score for h in history] == [3, 5]
    assert {h.history_user for h in history} == {reviewer}


def test_the_case_page_records_the_formal_check_with_the_adviser(client, adviser, application):
    client.force_login(adviser)
    url = f"/admin/applications/application/{application.pk}/assessment/"
    response = client.post(
        url, {"action": "eligibility", "eligible": "0", "reason": ""}, follow=True
    )
    assert "Oppgi hvorfor" in response.content.decode()
    client.post(url, {"action": "eligibility", "eligible": "0", "reason": "Utenfor området"})
    case = Case.objects.get(application=application)
    assert case.history.latest().history_user == adviser
    assert case.eligibility == Case.Eligibility.INELIGIBLE
