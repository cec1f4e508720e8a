"""Public award pages, statistics, open data and their exports.

The pages are cached for visitors by ``awards.public.cache`` (see ``CACHED_VIEWS`` there).
"""

from django.conf import settings
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .filters import award_filters_from
from .opendata import CHUNK_SIZE, Publisher, stream_csv, stream_json
from .selectors import (
    award_detail_public,
    award_education_partners,
    award_export_rows,
    award_filter_options,
    award_list_page,
    statistics_public,
)
from .statistics import statistics_charts


def award_list(request):
    filters = award_filters_from(request.GET)
    context = {
        "filters": filters,
        "options": award_filter_options(),
        "listing": award_list_page(filters=filters, page_number=request.GET.get("page")),
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
        "nav_section": "awards",
    }
    return render(request, "awards/award_detail.html", context)


def statistics(request):
    figures = statistics_public()
    context = {
        "statistics": figures,
        "charts": statistics_charts(figures),
        "nav_section": "statistics",
    }
    return render(request, "awards/statistics.html", context)


def open_data(request):
    context = {
        "OPEN_DATA_GRANT_PREFIX": settings.OPEN_DATA_GRANT_PREFIX,
        "FUNDING_ORGANISATION_NAME": settings.FUNDING_ORGANISATION_NAME,
        "nav_section": "data",
    }
    return render(request, "pages/data.html", context)


def _export(request, stream, content_type: str, filename: str | None = None):
    rows = award_export_rows(filters=award_filters_from(request.GET))
    publisher = Publisher.from_settings(base_url=request.build_absolute_uri("/"))
    response = StreamingHttpResponse(
        stream(rows.iterator(chunk_size=CHUNK_SIZE), publisher), content_type=content_type
    )
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_csv(request):
    return _export(request, stream_csv, "text/csv; charset=utf-8", _("tildelinger") + ".csv")


def export_json(request):
    return _export(request, stream_json, "application/json")
