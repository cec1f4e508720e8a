import pytest

pytestmark = pytest.mark.django_db


def test_footer_links_the_accessibility_statement_statistics_and_data(client):
    html = client.get("/").content.decode()
    footer = html[html.index("<footer") :]
    assert 'href="/accessibility/"' in footer
    assert 'href="/statistics/"' in footer
    assert 'href="/data/"' in footer


def test_accessibility_statement_says_how_to_report_a_problem(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "uu@example.org"
    html = client.get("/accessibility/").content.decode()
    assert "Tilgjengelighetserklæring" in html
    assert "WCAG 2.1" in html
    assert 'href="mailto:uu@example.org"' in html
    assert "uutilsynet.no" in html


def test_data_page_explains_licence_and_links_the_files(client):
    html = client.get("/data/").content.decode()
    assert "NLOD 2.0" in html
    assert 'href="/awards/export.csv"' in html
    assert 'href="/awards/export.json"' in html
    assert "360Giving" in html
    assert "amountAwarded" in html
