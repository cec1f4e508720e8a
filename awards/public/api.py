"""Open data about calls: a small read-only JSON list of the open and upcoming calls.

``/data/calls.json`` is cached by the one public cache (``CACHED_VIEWS``) like the call pages:
until a change the public can see, and never past the moment a call opens or closes. The
answer carries an ETag, so a client that asks again with ``If-None-Match`` gets a 304.
"""

from __future__ import annotations

import hashlib
import json

from django.http import HttpResponse
from django.utils import timezone

from calls.models import Call
from calls.selectors import call_open_and_upcoming

CONTENT_TYPE = "application/json; charset=utf-8"


def _iso(moment) -> str:
    """ISO 8601 in Norwegian time, with its offset: 2026-03-02T12:00:00+01:00."""
    return timezone.localtime(moment).isoformat()


def _call_row(call: Call, *, status: str, base_url: str) -> dict:
    return {
        "id": call.slug,
        "title": call.title,
        "scheme": {"code": call.scheme.code, "name": call.scheme.name},
        "status": status,
        "opens": _iso(call.opens_at),
        "closes": _iso(call.closes_at),
        "budget": int(call.budget),
        "currency": "NOK",
        "url": base_url.rstrip("/") + call.get_absolute_url(),
    }


def calls_document(*, base_url: str, now=None) -> dict:
    """The open calls (soonest deadline first), then the upcoming ones (soonest opening first)."""
    open_calls, upcoming = call_open_and_upcoming(now=now)
    rows = [_call_row(call, status="open", base_url=base_url) for call in open_calls]
    rows += [_call_row(call, status="upcoming", base_url=base_url) for call in upcoming]
    return {"calls": rows}


def calls_json(request):
    document = calls_document(base_url=request.build_absolute_uri("/"))
    body = json.dumps(document, ensure_ascii=False, indent=2).encode()
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["ETag"] = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    # Always asked again (cheaply, with the ETag): a call opens, closes or changes at once.
    response["Cache-Control"] = "public, no-cache"
    response["Access-Control-Allow-Origin"] = "*"
    return response
