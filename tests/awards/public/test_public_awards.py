import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.models import Partner
from awards.demo.bench import create_bench_awards
from awards.demo.load import load_demo
from tests.factories import (
    AwardFactory,
    CallFactory,
    CountyFactory,
    OrganisationFactory,
    PartnerFactory,
)
from tests.html import count_tags

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")
NBSP = "\u00a0"


def test_filter_by_county_shows_only_that_county(client):
    nordland = CountyFactory(number="18", name="Nordland")
    troms = CountyFactory(number="19", name="Troms")
    AwardFactory(application__title="Nordlandsprosjekt", application__organisation__county=nordland)
    AwardFactory(application__title="Tromsprosjekt", application__organisation__county=troms)
    html = client.get("/awards/?county=19").content.decode()
    assert "Tromsprosjekt" in html
    assert "Nordlandsprosjekt" not in html
    assert '<option value="19" selected>Troms</option>' in html


def test_filter_by_year_scheme_and_call(client):
    old_call = CallFactory(
        slug="gammel",
        opens_at=dt.datetime(2015, 3, 1, tzinfo=OSLO),
        closes_at=dt.datetime(2015, 6, 1, 12, tzinfo=OSLO),
    )
    AwardFactory(
        application__call=old_call,
        application__title="Prosjekt fra 2015",
        decided_at=dt.datetime(2015, 11, 20, 12, tzinfo=OSLO),
    )
    AwardFactory(application__title="Prosjekt fra 2026")
    assert "Prosjekt fra 2026" not in client.get("/awards/?year=2015").content.decode()
    assert "Prosjekt fra 2015" in client.get("/awards/?year=2015").content.decode()
    html = client.get("/awards/?call=gammel&scheme=KRN").content.decode()
    assert "Prosjekt fra 2015" in html
    assert "Prosjekt fra 2026" not in html
    assert "Prosjekt fra 2015" not in client.get("/awards/?scheme=ANNEN").content.decode()


def test_award_year_follows_norwegian_time(client):
    # 00:30 on 1 January in Oslo is still 31 December in UTC.
    AwardFactory(
        application__title="Nyttårsprosjekt", decided_at=dt.datetime(2016, 1, 1, 0, 30, tzinfo=OSLO)
    )
    assert "Nyttårsprosjekt" in client.get("/awards/?year=2016").content.decode()
    assert "Nyttårsprosjekt" not in client.get("/awards/?year=2015").content.decode()


def test_search_finds_organisation_or_title_whatever_the_case(client):
    AwardFactory(
        application__organisation__name="Maritim forening Sogn og Fjordane",
        application__title="Etablera tilbod om havromsteknologi",
    )
    AwardFactory(application__title="Noe helt annet")
    assert "Etablera tilbod" in client.get("/awards/?q=maritim").content.decode()
    assert "Maritim forening" in client.get("/awards/?q=HAVROM").content.decode()
    html = client.get("/awards/?q=sogn+havrom").content.decode()
    assert "Etablera tilbod" in html
    assert "Noe helt annet" not in html
    assert "Ingen tildelinger passer" in client.get("/awards/?q=finnesikke").content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "q=" + "x" * 5000,
        "q=%27%3B+DROP+TABLE+awards_award%3B+--",
        "q=%25%25_%5C",
        "q=%00",
        "county=99",
        "county=%27%20OR%201%3D1",
        "year=abc",
        "year=99999999999999999999",
        "year=-1",
        "call=finnes-ikke",
        "scheme=%3Cscript%3E",
        "page=999",
        "page=abc",
        "page=-1",
        "q=%F0%9F%98%80&year=2015&county=18&page=2",
    ],
)
def test_odd_input_never_breaks_the_list_or_the_exports(client, query):
    AwardFactory()
    for url in ("/awards/", "/awards/export.csv", "/awards/export.json"):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200, url
        if response.streaming:
            b"".join(response.streaming_content)
    html = client.get(f"/awards/?{query}").content.decode()
    assert "<script>" not in html.split("<main", 1)[1]


def test_sql_like_search_is_only_text(client):
    AwardFactory(application__title="Vanlig prosjekt")
    html = client.get("/awards/?q=%27+OR+%271%27%3D%271").content.decode()
    assert "Vanlig prosjekt" not in html


@pytest.mark.parametrize("url", ["/awards/abc/", "/awards/0/", "/awards/99999999999999999999/"])
def test_unknown_award_pages_are_not_found(client, url):
    assert client.get(url).status_code == 404


def test_unpublished_award_page_is_not_found(client):
    award = AwardFactory(is_published=False)
    assert client.get(f"/awards/{award.pk}/").status_code == 404


def test_pagination_shows_fifty_per_page_with_totals_over_the_whole_set(client):
    create_bench_awards(awards=120)
    first = client.get("/awards/").content.decode()
    assert first.count('<tr id="award-') == 50
    assert "120 tildelinger" in first
    assert "Side 1 av 3" in first
    assert 'href="?page=2"' in first
    last = client.get("/awards/?page=3").content.decode()
    assert last.count('<tr id="award-') == 20
    assert client.get("/awards/?page=999").content.decode().count('<tr id="award-') == 20


def test_call_totals_cover_every_award_of_the_filtered_set_not_just_the_page(client):
    call = CallFactory(title="Stor utlysning")
    AwardFactory.create_batch(55, application__call=call, amount=100_000)
    html = client.get("/awards/").content.decode()
    assert html.count('<tr id="award-') == 50
    assert f"55 prosjekter fikk til sammen 5{NBSP}500{NBSP}000{NBSP}kr" in html
    assert "50 av dem vises på denne siden" in html


def test_filters_are_kept_in_the_page_links(client):
    county = CountyFactory(number="18", name="Nordland")
    AwardFactory.create_batch(51, application__organisation__county=county)
    html = client.get("/awards/?county=18").content.decode()
    assert 'href="?county=18&amp;page=2"' in html
    assert 'href="/awards/export.csv?county=18"' in html


def test_award_page_shows_what_the_public_needs(client):
    county = CountyFactory(number="14", name="Sogn og Fjordane")
    organisation = OrganisationFactory(name="IT-forum Sogn og Fjordane", county=county)
    award = AwardFactory(
        application__organisation=organisation,
        application__title="Næringsretta IT-utdanning i Sogn og Fjordane",
        application__summary="Eit tilbod skrive på nynorsk.",
        application__call__title="Kompetanseutvikling 2026",
        amount=1_200_000,
        decided_at=dt.datetime(2026, 5, 4, 12, tzinfo=OSLO),
    )
    html = client.get(f"/awards/{award.pk}/").content.decode()
    assert count_tags(html, "h1") == 1
    assert "<title>Næringsretta IT-utdanning i Sogn og Fjordane – Utlysning</title>" in html
    assert "IT-forum Sogn og Fjordane" in html
    assert "Eit tilbod skrive på nynorsk." in html
    assert f"1{NBSP}200{NBSP}000{NBSP}kr" in html
    assert "Sogn og Fjordane" in html
    assert "Kompetanseutvikling 2026" in html
    assert "4. mai 2026" in html
    assert "Utdanningspartnere" in html


def test_award_page_escapes_what_applicants_wrote(client):
    award = AwardFactory(application__title="<b>Fet</b> tittel")
    html = client.get(f"/awards/{award.pk}/").content.decode()
    assert "<b>Fet</b>" not in html
    assert "&lt;b&gt;Fet&lt;/b&gt; tittel" in html


def test_list_links_to_award_pages(client):
    award = AwardFactory()
    assert f'href="/awards/{award.pk}/"' in client.get("/awards/").content.decode()


def test_demo_awards_page_still_shows_the_press_release_total(client):
    load_demo()
    html = client.get("/awards/").content.decode()
    assert f"16{NBSP}900{NBSP}000{NBSP}kr" in html
    assert "10 tildelinger" in html


def _queries(client, url) -> int:
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


PUBLIC_URLS = [
    "/awards/",
    "/awards/?page=2",
    "/awards/?q=prosjekt&county=18",
    "/awards/?county=18&page=2",
    "/awards/?year=2022",
    "/awards/?page=999",
    "/statistics/",
    "/feeds/awards/",
    "/feeds/calls/",
    "/awards/export.csv",
    "/awards/export.json",
]


def test_query_counts_do_not_grow_with_awards(client):
    create_bench_awards(awards=10)
    small = {url: _queries(client, url) for url in PUBLIC_URLS}
    create_bench_awards(awards=500)
    large = {url: _queries(client, url) for url in PUBLIC_URLS}
    assert large == small


def test_award_page_query_count_is_small_and_does_not_grow(client):
    from awards.models import Award

    create_bench_awards(awards=10)
    small = _queries(client, f"/awards/{Award.objects.first().pk}/")
    create_bench_awards(awards=500)
    # The award with its application, decision and grant; the call; the organisation; the
    # partners (one join of nine tables took longer to plan than four small queries to run).
    assert _queries(client, f"/awards/{Award.objects.last().pk}/") == small <= 5


def test_award_page_lists_the_education_partners_only(client):
    award = AwardFactory()
    education = Partner.Role.EDUCATION_PROVIDER
    PartnerFactory(application=award.application, name="Høgskulen på Vestlandet", role=education)
    PartnerFactory(application=award.application, name="Fagskolen i Nordland", role=education)
    PartnerFactory(
        application=award.application,
        name="Bedrift AS",
        role=Partner.Role.PARTICIPATING_FIRM,
    )
    html = client.get(f"/awards/{award.pk}/").content.decode()
    assert html.index("Høgskulen på Vestlandet") < html.index("Fagskolen i Nordland")
    assert "Bedrift AS" not in html


def test_a_new_partner_reaches_the_cached_award_page(client, committed):
    award = AwardFactory()
    assert "Universitetet i Tromsø" not in client.get(f"/awards/{award.pk}/").content.decode()
    with committed():
        PartnerFactory(
            application=award.application,
            name="Universitetet i Tromsø",
            role=Partner.Role.EDUCATION_PROVIDER,
        )
    assert "Universitetet i Tromsø" in client.get(f"/awards/{award.pk}/").content.decode()
