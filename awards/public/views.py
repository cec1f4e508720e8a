"""Public award pages, statistics, open data and their exports.

The pages are cached for visitors by ``awards.public.cache`` (see ``CACHED_VIEWS`` there).
"""

import logging

from django.conf import settings
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _

from applications.applying.storage import STORAGE_ERRORS
from awards.followup.reports.selectors import public_follow_up

from .exports import FORMATS, export_chunks, export_current, export_file_missing, export_open
from .filters import award_filters_from
from .models import OpenDataExport
from .selectors import (
    AwardFilters,
    award_detail_public,
    award_education_partners,
    award_list_facets,
    award_list_page,
)
from .statistics import outcome_statistics, statistics_charts, statistics_public

logger = logging.getLogger(__name__)


def award_list(request):
    filters = award_filters_from(request.GET)
    facets = award_list_facets()
    context = {
        "filters": filters,
        "options": facets.options,
        "listing": award_list_page(
            filters=filters, page_number=request.GET.get("page"), facets=facets
        ),
        "nav_section": "awards",
    }
    return render(request, "awards/award_list.html", context)


def award_detail(request, pk: int):
    award = award_detail_public(pk=pk)
    if award is None:
        raise Http404
    context = {
        "award": award,
        "partners": award_education_partners(award=award),
        "follow_up": public_follow_up(award=award),
        "nav_section": "awards",
    }
    return render(request, "awards/award_detail.html", context)


def statistics(request):
    figures = statistics_public()
    context = {
        "statistics": figures,
        "charts": statistics_charts(figures),
        "outcomes": outcome_statistics(),
        "nav_section": "statistics",
    }
    return render(request, "awards/statistics.html", context)


def open_data(request):
    context = {
        "OPEN_DATA_GRANT_PREFIX": settings.OPEN_DATA_GRANT_PREFIX,
        "FUNDING_ORGANISATION_NAME": settings.FUNDING_ORGANISATION_NAME,
        "calls_json_url": request.build_absolute_uri(reverse("public:calls_json")),
        "calls_example_base": request.build_absolute_uri("/"),
        "nav_section": "data",
    }
    return render(request, "pages/data.html", context)


def _streamed(request, format: str, filters, filename: str | None):
    chunks = export_chunks(format=format, base_url=request.build_absolute_uri("/"), filters=filters)
    response = StreamingHttpResponse(chunks, content_type=FORMATS[format].content_type)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _stored(request, stored, format: str, filename: str | None):
    """The stored file as a plain download, with validators so a client can ask "changed?"."""
    etag = f'"{stored.sha256}"'
    last_modified = stored.generated_at.timestamp()
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is None:
        handle = export_open(row=stored)
        response = FileResponse(handle, content_type=FORMATS[format].content_type)
        response["Content-Length"] = str(stored.size)
        if filename:
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
        else:
            response.headers.pop("Content-Disposition", None)
    else:
        response = not_modified
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    # Served again only after asking: a new version of the data is a new file at once.
    response["Cache-Control"] = "public, no-cache"
    return response


def _export(request, format: str, filename: str | None = None):
    """The full export is a stored file made by a task (``awards.public.exports``); a filtered
    one, or the full one before its file is made, is streamed from the database."""
    filters = award_filters_from(request.GET)
    if filters != AwardFilters():
        return _streamed(request, format, filters, filename)
    stored = export_current(format=format)
    if stored is not None:
        try:
            return _stored(request, stored, format, filename)
        except STORAGE_ERRORS:
            logger.warning("Stored export %s could not be read; streaming it", stored.name)
            export_file_missing(row=stored)
    return _streamed(request, format, filters, filename)


def export_csv(request):
    return _export(request, OpenDataExport.Format.CSV, _("tildelinger") + ".csv")


def export_json(request):
    return _export(request, OpenDataExport.Format.JSON)
