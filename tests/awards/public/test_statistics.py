import datetime as dt
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest

from awards.demo.load import load_demo
from awards.public.statistics import statistics_public
from tests.factories import ApplicationFactory, AwardFactory, CallFactory, CountyFactory
from tests.html import count_tags

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")
NBSP = "\u00a0"


def _closed_call(**kwargs):
    return CallFactory(
        opens_at=dt.datetime(2015, 3, 1, tzinfo=OSLO),
        closes_at=dt.datetime(2015, 6, 1, 12, tzinfo=OSLO),
        **kwargs,
    )


def test_figures_per_call_count_received_and_awarded():
    call = _closed_call(budget=10_000_000)
    AwardFactory.create_batch(2, application__call=call, amount=1_000_000)
    AwardFactory(application__call=call, amount=500_000, is_published=False)
    ApplicationFactory.create_batch(3, call=call, submitted_at=call.closes_at)
    ApplicationFactory(call=call, submitted_at=None)  # a draft is not received
    figures = statistics_public()
    (row,) = figures.calls
    assert row.awarded == 2
    assert row.amount == 2_000_000
    assert row.budget == 10_000_000
    assert row.share_percent == 20
    assert row.received == 3
    (year,) = figures.years
    assert (year.year, year.calls, year.amount, year.budget) == (2015, 1, 2_000_000, 10_000_000)


def test_figures_per_county():
    nordland = CountyFactory(number="18", name="Nordland")
    troms = CountyFactory(number="19", name="Troms")
    AwardFactory.create_batch(2, application__organisation__county=nordland, amount=700_000)
    AwardFactory(application__organisation__county=troms, amount=2_000_000)
    counties = {(c.name, c.awarded, c.amount) for c in statistics_public().counties}
    assert counties == {("Nordland", 2, 1_400_000), ("Troms", 1, 2_000_000)}


def test_open_call_without_awards_is_not_counted_yet():
    CallFactory(
        opens_at=dt.datetime.now(tz=OSLO) - dt.timedelta(days=1),
        closes_at=dt.datetime.now(tz=OSLO) + dt.timedelta(days=10),
    )
    assert statistics_public().calls == []


def test_statistics_page_shows_tables_and_charts_from_the_demo(client):
    load_demo()
    html = client.get("/statistics/").content.decode()
    assert count_tags(html, "h1") == 1
    assert (
        count_tags(html, "table") == 5
    )  # per year, per call, per county; the outcomes per year and per call
    assert count_tags(html, "caption") == 5
    assert f"16{NBSP}900{NBSP}000{NBSP}kr" in html
    assert "Finnmark" in html
    assert "2015" in html
    # Charts are server-side SVG, each pointing to its table, with text on every bar.
    assert count_tags(html, "figure") == 3
    for table_id in ("table-years", "table-calls", "table-counties"):
        assert f'href="#{table_id}"' in html
        assert f'id="{table_id}"' in html
    svg = html[html.index('<svg class="chart-svg"') : html.index("</svg>", html.index("chart-svg"))]
    ElementTree.fromstring(svg + "</svg>")  # well-formed
    assert "<script" not in html[html.index("<main") :]  # the charts need no script


def test_statistics_page_in_english(client):
    load_demo()
    client.cookies["utlysning_language"] = "en"
    html = client.get("/statistics/").content.decode()
    assert "<h1" in html and "Statistics" in html
    assert "NOK" in html
