"""System checks for how the site is deployed."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=False)
def shared_cache_check(app_configs, **kwargs):
    """calls.W001: a site served by several processes needs one cache they all reach.

    allauth counts failed logins and remembers used authenticator codes in the cache, and the
    public pages are cached there. In a cache each process keeps to itself, four gunicorn workers
    let four times as many password guesses through and may accept a code twice.
    """
    if not getattr(settings, "UTLYSNING_REQUIRE_SHARED_CACHE", not settings.DEBUG):
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in settings.SHARED_CACHE_BACKENDS:
        return []
    return [
        Warning(
            f"The default cache ({backend.rsplit('.', 1)[-1] or 'none'}) is not shared between "
            "processes: login rate limits, used authenticator codes and cached pages count "
            "separately in every worker and on every machine.",
            hint="Set DJANGO_CACHE_URL to a Redis server, e.g. redis://127.0.0.1:6379/0.",
            id="calls.W001",
        )
    ]
