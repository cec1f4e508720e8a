"""With the Redis cache, allauth's login rate limits count once for the whole site.

Two separate Python processes (as two gunicorn workers or two machines would be) log in with
Django's test client against the same database and the same Redis. Each stays below the limits
on its own; together they pass them, and the second process is refused. With a cache per
process it would not be (the first test shows that, so the second can fail).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.config.redis_server import redis_url
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"

# Logs in once per e-mail address given; prints each answer's status and form error codes.
LOGINS = """
import json
import sys

from django.conf import settings

settings.DATABASES["default"]["NAME"] = sys.argv[1]
if sys.argv[2]:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": sys.argv[2], "KEY_PREFIX": sys.argv[3]}}
import django

django.setup()
from django.test import Client
from django.test.utils import setup_test_environment

setup_test_environment()
client = Client()
answers = []
for email in sys.argv[5:]:
    response = client.post("/accounts/login/", {"login": email, "password": sys.argv[4]})
    form = (response.context or {}).get("form") if response.status_code == 200 else None
    codes = [e.code for errors in form.errors.as_data().values() for e in errors] if form else []
    answers.append([response.status_code, codes])
print(json.dumps(answers))
"""


def _log_in(cache_url: str, prefix: str, password: str, emails: list[str]) -> list:
    """Run the logins in a fresh Python process; its answers as [status, error codes]."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", LOGINS, connection.settings_dict["NAME"], cache_url, prefix]
        + [password, *emails],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def cache_url():
    with redis_url(db=14) as url:
        yield url


@pytest.fixture
def prefix():
    return f"ratelimit-test-{secrets.token_hex(6)}"  # no other run's counters


@pytest.mark.django_db(transaction=True)
def test_with_a_cache_per_process_each_process_counts_failed_logins_alone():
    user = UserFactory()
    first = _log_in("", "", "wrong password", [user.email] * 3)
    second = _log_in("", "", "wrong password", [user.email] * 3)
    # Six failures for one address, where five are allowed: each process saw only three.
    assert "too_many_login_attempts" not in {code for _, codes in first + second for code in codes}


@pytest.mark.django_db(transaction=True)
def test_failed_logins_for_one_address_count_across_two_processes(cache_url, prefix):
    user = UserFactory()
    first = _log_in(cache_url, prefix, "wrong password", [user.email] * 3)
    second = _log_in(cache_url, prefix, "wrong password", [user.email] * 3)
    # "5/5m/key": the fourth and fifth failures are still checked, the sixth is refused unread.
    assert [codes for _, codes in first + second[:2]] == [["email_password_mismatch"]] * 5
    assert second[2][1] == ["too_many_login_attempts"]
    # The right password does not get through the lock either, in a third process.
    assert _log_in(cache_url, prefix, PASSWORD, [user.email])[0][1] == ["too_many_login_attempts"]


@pytest.mark.django_db(transaction=True)
def test_login_posts_from_one_address_are_refused_with_429_across_two_processes(cache_url, prefix):
    # "login": 30 per minute per address. 16 from each process: the 31st and 32nd are refused.
    emails = [f"nobody{n}@example.org" for n in range(16)]
    first = _log_in(cache_url, prefix, "wrong password", emails)
    second = _log_in(cache_url, prefix, "wrong password", emails)
    assert {status for status, _ in first} == {200}
    assert [status for status, _ in second] == [200] * 14 + [429, 429]
