"""An authenticator code works once, whichever process sees it first.

allauth remembers used TOTP codes in Django's cache (``cache.add``). With a cache each worker
keeps to itself, a code could be used again within its 30 seconds in another worker; with the
shared Redis cache it cannot. Two separate Python processes, both on Redis, check the same code:
the first is let in, the second refused. Skipped where no Redis answers on 127.0.0.1:6379.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REDIS_URL = "redis://127.0.0.1:6379/15"
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


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _check_in_own_process(secret: str, code: str, user_id: int) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        # The check needs no database: nothing connects to this one.
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none",
    }
    result = subprocess.run(
        [sys.executable, "-c", CHECK, REDIS_URL, str(user_id), secret, code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_a_totp_code_used_in_one_process_is_refused_in_another():
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, generate_totp_secret, hotp_value

    secret = generate_totp_secret()
    counter = int(time.time()) // app_settings.TOTP_PERIOD
    code = format_hotp_value(hotp_value(secret, counter))
    user_id = secrets.randbelow(10**9) + 10**9  # no other test's key
    assert _check_in_own_process(secret, code, user_id) == "accepted"
    assert _check_in_own_process(secret, code, user_id) == "refused"
