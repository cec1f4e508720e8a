"""Project-level views: health check, error pages, accessibility statement and favicon."""

import datetime as dt
import sys
from functools import cache

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache

# How long a visitor is asked to wait while the database is unreachable (Retry-After).
DATABASE_RETRY_AFTER_SECONDS = 30


@never_cache
def healthz(request):
    """200 'ok' when the database answers, 503 otherwise (for load balancers and monitoring)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


# When the known deviations in templates/pages/accessibility.html were last checked.
ACCESSIBILITY_CHECKED = dt.date(2026, 12, 1)


def accessibility_statement(request):
    """The accessibility statement (tilgjengelighetserklæring) the regulations require."""
    context = {
        "ACCESSIBILITY_CONTACT_EMAIL": settings.ACCESSIBILITY_CONTACT_EMAIL,
        "checked": ACCESSIBILITY_CHECKED,
    }
    return render(request, "pages/accessibility.html", context)


def csrf_failure(request, reason: str = ""):
    """A form post without a valid CSRF token: the site's 403 page, in the person's language."""
    context = {
        "message": _(
            "Skjemaet kunne ikke sendes fordi siden var for gammel eller informasjonskapsler er "
            "slått av. Gå tilbake, last inn siden på nytt og prøv igjen."
        )
    }
    return render(request, "403.html", context, status=403)


def _database_unreachable(error: BaseException | None) -> bool:
    """Whether the error (or one it was raised from) says the database cannot be reached.

    The shared Redis cache (DJANGO_CACHE_URL) counts as well: the login rate limits need it.
    """
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    unreachable = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, unreachable):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def server_error(request):
    """handler500: the site's 503 page while the database is down, else its 500 page.

    Raised anywhere (a view, the session, a middleware), a lost or refused database connection
    ends here. The page is rendered without the request, as Django's own 500 page is: its
    context processors and the session would ask the database again.
    """
    if not _database_unreachable(sys.exc_info()[1]):
        return defaults.server_error(request)
    try:
        body = loader.get_template("503.html").render({"SITE_NAME": settings.SITE_NAME})
    except Exception:  # noqa: BLE001  (the page must not fail in turn)
        body = "<!doctype html><title>503</title><h1>Service Unavailable</h1>"
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@cache
def _favicon() -> bytes:
    return (settings.BASE_DIR / "static" / "favicon.ico").read_bytes()


def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for whatever the page links to."""
    response = HttpResponse(_favicon(), content_type="image/vnd.microsoft.icon")
    response["Cache-Control"] = "public, max-age=604800"
    return response
