"""An authenticator code works once, whichever process sees it first.

allauth remembers used TOTP codes in Django's cache (``cache.add``). With a cache each worker
keeps to itself, a code could be used again within its 30 seconds in another worker; with the
shared Redis cache it cannot. Two separate Python processes, both on Redis, check the same code:
the first is let in, the second refused. Redis: the one on 127.0.0.1:6379, or one started for the
test (tests/config/redis_server.py); with neither the test fails and says so.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.config.redis_server import redis_url

ROOT = Path(__file__).resolve().parents[2]

CHECK = """
import sys
import django
from django.test.utils import override_settings

django.setup()
with override_settings(
    CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                        "LOCATION": sys.argv[1]}}
):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from allauth.mfa.utils import encrypt

    authenticator = Authenticator(
        user_id=int(sys.argv[2]), type=Authenticator.Type.TOTP,
        data={"secret": encrypt(sys.argv[3])},
    )
    print("accepted" if TOTP(authenticator).validate_code(sys.argv[4]) else "refused")
"""


@pytest.fixture(scope="module")
def cache_url():
    with redis_url(db=15) as url:
        yield url


def _check_in_own_process(cache_url: str, secret: str, code: str, user_id: int) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        # The check needs no database: nothing connects to this one.
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none",
    }
    result = subprocess.run(
        [sys.executable, "-c", CHECK, cache_url, str(user_id), secret, code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def test_a_totp_code_used_in_one_process_is_refused_in_another(cache_url):
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, generate_totp_secret, hotp_value

    secret = generate_totp_secret()
    counter = int(time.time()) // app_settings.TOTP_PERIOD
    code = format_hotp_value(hotp_value(secret, counter))
    user_id = secrets.randbelow(10**9) + 10**9  # no other test's key
    assert _check_in_own_process(cache_url, secret, code, user_id) == "accepted"
    assert _check_in_own_process(cache_url, secret, code, user_id) == "refused"
