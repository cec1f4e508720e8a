"""Public pages: the award list and pages, statistics, open data and feeds.

Which of them are cached, and for how long, is said in ``awards.public.cache.CACHED_VIEWS``.
"""

from django.urls import path

from calls.feeds import CallFeed

from . import api, views
from .feeds import AwardFeed

# /awards/…
award_patterns = (
    [
        path("", views.award_list, name="list"),
        path("<int:pk>/", views.award_detail, name="detail"),
        path("export.csv", views.export_csv, name="export_csv"),
        path("export.json", views.export_json, name="export_json"),
    ],
    "awards",
)

# Site-wide public pages about the awards as a whole.
site_patterns = (
    [
        path("statistics/", views.statistics, name="statistics"),
        path("data/", views.open_data, name="data"),
        path("data/calls.json", api.calls_json, name="calls_json"),
        path("feeds/awards/", AwardFeed(), name="awards_feed"),
        path("feeds/calls/", CallFeed(), name="calls_feed"),
    ],
    "public",
)
