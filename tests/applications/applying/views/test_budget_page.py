"""The budget page: sums as typed beside the saved ones, room for another year, and a way on when
the project period is not filled in."""

import datetime as dt
import re

import pytest

from applications.models import CostLine

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def _url(client):
    return f"/my/applications/{client.application.pk}/budget/"


def _rows(html: str) -> int:
    return len(re.findall(r'name="costs-\d+-year"', html))


def test_without_a_project_period_the_page_says_how_to_add_years(editor_client):
    html = editor_client.get(_url(editor_client)).content.decode()
    assert "data-period-missing" in html
    assert "Skriv inn årene selv" in html
    project = f"/my/applications/{editor_client.application.pk}/project/#id_project_start"
    assert f'href="{project}"' in html
    assert _rows(html) == 3  # years can be typed in straight away


def test_with_a_project_period_the_years_are_suggested_and_no_hint_is_shown(editor_client):
    application = editor_client.application
    application.project_start, application.project_end = dt.date(2026, 8, 1), dt.date(2028, 6, 30)
    application.save()
    html = editor_client.get(_url(editor_client)).content.decode()
    assert "data-period-missing" not in html
    for year in (2026, 2027, 2028):
        assert f'value="{year}"' in html
    assert _rows(html) == 4  # and one empty row for a year more


def test_there_is_always_a_row_for_another_year(editor_client):
    for year in (2026, 2027, 2028, 2029):
        CostLine.objects.create(application=editor_client.application, year=year, personnel=1)
    assert _rows(editor_client.get(_url(editor_client)).content.decode()) == 5


def test_sums_as_typed_are_shown_beside_the_saved_ones_when_the_form_comes_back(editor_client):
    response = editor_client.post(
        _url(editor_client),
        {
            "version": "0",
            "costs-TOTAL_FORMS": "2",
            "costs-INITIAL_FORMS": "0",
            "costs-0-year": "2026",
            "costs-0-personnel": "1 500 000 kr",
            "costs-0-equipment": "kr 100000,-",
            "costs-1-year": "2027",
            "costs-1-personnel": "1.000.000",
            "costs-1-other": "mange penger",
            "requested_amount": "1 000 000",
            "own_contribution": "200 000 kr",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200  # "mange penger" is refused, the rest is kept
    assert f'<td class="num" data-row-total>1{NBSP}600{NBSP}000{NBSP}kr</td>' in html
    assert f'<td class="num" data-row-total>1{NBSP}000{NBSP}000{NBSP}kr</td>' in html
    assert f"data-costs-total>2{NBSP}600{NBSP}000{NBSP}kr<" in html
    assert f"data-financing-total>1{NBSP}200{NBSP}000{NBSP}kr<" in html
    assert f"data-saved-costs>0{NBSP}kr<" in html
    assert 'aria-live="polite"' in html
    assert '<script src="/static/js/budget.js" defer></script>' in html
