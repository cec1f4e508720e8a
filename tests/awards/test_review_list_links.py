"""The reviewer's assignment list: the action comes first and the title leads to the review."""

import re

import pytest

from tests.factories import ReviewAssignmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment(reviewer, application):
    return ReviewAssignmentFactory(application=application, reviewer=reviewer)


def _first_row(html):
    return re.search(r"<tbody>\s*<tr[^>]*>(.*?)</tr>", html, re.S).group(1)


def test_the_review_action_is_the_first_column(client, reviewer, assignment):
    client.force_login(reviewer)
    html = client.get("/admin/awards/reviewassignment/").content.decode()
    cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", _first_row(html), re.S)
    review_url = f"/admin/awards/reviewassignment/{assignment.pk}/review/"
    first_with_content = next(c for c in cells if "action-checkbox" not in c and c.strip())
    assert review_url in first_with_content
    assert "Vurder" in first_with_content


def test_the_title_leads_to_the_review_not_the_raw_record(client, reviewer, assignment):
    client.force_login(reviewer)
    html = client.get("/admin/awards/reviewassignment/").content.decode()
    row = _first_row(html)
    assert f"/admin/awards/reviewassignment/{assignment.pk}/change/" not in row
    title_link = re.search(r'<a href="([^"]+)">' + re.escape(str(assignment.application)), row)
    assert title_link.group(1) == f"/admin/awards/reviewassignment/{assignment.pk}/review/"


def test_an_adviser_goes_from_the_title_to_the_case(client, adviser, assignment):
    client.force_login(adviser)
    row = _first_row(client.get("/admin/awards/reviewassignment/").content.decode())
    case_url = f"/admin/applications/application/{assignment.application_id}/assessment/"
    assert f'href="{case_url}"' in row
