"""Project-level views: health check, accessibility statement and favicon."""

import datetime as dt
from functools import cache

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache


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


@cache
def _favicon() -> bytes:
    return (settings.BASE_DIR / "static" / "favicon.ico").read_bytes()


def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for whatever the page links to."""
    response = HttpResponse(_favicon(), content_type="image/vnd.microsoft.icon")
    response["Cache-Control"] = "public, max-age=604800"
    return response
