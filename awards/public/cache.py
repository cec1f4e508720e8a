"""The one cache of public pages: a middleware, the views it may cache, and when they go stale.

``CACHED_VIEWS`` names every cacheable view (by URL name) with the lifetime of its pages. For
visitors who are not logged in and have no flash message waiting, the middleware serves a GET
from the cache, or renders the page once and keeps it. Nothing personal is kept: the page is
rendered with a placeholder where a CSRF token would go (see ``calls.context_processors``), and
every visitor gets their own token put in when the page has a form that needs one.

Every key carries the current *public data version*, a number in one database row, so a change
the public can see makes every cached page stale at once, in every worker process, whatever
cache backend is configured. Only such changes count: publishing or unpublishing, editing a
published call or award, or the organisation, application, partners or decision behind a
published award, and schemes and counties. Drafts and unpublished rows never do. The new number
is written after the change has committed, in its own statement, so no applicant's transaction
ever writes (or waits for) the shared row.

Writes that bypass model signals (``QuerySet.update()``, ``bulk_create()``) must call
``public_data_changed()`` themselves.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.cache import get_conditional_response

from applications.models import Application, Organisation, Partner
from awards.decisions.models import Award, Decision
from awards.followup.models import Grant
from awards.followup.payments.models import Instalment
from awards.followup.reports.models import Report
from calls.context_processors import CSRF_PLACEHOLDER
from calls.models import Call, County, Scheme
from calls.selectors import seconds_until_next_status_change

from .listing import award_facets_refresh, calls_of_awards, published_awards_refresh
from .models import PublicDataVersion

# The version bump is what invalidates; the lifetime only bounds how long unused entries live.
CACHE_TIMEOUT = 60 * 60
_ROW = 1
_VERSION_SQL = f"SELECT version FROM {PublicDataVersion._meta.db_table} WHERE id = %s"  # noqa: S608


def _until_a_call_opens_or_closes() -> int:
    """Pages that show a call's status (or count closed calls) live until the next change."""
    return min(CACHE_TIMEOUT, seconds_until_next_status_change() or CACHE_TIMEOUT)


def _an_hour() -> int:
    return CACHE_TIMEOUT


# URL name → how long (in seconds) its page may be kept.
CACHED_VIEWS: dict[str, Callable[[], int]] = {
    "calls:home": _until_a_call_opens_or_closes,
    "calls:list": _until_a_call_opens_or_closes,
    "calls:detail": _until_a_call_opens_or_closes,
    "public:calls_feed": _until_a_call_opens_or_closes,
    "public:statistics": _until_a_call_opens_or_closes,
    "awards:list": _an_hour,
    "awards:detail": _an_hour,
    "public:awards_feed": _an_hour,
    "public:data": _an_hour,
    "public:calls_json": _until_a_call_opens_or_closes,
    "accessibility": _an_hour,
}


# --- The public data version -------------------------------------------------------------------


def public_data_version() -> int:
    """The current version: one query by primary key, in plain SQL since every page asks."""
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL, [_ROW])
        row = cursor.fetchone()
    return row[0] if row else 0


# Called with the new version after every bump (the open-data exports regenerate from here).
AFTER_PUBLIC_DATA_CHANGE: list[Callable[[int], None]] = []


def _bump() -> None:
    new = secrets.randbits(62)
    if not PublicDataVersion.objects.filter(pk=_ROW).update(version=new):
        PublicDataVersion.objects.update_or_create(pk=_ROW, defaults={"version": new})
    for listener in AFTER_PUBLIC_DATA_CHANGE:
        listener(new)


def public_data_changed(**_signal_kwargs) -> None:
    """After a write that sent no signals: rewrite the award list's tables now, and make every
    cached public page stale once the current transaction has committed."""
    published_awards_refresh(call_ids=None)
    transaction.on_commit(_bump)


def _award_is_public(**lookup) -> bool:
    return Award.objects.filter(is_published=True, **lookup).exists()


@dataclass(frozen=True)
class PublicRows:
    """How a change to a row of one model reaches the public pages.

    ``shown(row)``: does it show on a public page (asked before the save or delete, and after)?
    ``calls(row)``: the calls whose award-list rows it touches (None: all of them).
    ``follow_up``: it counts in the grants' states on the statistics (kept in the facets)."""

    shown: Callable
    calls: Callable
    follow_up: bool = False


def _call_of_application(row):
    return Application.objects.filter(pk=row.application_id).values_list("call_id", flat=True)


def _no_list_rows(row) -> list:
    return []


# Every model a public page shows, and how its changes reach the pages.
PUBLIC_MODELS: dict[type, PublicRows] = {
    Scheme: PublicRows(shown=lambda row: True, calls=lambda row: None),
    County: PublicRows(shown=lambda row: True, calls=lambda row: None),
    Call: PublicRows(
        shown=lambda row: (
            row.is_published or Call.objects.filter(pk=row.pk, is_published=True).exists()
        ),
        calls=lambda row: [row.pk],
    ),
    Award: PublicRows(
        shown=lambda row: (
            row.is_published or Award.objects.filter(pk=row.pk, is_published=True).exists()
        ),
        calls=_call_of_application,
    ),
    Organisation: PublicRows(
        shown=lambda row: (
            row.pk is not None and _award_is_public(application__organisation_id=row.pk)
        ),
        calls=lambda row: calls_of_awards(application__organisation_id=row.pk),
    ),
    Application: PublicRows(
        shown=lambda row: row.pk is not None and _award_is_public(application_id=row.pk),
        calls=lambda row: [row.call_id],
    ),
    # Partners show on the award's page only.
    Partner: PublicRows(
        shown=lambda row: _award_is_public(application_id=row.application_id),
        calls=_no_list_rows,
    ),
    Decision: PublicRows(
        shown=lambda row: _award_is_public(application_id=row.application_id),
        calls=_call_of_application,
    ),
    # The follow-up shows on the award's page and in the open data, not in the list's rows:
    # the grant's state (in progress, completed), what it has paid, and a report once approved
    # (which stops showing if that changes).
    Grant: PublicRows(
        shown=lambda row: _award_is_public(pk=row.award_id), calls=_no_list_rows, follow_up=True
    ),
    Instalment: PublicRows(
        shown=lambda row: _award_is_public(grant__pk=row.grant_id), calls=_no_list_rows
    ),
    Report: PublicRows(
        shown=lambda row: (
            (
                row.status == Report.Status.APPROVED
                or Report.objects.filter(pk=row.pk, status=Report.Status.APPROVED).exists()
            )
            and _award_is_public(grant__pk=row.grant_id)
        ),
        calls=_no_list_rows,
        follow_up=True,
    ),
}


def _before_change(sender, instance, **_kwargs) -> None:
    instance._shown_in_public = PUBLIC_MODELS[sender].shown(instance)


def _after_change(sender, instance, **_kwargs) -> None:
    rows = PUBLIC_MODELS[sender]
    if getattr(instance, "_shown_in_public", False) or rows.shown(instance):
        published_awards_refresh(call_ids=rows.calls(instance))
        if rows.follow_up:
            award_facets_refresh()
        transaction.on_commit(_bump)


def connect_signals() -> None:
    for model in PUBLIC_MODELS:
        uid = f"public-data-{model._meta.label_lower}"
        pre_save.connect(_before_change, sender=model, dispatch_uid=uid + "-pre-save")
        post_save.connect(_after_change, sender=model, dispatch_uid=uid + "-save")
        pre_delete.connect(_before_change, sender=model, dispatch_uid=uid + "-pre-delete")
        post_delete.connect(_after_change, sender=model, dispatch_uid=uid + "-delete")


# --- The middleware ----------------------------------------------------------------------------

# Headers a cached page keeps (the open-data JSON sets them); a kept ETag answers If-None-Match.
KEPT_HEADERS = ("Cache-Control", "ETag", "Access-Control-Allow-Origin")


def _key(request) -> str:
    # Feeds hold absolute addresses, so the host is part of what is cached.
    address = f"{request.get_host()}{request.get_full_path()}"
    path = hashlib.md5(address.encode(), usedforsecurity=False).hexdigest()
    language = translation.get_language() or "nb"
    return f"public:{public_data_version()}:{language}:{path}"


def _is_personal(request) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def _with_csrf_token(content: str, request) -> str:
    """Put the visitor's CSRF token where the page has a form that needs one.

    Pages without such a form get no token: making one costs more than serving the page, and
    it would set a cookie on every visitor.
    """
    if CSRF_PLACEHOLDER not in content:
        return content
    return content.replace(CSRF_PLACEHOLDER, get_token(request))


class PublicPageCacheMiddleware:
    """Serve the views in ``CACHED_VIEWS`` from the cache to visitors who are not logged in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        lifetime = CACHED_VIEWS.get(match.view_name) if match is not None else None
        if lifetime is None or request.method not in ("GET", "HEAD") or _is_personal(request):
            return None
        key = _key(request)
        stored = cache.get(key)
        if stored is None:
            request.render_for_public_cache = True
            try:
                response = view_func(request, *view_args, **view_kwargs)
            finally:
                request.render_for_public_cache = False
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code != 200 or response.streaming or response.cookies:
                return response
            kept = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            stored = (response.content.decode(response.charset), response["Content-Type"], kept)
            cache.set(key, stored, lifetime())
        content, content_type, *kept = stored
        response = HttpResponse(_with_csrf_token(content, request), content_type=content_type)
        for name, value in (kept[0] if kept else {}).items():
            response[name] = value
        if response.has_header("ETag"):
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response
