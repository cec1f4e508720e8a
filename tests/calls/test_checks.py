"""calls.W001: production warns when its cache is not shared between processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from calls.checks import shared_cache_check

ROOT = Path(__file__).resolve().parents[2]
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }
}


def _ids(messages) -> list[str]:
    return [message.id for message in messages]


def test_a_site_without_debug_on_a_cache_per_process_is_warned(settings):
    del settings.UTLYSNING_REQUIRE_SHARED_CACHE
    settings.DEBUG = False
    settings.CACHES = LOCMEM
    assert _ids(shared_cache_check(None)) == ["calls.W001"]


def test_a_site_on_redis_is_not_warned(settings):
    settings.UTLYSNING_REQUIRE_SHARED_CACHE = True
    settings.CACHES = REDIS
    assert shared_cache_check(None) == []


def test_development_with_debug_on_is_not_warned(settings):
    del settings.UTLYSNING_REQUIRE_SHARED_CACHE
    settings.DEBUG = True
    settings.CACHES = LOCMEM
    assert shared_cache_check(None) == []


def _production(*args: str, **extra) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="p" + "k3y!x9#Qw2@e7$rT5%yU8^iO1&pA4*sD6(fG0)hJ" * 2,
        DJANGO_ALLOWED_HOSTS="utlysning.example",
        # manage.py check opens no connection.
        DATABASE_URL="postgres://nobody@127.0.0.1:9/none",
        **extra,
    )
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_warn_without_a_cache_url():
    result = _production("manage.py", "check")
    assert result.returncode == 0, result.stderr
    assert "calls.W001" in result.stdout + result.stderr


def test_production_settings_use_redis_from_the_cache_url_and_do_not_warn():
    result = _production("manage.py", "check", DJANGO_CACHE_URL="redis://127.0.0.1:6379/3")
    assert result.returncode == 0, result.stderr
    assert "calls.W001" not in result.stdout + result.stderr


def test_the_cache_url_selects_djangos_redis_cache(monkeypatch):
    import importlib

    import config.settings.base as base

    monkeypatch.setenv("DJANGO_CACHE_URL", "redis://cache.internal:6379/2")
    try:
        reloaded = importlib.reload(base)
        assert reloaded.CACHES["default"]["BACKEND"].endswith("redis.RedisCache")
        assert reloaded.CACHES["default"]["LOCATION"] == "redis://cache.internal:6379/2"
        monkeypatch.setenv("DJANGO_CACHE_URL", "memcached://cache.internal")
        with pytest.raises(Exception, match="DJANGO_CACHE_URL"):
            importlib.reload(base)
    finally:
        monkeypatch.delenv("DJANGO_CACHE_URL")
        importlib.reload(base)


def test_every_gunicorn_node_warns_at_start_without_a_shared_cache():
    # gunicorn runs no system checks; config/wsgi.py runs the cache checks as it loads.
    result = _production("-c", "import config.wsgi")
    assert result.returncode == 0, result.stderr
    assert "calls.W001" in result.stderr
    quiet = _production("-c", "import config.wsgi", DJANGO_CACHE_URL="redis://127.0.0.1:6379/3")
    assert "calls.W001" not in quiet.stderr
