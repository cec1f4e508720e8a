"""Every page, the admin's and the error pages included, carries the Content Security Policy.

Scripts and styles come from the site itself only; no inline script or event handler may run.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from awards import roles
from tests.factories import StaffFactory
from tests.test_every_url import EXPECTED, ROLES, _url
from tests.test_every_url import world as world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def _directives(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy", "")
    assert header, f"no Content-Security-Policy on {response.wsgi_request.path}"
    found = {}
    for part in header.split(";"):
        name, *values = part.split()
        found[name] = values
    return found


def _assert_strict(response) -> None:
    directives = _directives(response)
    path = response.wsgi_request.path
    assert directives["default-src"] == ["'self'"], path
    assert directives["script-src"] == ["'self'"], path
    assert directives["style-src"] == ["'self'"], path
    assert directives["object-src"] == ["'none'"], path
    assert directives["frame-ancestors"] == ["'none'"], path
    assert not any("unsafe" in value for values in directives.values() for value in values), path


@pytest.mark.parametrize("role", ROLES)
def test_every_named_page_carries_the_policy(client, world, role):  # noqa: F811
    values, per_name, people = world
    if people[role] is not None:
        client.force_login(people[role])
    for name in sorted(EXPECTED):
        _assert_strict(client.get(_url(name, values, per_name)))


def test_every_admin_page_carries_the_policy(client, world, settings):  # noqa: F811
    settings.UTLYSNING_STAFF_MFA_REQUIRED = False
    client.force_login(StaffFactory(group=roles.ADMINISTRATOR))
    _assert_strict(client.get(reverse("admin:index")))
    changed = 0
    for model in admin.site._registry:
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        _assert_strict(client.get(reverse(f"{name}_changelist")))
        _assert_strict(client.get(reverse(f"{name}_add")))
        instance = model._default_manager.first()
        if instance is not None:
            _assert_strict(client.get(reverse(f"{name}_change", args=[instance.pk])))
            _assert_strict(client.get(reverse(f"{name}_history", args=[instance.pk])))
            changed += 1
    assert changed >= 5  # the world has applications, calls, letters, awards, people


def test_the_login_page_carries_the_policy(client):
    _assert_strict(client.get(reverse("account_login")))


def test_the_error_pages_carry_the_policy(client, monkeypatch, settings):
    _assert_strict(client.get("/finnes-ikke/"))  # 404
    settings.ACCOUNT_RATE_LIMITS = {"login": "1/m/ip"}
    client.post(reverse("account_login"), {"login": "a@example.org", "password": "x"})
    response = client.post(reverse("account_login"), {"login": "a@example.org", "password": "x"})
    assert response.status_code == 429
    _assert_strict(response)
    refused = Client(enforce_csrf_checks=True)
    response = refused.post(reverse("account_login"), {"login": "a@example.org"})
    assert response.status_code == 403
    _assert_strict(response)
    broken = Client(raise_request_exception=False)
    broken.cookies["sessionid"] = "a-session-to-load"
    monkeypatch.setattr(SessionStore, "load", lambda self: 1 / 0)
    response = broken.get("/my/")
    assert response.status_code == 500
    _assert_strict(response)

    def refuse(self):
        raise OperationalError("the database is gone")

    monkeypatch.setattr(SessionStore, "load", refuse)
    response = broken.get("/my/")
    assert response.status_code == 503
    _assert_strict(response)
