"""The 320 px check of conftest.py and reflow.py: it catches what does not fit, and only that."""

import pytest

from tests.e2e.reflow import WIDTH

URL = "http://reflow.test/page/"


def _page(body: str, style: str = "") -> str:
    return (
        '<!doctype html><html lang="nb"><head><meta name="viewport" '
        'content="width=device-width, initial-scale=1">'
        f"<style>body {{ margin: 0 }} {style}</style></head><body>{body}</body></html>"
    )


def test_a_page_wider_than_the_viewport_is_caught_with_what_sticks_out(reflow_checker):
    result = reflow_checker.measure(URL, _page('<div style="width: 500px" id="wide">x</div>'))
    assert result["viewport"] == WIDTH
    assert result["width"] == 500
    assert "div#wide (to 500 px)" in result["culprits"]


def test_a_word_longer_than_the_line_is_caught(reflow_checker):
    result = reflow_checker.measure(
        URL, _page('<h1 style="font-size: 48px">Tilgjengelighetserklæringsarbeidet</h1>')
    )
    assert result["width"] > WIDTH
    assert any("Tilgjengelighetserklæring" in culprit for culprit in result["culprits"])


def test_a_wide_table_that_scrolls_in_its_own_box_fits(reflow_checker):
    table = (
        '<div style="overflow-x: auto"><table><tr>'
        '<td style="min-width: 900px">bred <span style="position: absolute">x</span></td>'
        "</tr></table></div>"
    )
    result = reflow_checker.measure(URL, _page(table, "div { position: relative }"))
    assert result["width"] == WIDTH


def test_hiding_what_does_not_fit_is_not_reflow(reflow_checker):
    result = reflow_checker.measure(
        URL, _page('<div style="width: 500px">x</div>', "body { overflow-x: hidden }")
    )
    assert result["hides"]


@pytest.mark.django_db
def test_every_page_a_browser_test_loads_is_checked(live_server, page, reflow_on_every_page):
    page.goto(live_server.url + "/accessibility/")
    page.goto(live_server.url + "/finnes-ikke/")
    reflow_on_every_page.settle(page.context)
    assert sorted(reflow_on_every_page.checked) == [
        live_server.url + "/accessibility/",
        live_server.url + "/finnes-ikke/",
    ]
