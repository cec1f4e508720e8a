"""Cached public pages that go stale the moment the data behind them changes.

Every cache key carries the current *public data version*, a number kept in one database row.
Saving or deleting a scheme, call, county, organisation, application, partner or award gives the
row a new number, so every cached page is left behind at once, in every worker process, whatever
cache backend is configured. Pages are cached per language.

Only content that is the same for every visitor is cached: pages whose body is rendered without
the request, with a placeholder for the one per-visitor value on them (the CSRF token of the
language switcher), and whole responses with no per-visitor data at all (feeds).

Writes that bypass model signals (``QuerySet.update()``, ``bulk_create()``) must call
``public_data_changed()`` themselves.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from functools import wraps

from django.core.cache import cache
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from applications.models import Application, Organisation, Partner
from awards.decisions.models import Award
from calls.context_processors import CSRF_PLACEHOLDER
from calls.models import Call, County, Scheme
from calls.selectors import seconds_until_next_status_change

from .models import PublicDataVersion

# The version bump is what invalidates; the timeout only bounds how long unused entries live.
CACHE_TIMEOUT = 60 * 60
_MISSING = "__missing__"
_ROW = 1

_VERSION_SQL = f"SELECT version FROM {PublicDataVersion._meta.db_table} WHERE id = %s"  # noqa: S608

WATCHED_MODELS = [Scheme, Call, County, Organisation, Application, Partner, Award]


def public_data_version() -> int:
    """The current version: one query by primary key, in plain SQL since every page asks."""
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL, [_ROW])
        row = cursor.fetchone()
    return row[0] if row else 0


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
    # Feeds hold absolute addresses, so the host is part of what is cached.
    address = f"{request.get_host()}{request.get_full_path()}"
    path = hashlib.md5(address.encode(), usedforsecurity=False).hexdigest()
    language = translation.get_language() or "nb"
    return f"public:{kind}:{public_data_version()}:{language}:{path}"


def _is_logged_in(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _has_messages(request) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def cached_page(request, template_name: str, build: Callable[[], dict | None], context=None):
    """A whole page from the cache, with this visitor's own CSRF token put in.

    ``build`` returns the page's parts (``title``, ``body_html`` …) rendered without the request,
    or ``None`` for "not found" (cached too, answered with a 404). The page is rendered once with
    a placeholder where the CSRF token goes (the language switcher's form) and the placeholder is
    swapped for the visitor's token on every response. Logged-in people and visitors with flash
    messages waiting get a page rendered just for them, so nothing personal is ever cached.
    """
    context = context or {}
    if _has_messages(request) or _is_logged_in(request):
        parts = build()
        if parts is None:
            raise Http404
        return render(request, template_name, {**_safe(parts), **context})
    key = _key("page", request)
    html = cache.get(key)
    if html is None:
        parts = build()
        if parts is None:
            cache.set(key, _MISSING, CACHE_TIMEOUT)
            raise Http404
        html = render_to_string(
            template_name,
            {**_safe(parts), **context, "csrf_token": CSRF_PLACEHOLDER},
            request=request,
        )
        cache.set(key, html, CACHE_TIMEOUT)
    elif html == _MISSING:
        raise Http404
    return HttpResponse(_with_csrf_token(html, request))


def _with_csrf_token(html: str, request) -> str:
    """Put the visitor's CSRF token where the page has a form that needs one.

    Pages without such a form get no token: making one costs more than serving the page, and
    it would set a cookie on every visitor.
    """
    if CSRF_PLACEHOLDER not in html:
        return html
    return html.replace(CSRF_PLACEHOLDER, get_token(request))


def _safe(parts: dict) -> dict:
    """Parts named ``*_html`` are rendered HTML; the others are text, escaped where shown."""
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


# Call pages (front page, list, call page) show each call's status, which changes with the
# clock: they are cached until the next moment a published call opens or closes.
CACHED_CALL_VIEWS = {"calls:home", "calls:list", "calls:detail"}


class PublicCallPagesCacheMiddleware:
    """Serve the public call pages from the cache to visitors who are not logged in.

    The page is rendered once with a placeholder for the CSRF token (see
    ``calls.context_processors``) and every response gets the visitor's own token. Like the
    other cached pages, the key carries the public data version and the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            match is None
            or match.view_name not in CACHED_CALL_VIEWS
            or request.method not in ("GET", "HEAD")
            or _is_logged_in(request)
            or _has_messages(request)
        ):
            return None
        key = _key("calls", request)
        html = cache.get(key)
        if html is None:
            request.render_for_public_cache = True
            try:
                response = view_func(request, *view_args, **view_kwargs)
            finally:
                request.render_for_public_cache = False
            if response.status_code != 200 or response.streaming:
                return response
            html = response.content.decode(response.charset)
            timeout = min(CACHE_TIMEOUT, seconds_until_next_status_change() or CACHE_TIMEOUT)
            cache.set(key, html, timeout)
        return HttpResponse(_with_csrf_token(html, request))
