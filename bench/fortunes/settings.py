"""Settings of the fortunes baseline: one app, one template, no middleware, DEBUG off.

The database is the benchmark's (``utlysning_bench`` on the embedded server, or
``DATABASE_URL``), with the same persistent connections as ``config.settings.bench``; the
fortunes live in a small table of their own there (``bench_fortune``).
"""

import os
from pathlib import Path

from config.database import database_config, ensure_database

os.environ.setdefault("EMBEDDED_DATABASE_NAME", "utlysning_bench")

BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = "fortunes-baseline-on-loopback-only"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.fortunes.urls"
WSGI_APPLICATION = "bench.fortunes.wsgi.application"
INSTALLED_APPS = ["bench.fortunes"]
MIDDLEWARE: list[str] = []
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {"context_processors": []},
    }
]
DATABASES = {"default": database_config(conn_max_age=60)}
if not os.environ.get("DATABASE_URL"):
    ensure_database(DATABASES["default"])
USE_TZ = True
USE_I18N = False
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
LOGGING = {"version": 1, "disable_existing_loggers": False}
