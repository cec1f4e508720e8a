"""Public pages about the awards as a whole: statistics, open data, feeds."""

from django.urls import path

from calls.feeds import CallFeed

from . import views
from .caching import cache_public_response
from .feeds import AwardFeed

app_name = "public"

urlpatterns = [
    path("statistics/", views.statistics, name="statistics"),
    path("data/", views.open_data, name="data"),
    path("feeds/awards/", cache_public_response(AwardFeed()), name="awards_feed"),
    path("feeds/calls/", cache_public_response(CallFeed()), name="calls_feed"),
]
