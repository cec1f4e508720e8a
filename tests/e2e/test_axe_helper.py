import pytest

from tests.e2e.axe import assert_accessible


def test_axe_reports_a_real_violation(page):
    page.set_content(
        '<html lang="nb"><body><main><h1>Test</h1><img src="x.png"></main></body></html>'
    )
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)


def test_axe_passes_a_clean_page(page):
    page.set_content(
        '<html lang="nb"><head><title>Test</title></head>'
        "<body><main><h1>Test</h1><p>Innhold</p></main></body></html>"
    )
    assert_accessible(page)
