"""Fast, isolated settings for the test suite (real PostgreSQL, never SQLite)."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-secret-key-only-for-the-test-suite"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A worker the tests start as a process of its own writes its e-mails to files they can read.
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = env("DJANGO_EMAIL_FILE_PATH", tempfile.gettempdir())
# A worker the tests start may be given the suite's folder, so both see the same files.
PRIVATE_MEDIA_ROOT = Path(
    env("UTLYSNING_TEST_PRIVATE_MEDIA_ROOT") or tempfile.mkdtemp(prefix="utlysning-private-")
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Tasks run at once, in the process that enqueues them (after the commit, as e-mails are queued
# on commit); the worker's own test runs the database backend.
TASKS = {
    "default": {
        "BACKEND": env(
            "UTLYSNING_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        ),
        "QUEUES": ["default"],
    }
}
# The suite shares two cores with browsers and live servers: a connection that takes a few
# seconds there is load, not an outage (production gives up after 3 s, config/database.py).
DATABASES["default"]["OPTIONS"]["connect_timeout"] = int(env("DATABASE_CONNECT_TIMEOUT", "20"))  # noqa: F405
# Tests log staff in with force_login; the tests of two-factor authentication turn it on.
UTLYSNING_STAFF_MFA_REQUIRED = False
# The suite runs in one process per worker; the tests of the shared cache bring their own Redis.
UTLYSNING_REQUIRE_SHARED_CACHE = False
# Never the internet: this address refuses connections, so a test that does not start the local
# register (tests/brreg.py) sees a register that does not answer.
UTLYSNING_BRREG_URL = "http://127.0.0.1:9/"
