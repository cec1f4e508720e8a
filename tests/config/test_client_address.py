"""Login limits count per real client behind a proxy, and a forged address header is ignored."""

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIMITED = "For mange innloggingsforsøk"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _fail_logins(client, count: int, **headers) -> list[str]:
    pages = []
    for n in range(count):
        response = client.post(
            "/accounts/login/",
            {"login": f"gjetning{n}@example.org", "password": "feil"},
            **headers,
        )
        pages.append(response.content.decode())
    return pages


def _log_in(client, **headers):
    user = UserFactory(email="kari@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return client.post(
        "/accounts/login/",
        {"login": "kari@example.org", "password": "correct horse battery staple"},
        **headers,
    )


def test_behind_a_proxy_one_clients_failures_do_not_lock_out_another(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    pages = _fail_logins(client, 12, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert LIMITED in pages[-1]  # the attacker is held back …
    response = _log_in(client, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 302  # … and someone else logs in


def test_an_address_the_client_writes_itself_is_ignored(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    pages = []
    for n in range(12):
        # The proxy appends the real address; what the client put before it is not trusted.
        pages += _fail_logins(client, 1, HTTP_X_FORWARDED_FOR=f"10.9.8.{n}, 203.0.113.9")
    assert LIMITED in pages[-1]


def test_without_a_trusted_proxy_the_header_is_not_read(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    pages = []
    for n in range(12):
        pages += _fail_logins(client, 1, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert LIMITED in pages[-1]  # every try counted against the connection's own address
