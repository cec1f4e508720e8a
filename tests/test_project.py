"""Guards over the whole project: settings, migrations, deployment checks."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

BASE_DIR = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "x7!q2w#e4r%t6y&u8i*o0p(a1s)d3f_g5h+j7k=l9z-x1c2v3b4n5m6Q7W8E9R",
    "DJANGO_ALLOWED_HOSTS": "utlysning.example.org",
    "DATABASE_URL": "postgres://utlysning:secret@db.example.org:5432/utlysning",
    # A shared cache, or calls.W001 warns (tests/calls/test_checks.py).
    "DJANGO_CACHE_URL": "redis://cache.example.org:6379/0",
    "AWS_STORAGE_BUCKET_NAME": "utlysning-filer",
}


def _manage(*args, env):
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "AWS_"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_on_production_settings_prints_no_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_when_private_files_are_on_the_local_disk():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "AWS_STORAGE_BUCKET_NAME"}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "utlysning.W010" in result.stderr + result.stdout
    assert "AWS_STORAGE_BUCKET_NAME" in result.stderr + result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr


def test_production_sends_real_email():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.EMAIL_BACKEND)",
        env=PRODUCTION_ENV,
    )
    assert result.stdout.strip().splitlines()[-1] == "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.django_db
def test_no_model_changes_without_a_migration():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_database_is_postgresql():
    from django.conf import settings

    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def test_no_page_loads_anything_from_another_site():
    for template in (BASE_DIR / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for needle in ("https://cdn", "fonts.googleapis", "googletagmanager", '<script src="http'):
            assert needle not in text, f"{template} loads {needle}"
    for css in (BASE_DIR / "static").rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert "@import url(http" not in text
        assert "url(http" not in text.replace("http%3A%2F%2Fwww.w3.org", "")
