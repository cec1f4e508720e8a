"""Cached public pages that go stale the moment the data behind them changes.

Every cache key carries the current *public data version*, a number kept in one database row.
Saving or deleting a scheme, call, county, organisation, application or award gives the row a new
number, so every cached page is left behind at once, in every worker process, whatever cache
backend is configured. Pages are cached per language.

Only content that is the same for every visitor is cached: the body of a page (rendered without
the request) or a whole response that carries no per-visitor data (feeds). The page around the
body, with the language switcher and its CSRF token, is rendered for each request.

Writes that bypass model signals (``QuerySet.update()``, ``bulk_create()``) must call
``public_data_changed()`` themselves.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from functools import wraps

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.safestring import mark_safe

from applications.models import Application, Organisation
from calls.models import Call, County, Scheme

from .models import Award, PublicDataVersion

# The version bump is what invalidates; the timeout only bounds how long unused entries live.
CACHE_TIMEOUT = 60 * 60
_MISSING = "__missing__"
_ROW = 1

WATCHED_MODELS = [Scheme, Call, County, Organisation, Application, Award]


def public_data_version() -> int:
    """The current version (one query by primary key)."""
    version = PublicDataVersion.objects.filter(pk=_ROW).values_list("version", flat=True)
    return next(iter(version), 0)


def public_data_changed(**_signal_kwargs) -> None:
    """Make every cached public page stale. Runs in the caller's transaction."""
    new = secrets.randbits(62)
    if not PublicDataVersion.objects.filter(pk=_ROW).update(version=new):
        PublicDataVersion.objects.update_or_create(pk=_ROW, defaults={"version": new})


def connect_signals() -> None:
    for model in WATCHED_MODELS:
        uid = f"public-data-{model._meta.label_lower}"
        post_save.connect(public_data_changed, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(public_data_changed, sender=model, dispatch_uid=uid + "-delete")


def _key(kind: str, request) -> str:
    path = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    language = translation.get_language() or "nb"
    return f"public:{kind}:{public_data_version()}:{language}:{path}"


def cached_parts(request, build: Callable[[], dict | None]) -> dict:
    """The parts of a page (``title``, ``body_html`` …) from the cache, or from ``build()``.

    ``build`` renders the parts without the request; returning ``None`` means "not found", which
    is cached too and answered with a 404. Parts named ``*_html`` are rendered HTML; the others
    are plain text and are escaped where they are shown.
    """
    key = _key("parts", request)
    parts = cache.get(key)
    if parts is None:
        parts = build()
        cache.set(key, _MISSING if parts is None else parts, CACHE_TIMEOUT)
    if parts is None or parts == _MISSING:
        raise Http404
    return {
        name: mark_safe(value) if name.endswith("_html") else value  # noqa: S308
        for name, value in parts.items()
    }


def cache_public_response(view):
    """Cache a whole response that is the same for every visitor (no forms, no cookies)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = _key("response", request)
        stored = cache.get(key)
        if stored is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming or response.cookies:
                return response
            stored = (response.content, response["Content-Type"])
            cache.set(key, stored, CACHE_TIMEOUT)
        content, content_type = stored
        return HttpResponse(content, content_type=content_type)

    return wrapper
