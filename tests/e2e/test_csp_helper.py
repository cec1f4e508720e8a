"""The policy check of conftest.py and csp.py: it catches what the policy blocks, and only that."""

import pytest

from tests.e2e.axe import assert_accessible

URL = "http://csp.test/page/"
POLICY = "default-src 'self'; script-src 'self'; style-src 'self'"


def _serve(page, body: str) -> None:
    def fulfill(route):
        route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": POLICY},
            body=f'<!doctype html><html lang="nb"><title>t</title><body>{body}</body></html>',
        )

    page.route(URL, fulfill)
    page.goto(URL)
    page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 100))")


def test_an_inline_script_is_caught(page, csp_watcher):
    _serve(page, "<script>document.title = 'ran'</script>")
    assert page.title() == "t"  # the browser blocked it: the policy is not bypassed
    caught, csp_watcher.violations[:] = list(csp_watcher.violations), []
    assert len(caught) == 1 and "script-src" in caught[0] and "inline" in caught[0]


def test_an_inline_event_handler_and_a_style_attribute_are_caught(page, csp_watcher):
    _serve(page, '<p style="color: red">x</p><img src="data:," onerror="alert(1)" alt="">')
    caught, csp_watcher.violations[:] = list(csp_watcher.violations), []
    assert any("style-src" in line for line in caught), caught
    assert any("script-src" in line for line in caught), caught


@pytest.mark.django_db
def test_the_sites_pages_break_no_policy_and_axe_runs_under_it(live_server, page, csp_watcher):
    page.goto(live_server.url + "/accessibility/")
    assert "script-src 'self'" in page.evaluate(
        "() => fetch(location.href).then((r) => r.headers.get('content-security-policy'))"
    )
    assert_accessible(page)
    page.goto(live_server.url + "/finnes-ikke/")
    assert csp_watcher.violations == []
