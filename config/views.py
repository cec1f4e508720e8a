"""Project-level views: health check and error pages."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
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


def accessibility_statement(request):
    """The accessibility statement (tilgjengelighetserklæring) the regulations require."""
    context = {"ACCESSIBILITY_CONTACT_EMAIL": settings.ACCESSIBILITY_CONTACT_EMAIL}
    return render(request, "pages/accessibility.html", context)
