"""The admin lists and the ranking board run the same number of queries for 10 and 1 000
applications."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.models import Application, Organisation
from applications.orgnr import orgnr_from_sequence
from awards.models import Case, ReviewAssignment, Score
from tests.factories import CallFactory, CountyFactory, CriterionFactory

pytestmark = pytest.mark.django_db


def _fill(call, reviewer, count: int, *, offset: int) -> None:
    county = CountyFactory()
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Miljø {offset + n}",
            orgnr=orgnr_from_sequence(offset + n, base=95_000_000),
            county=county,
        )
        for n in range(count)
    )
    applications = Application.objects.bulk_create(
        Application(
            call=call,
            organisation=organisation,
            reference=f"Q-{call.pk}-{n:05d}",
            title=f"Prosjekt {n}",
            requested_amount=500_000 + n * 1000,
            status=Application.Status.UNDER_REVIEW,
        )
        for n, organisation in enumerate(organisations)
    )
    Case.objects.bulk_create(
        Case(application=a, eligibility=Case.Eligibility.ELIGIBLE) for a in applications
    )
    now = timezone.now()
    assignments = ReviewAssignment.objects.bulk_create(
        ReviewAssignment(
            application=a,
            reviewer=reviewer,
            role=ReviewAssignment.Role.SIVA,
            impartiality=ReviewAssignment.Impartiality.IMPARTIAL,
            submitted_at=now,
        )
        for a in applications
    )
    criteria = list(call.criteria.all())
    Score.objects.bulk_create(
        Score(assignment=assignment, criterion=criterion, score=1 + (n % 6))
        for n, assignment in enumerate(assignments)
        for criterion in criteria
    )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.fixture
def two_calls(reviewer):
    small, large = CallFactory(), CallFactory()
    for call in (small, large):
        CriterionFactory(call=call, weight=50)
        CriterionFactory(call=call, weight=50)
    _fill(small, reviewer, 10, offset=0)
    _fill(large, reviewer, 1000, offset=100)
    return small, large


@pytest.mark.parametrize(
    "page",
    [
        "/admin/applications/application/?call__id__exact={call}",
        "/admin/calls/call/{call}/ranking/",
        "/admin/awards/reviewassignment/?application__call__id__exact={call}",
        "/admin/awards/score/?assignment__application__call__id__exact={call}",
    ],
)
def test_a_page_runs_as_many_queries_for_1000_applications_as_for_10(
    client, adviser, two_calls, page
):
    small, large = two_calls
    client.force_login(adviser)
    client.get("/admin/")  # warm up the session and the content types
    assert _queries(client, page.format(call=small.pk)) == _queries(
        client, page.format(call=large.pk)
    )


def test_the_admin_index_overview_runs_a_fixed_number_of_queries(client, adviser, reviewer):
    client.force_login(adviser)
    call = CallFactory()
    CriterionFactory(call=call)
    _fill(call, reviewer, 10, offset=0)
    few = _queries(client, "/admin/")
    for _n in range(5):
        extra = CallFactory()
        _fill(extra, reviewer, 20, offset=1000 + _n * 100)
    many = _queries(client, "/admin/")
    assert few == many
    html = client.get("/admin/").content.decode()
    assert 'id="call-overview"' in html


def test_the_ranking_board_draws_the_funding_line_where_the_budget_runs_out(
    client, adviser, reviewer
):
    call = CallFactory(budget=2_000_000, max_amount_per_project=1_000_000)
    CriterionFactory(call=call, weight=100)
    _fill(call, reviewer, 5, offset=0)  # 500 000 to 504 000 kr each
    client.force_login(adviser)
    html = client.get(f"/admin/calls/call/{call.pk}/ranking/").content.decode()
    assert html.count('class="above-line"') == 3
    assert html.count('class="below-line"') == 2
    # Lowering the proposed amounts moves the line down.
    applications = Application.objects.filter(call=call)
    data = {f"proposed_{a.pk}": "400000" for a in applications}
    assert client.post(f"/admin/calls/call/{call.pk}/ranking/", data).status_code == 302
    html = client.get(f"/admin/calls/call/{call.pk}/ranking/").content.decode()
    assert html.count('class="above-line"') == 5
    assert 'id="funding-line"' in html
