"""Production settings for benchmarking on loopback only (``make bench``).

Everything production does (DEBUG off, WhiteNoise, the same middleware and cache), with the
secrets it demands filled in here, since the server only ever listens on 127.0.0.1. Uses its own
embedded database (``utlysning_bench``) so the demo data is never touched.
"""

import os

os.environ.setdefault("EMBEDDED_DATABASE_NAME", "utlysning_bench")
os.environ.setdefault(
    "DJANGO_SECRET_KEY", "bench-" + "k3y!x9#Qw2@e7$rT5%yU8^iO1&pA4*sD6(fG0)hJ" * 2
)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")
if not os.environ.get("DATABASE_URL"):
    # production insists on DATABASE_URL; the bench may use the embedded server instead.
    os.environ["DATABASE_URL"] = "postgres://embedded"
    _embedded = True
else:
    _embedded = False

from config.database import database_config, ensure_database  # noqa: E402

from .production import *  # noqa: E402, F403

if _embedded:
    del os.environ["DATABASE_URL"]
    DATABASES = {"default": database_config(conn_max_age=60)}
    ensure_database(DATABASES["default"])

SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
