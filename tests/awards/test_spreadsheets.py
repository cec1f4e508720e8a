"""Applicant text that looks like a spreadsheet formula stays text in every export."""

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from awards.spreadsheets import csv_safe, xlsx_append_text_safe
from tests.factories import AwardFactory

EVIL = '=HYPERLINK("http://example.org","klikk")'


@pytest.mark.parametrize("text", [EVIL, "+47 913", "-1", "@SUM(A1)"])
def test_formula_like_text_is_quoted_for_csv(text):
    assert csv_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["Kompetanse for industrien", 1_000_000, None, ""])
def test_ordinary_values_are_left_alone(value):
    assert csv_safe(value) == value


def test_formula_like_text_is_stored_as_text_in_xlsx():
    workbook = Workbook()
    xlsx_append_text_safe(workbook.active, [EVIL, 5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    cell = load_workbook(io.BytesIO(buffer.getvalue())).active["A1"]
    assert cell.data_type == "s"
    assert cell.value == EVIL


@pytest.mark.django_db
def test_the_open_data_csv_never_carries_a_formula(client):
    AwardFactory(application__title=EVIL)
    content = b"".join(client.get("/awards/export.csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    titles = [row[rows[0].index("Title")] for row in rows[1:]]
    assert titles == ["'" + EVIL]
