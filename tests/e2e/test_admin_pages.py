"""Every admin page advisers and reviewers use passes axe (WCAG 2.1 A and AA), like the public
pages, and reflows at 320 px (checked on every page by conftest.py).

The demo call is taken part of the way through the assessment first, so that the pages show
what they show in real use: a reviewer's assignments in each state, scores, a decision with its
letter, the ranking board with the funding line.
"""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from applications.models import Application
from awards.assessment import services as assessment_services
from awards.demo.load import load_demo
from awards.letters import services as letter_services
from awards.models import Award, Decision, LetterTemplate, ReviewAssignment
from calls.models import Call
from tests import deciding
from tests.e2e.axe import assert_accessible
from tests.e2e.test_adviser_flow import _log_in

pytestmark = pytest.mark.django_db(transaction=True)


def _assessment_under_way():
    """One application scored, decided and written to; two more waiting for the reviewer."""
    users = get_user_model().objects
    adviser, reviewer = users.get(username="radgiver"), users.get(username="fylke")
    decided, scoring, declaring = Application.objects.filter(
        title__in=[
            "Prosessoperatører for grønn industri på Helgeland",
            "Fagskoletilbud i marin prosessteknologi",
            "Etterutdanning i arktisk reiseliv",
        ]
    ).order_by("title")[:3]
    for application in (decided, scoring, declaring):
        assessment_services.case_check_eligibility(
            application=application, eligible=True, by=adviser
        )
        assessment_services.assignment_create(
            application=application,
            reviewer=reviewer,
            role=ReviewAssignment.Role.COUNTY_COUNCIL,
            by=adviser,
        )
    for application in (decided, scoring):
        assessment_services.assignment_declare(
            assignment=application.review_assignments.get(), impartial=True, by=reviewer
        )
    criteria = list(decided.call.criteria.all())
    assessment_services.scores_save(
        assignment=decided.review_assignments.get(),
        scores={criterion.pk: (5, "Godt forankret.") for criterion in criteria},
        submit=True,
        by=reviewer,
    )
    assessment_services.scores_save(
        assignment=scoring.review_assignments.get(),
        scores={criteria[0].pk: (4, "")},
        submit=False,
        by=reviewer,
    )
    deciding.decision_make(
        application=decided,
        outcome=Decision.Outcome.AWARD,
        amount=1_500_000,
        payout_deadline=dt.date(2028, 12, 31),
        by=adviser,
    )
    letter_services.letter_send(application=decided, by=adviser)
    return decided, [decided, scoring, declaring]


def _lists(page) -> list[str]:
    """The lists the admin index offers this person."""
    return page.locator("#content-main [class^='app-'] th[scope=row] a").evaluate_all(
        "(links) => links.map((link) => link.getAttribute('href'))"
    )


def _visit(page, base, path, heading=None):
    response = page.goto(base + path)
    assert response.ok, f"{path}: {response.status}"
    if heading:
        expect(page.locator("#content h1, #content h2").first).to_contain_text(heading)
    assert_accessible(page)


def test_the_admin_pages_of_advisers_and_reviewers_pass_axe(live_server, browser):
    load_demo()
    decided, assigned = _assessment_under_way()
    call = Call.objects.get(pk=decided.call_id)
    letter = decided.letters.get()
    template = LetterTemplate.objects.filter(call=call).first()
    base = live_server.url

    adviser = browser.new_context(locale="en-GB", timezone_id="Europe/Oslo").new_page()
    adviser.set_default_timeout(15_000)
    _log_in(
        adviser,
        base,
        email="radgiver@utlysning.example",
        password="demo-radgiver-2026",
        next_url="/admin/",
        totp_user="radgiver",
    )
    assert_accessible(adviser)

    # Every list the adviser can open from the admin index, with the counts shown.
    lists = _lists(adviser)
    assert "/admin/applications/application/" in lists and len(lists) > 8
    for path in lists:
        _visit(adviser, base, path)
    _visit(adviser, base, "/admin/applications/application/?_facets=True")
    _visit(adviser, base, f"/admin/applications/application/?call__id__exact={call.pk}&q=a")

    # The forms advisers fill in, and the same form with errors.
    for path in [
        f"/admin/calls/call/{call.pk}/change/",
        "/admin/calls/call/add/",
        f"/admin/applications/application/{decided.pk}/change/",
        f"/admin/awards/reviewassignment/{decided.review_assignments.get().pk}/change/",
        f"/admin/awards/lettertemplate/{template.pk}/change/",
        f"/admin/awards/letter/{letter.pk}/change/",
        f"/admin/awards/decision/{decided.decision.pk}/change/",
        f"/admin/awards/award/{Award.objects.filter(is_published=True).first().pk}/change/",
        f"/admin/calls/call/{call.pk}/history/",
        "/admin/calls/municipality/import/",
    ]:
        _visit(adviser, base, path)
    adviser.goto(f"{base}/admin/calls/call/add/")
    adviser.get_by_role("button", name="Lagre", exact=True).click()
    expect(adviser.locator(".errornote")).to_contain_text("Rett opp feilene nedenfor.")
    assert_accessible(adviser)

    # The assessment pages (templates/admin/awards/).
    for application in assigned:
        _visit(adviser, base, f"/admin/applications/application/{application.pk}/assessment/")
    _visit(adviser, base, f"/admin/applications/application/{decided.pk}/assessment/letter/")
    _visit(adviser, base, f"/admin/calls/call/{call.pk}/ranking/", "Rangering")
    expect(adviser.locator("#ranking tbody tr.below-line").first).to_be_visible()
    _visit(adviser, base, f"/admin/calls/call/{call.pk}/letters/send/")
    _visit(adviser, base, f"/admin/calls/call/{call.pk}/publish/")

    # The list actions that ask for more: a reviewer for many, a reason to unpublish.
    adviser.goto(f"{base}/admin/applications/application/?call__id__exact={call.pk}")
    adviser.locator("input[name=_selected_action]").first.check()
    adviser.get_by_label("Handling:").select_option("assign_reviewers")
    adviser.get_by_role("button", name="Gå", exact=True).click()
    expect(adviser.locator("#content h1")).to_have_text("Tildel fagvurderer")
    assert_accessible(adviser)
    adviser.goto(f"{base}/admin/awards/award/")
    adviser.locator("input[name=_selected_action]").first.check()
    adviser.get_by_label("Handling:").select_option("unpublish")
    adviser.get_by_role("button", name="Gå", exact=True).click()
    expect(adviser.locator("#content h1")).to_contain_text("Ta tildelinger ut")
    assert_accessible(adviser)

    # The reviewer: the list of assignments and the review page in each of its states.
    reviewer = browser.new_context(locale="en-GB", timezone_id="Europe/Oslo").new_page()
    reviewer.set_default_timeout(15_000)
    _log_in(
        reviewer,
        base,
        email="fylke@utlysning.example",
        password="demo-fylke-2026",
        next_url="/admin/awards/reviewassignment/",
        totp_user="fylke",
    )
    assert_accessible(reviewer)
    expect(
        reviewer.locator("#result_list").get_by_role(
            "link", name=re.compile("^(Vurder|Se vurderingen)$")
        )
    ).to_have_count(3)
    _visit(reviewer, base, "/admin/")
    for path in _lists(reviewer):
        _visit(reviewer, base, path)
    for application in assigned:
        assignment = application.review_assignments.get()
        _visit(reviewer, base, f"/admin/awards/reviewassignment/{assignment.pk}/review/")
        _visit(reviewer, base, f"/admin/awards/reviewassignment/{assignment.pk}/change/")
