"""Pages behind a login are never kept by proxies or browsers; refused form posts get our 403."""

import pytest
from django.test import Client

from tests.factories import MembershipFactory, UserFactory
from tests.html import count_tags

pytestmark = pytest.mark.django_db


def _is_private(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


@pytest.mark.parametrize("url", ["/my/", "/my/data.json", "/my/delete-account/", "/"])
def test_every_page_a_logged_in_person_sees_is_private(client, url):
    client.force_login(MembershipFactory().user)
    response = client.get(url)
    assert response.status_code == 200
    assert _is_private(response)


@pytest.mark.parametrize("url", ["/accounts/login/", "/my/", "/admin/"])
def test_login_pages_and_their_redirects_are_private(client, url):
    assert _is_private(client.get(url))


def test_public_pages_for_visitors_stay_cacheable(client):
    assert not _is_private(client.get("/calls/"))


@pytest.mark.parametrize("language", ["nb", "en"])
def test_a_refused_form_post_gets_the_sites_403_page_in_the_persons_language(language):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    client.cookies["utlysning_language"] = language
    response = client.post("/my/organisations/new/", {"name": "x"})
    html = response.content.decode()
    assert response.status_code == 403
    assert f'<html lang="{language}"' in html
    assert count_tags(html, "h1") == 1
    expected = "Ingen tilgang" if language == "nb" else "No access"
    assert expected in html
    assert "CSRF verification failed" not in html
