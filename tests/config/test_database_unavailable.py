"""While the database cannot be reached, every page answers the site's 503 page at once."""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _refuse(error):
    def load(self):
        raise error("connection to server on socket failed: No such file or directory")

    return load


@pytest.fixture
def browser():
    # The error reaches the handler as it would in production: the client does not re-raise it.
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
@pytest.mark.parametrize("path", ["/", "/my/", "/admin/"])
def test_a_lost_database_gives_the_503_page_with_retry_after(browser, monkeypatch, error, path):
    browser.force_login(UserFactory())
    monkeypatch.setattr(SessionStore, "load", _refuse(error))
    response = browser.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Tjenesten er midlertidig utilgjengelig" in html
    assert '<html lang="nb"' in html
    assert "Traceback" not in html and "OperationalError" not in html


def test_the_503_page_is_in_english_when_the_person_chose_it(browser, monkeypatch):
    browser.force_login(UserFactory())
    browser.cookies["utlysning_language"] = "en"
    monkeypatch.setattr(SessionStore, "load", _refuse(OperationalError))
    response = browser.get("/my/")
    assert response.status_code == 503
    assert '<html lang="en"' in response.content.decode()


def test_any_other_error_still_gets_the_500_page(browser, monkeypatch):
    browser.force_login(UserFactory())
    monkeypatch.setattr(SessionStore, "load", _refuse(RuntimeError))
    response = browser.get("/my/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_the_database_settings_fail_fast_and_check_persistent_connections(monkeypatch):
    from config.database import database_config

    monkeypatch.setenv("DATABASE_URL", "postgres://utlysning@db.example.org:5432/utlysning")
    monkeypatch.delenv("DATABASE_CONNECT_TIMEOUT", raising=False)
    database = database_config(conn_max_age=60)
    assert database["CONN_HEALTH_CHECKS"] is True
    assert 0 < database["OPTIONS"]["connect_timeout"] <= 5


def test_an_unreachable_shared_cache_gives_the_503_page_too(browser, settings):
    # Nothing listens on port 9: the login page's rate limit cannot be counted.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    response = browser.post("/accounts/login/", {"login": "a@example.org", "password": "x"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
