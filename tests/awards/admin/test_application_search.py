"""The admin's application search: reference and organisation number by index, other text in
Norwegian full text, ranked; the reviewer's limits hold; hostile input; queries and plans."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.models import Application, Organisation
from applications.search import application_search
from awards.models import ReviewAssignment
from tests.factories import ApplicationFactory, OrganisationFactory, ReviewAssignmentFactory
from tests.planner import analyze, plan

pytestmark = pytest.mark.django_db
LIST = "/admin/applications/application/"


def _titles(client, params: dict) -> list[str]:
    # (Django's admin answers a NUL character with a redirect to the whole list.)
    response = client.get(LIST, params, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    titles = re.findall(r'<td class="field-title">([^<]*)</td>', html)
    return titles


def test_a_reference_finds_its_application_and_a_beginning_finds_the_call_s(client, adviser):
    first = ApplicationFactory(reference="KRN-2026-1-007", title="Første")
    ApplicationFactory(reference="KRN-2026-1-008", title="Andre", call=first.call)
    ApplicationFactory(reference="KRN-2025-2-007", title="Tredje")
    client.force_login(adviser)
    assert _titles(client, {"q": "KRN-2026-1-007"}) == ["Første"]
    assert _titles(client, {"q": "krn-2026-1-007 "}) == ["Første"]
    assert sorted(_titles(client, {"q": "KRN-2026-1-"})) == ["Andre", "Første"]
    assert _titles(client, {"q": "KRN-2027"}) == []


def test_text_shaped_like_a_reference_also_finds_its_words(client, adviser):
    ApplicationFactory(title="Kompetanse i b2b-salg", reference="KRN-2026-1-001")
    ApplicationFactory(title="Noe annet", reference="B2B-SALG-1")
    ApplicationFactory(title="Salg for alle", reference="KRN-2026-1-002")
    client.force_login(adviser)
    # The reference that begins with it counts as an exact match and comes first.
    assert _titles(client, {"q": "b2b-salg"}) == ["Noe annet", "Kompetanse i b2b-salg"]


def test_an_organisation_number_finds_its_applications_with_or_without_spaces(client, adviser):
    organisation = OrganisationFactory(orgnr="974760673")
    ApplicationFactory(organisation=organisation, title="Fra Brønnøysund")
    ApplicationFactory(title="Fra andre")
    client.force_login(adviser)
    for typed in ("974760673", "974 760 673", "NO 974 760 673 MVA"):
        assert _titles(client, {"q": typed}) == ["Fra Brønnøysund"], typed


def test_words_are_found_stemmed_and_as_prefixes_in_title_summary_and_organisation(client, adviser):
    ApplicationFactory(
        title="Etablera tilbod om havromsteknologi",
        organisation__name="Maritim forening Sogn og Fjordane",
    )
    ApplicationFactory(title="Samarbeid i klynge", summary="Etterutdanning for røktere.")
    ApplicationFactory(title="Noe annet", organisation__name="Helgeland Industriklynge")
    client.force_login(adviser)
    assert _titles(client, {"q": "havrom"}) == ["Etablera tilbod om havromsteknologi"]
    assert _titles(client, {"q": "klynger"}) == ["Samarbeid i klynge"]
    assert _titles(client, {"q": "røktere"}) == ["Samarbeid i klynge"]
    assert _titles(client, {"q": "maritim havrom"}) == ["Etablera tilbod om havromsteknologi"]
    assert _titles(client, {"q": "helgeland"}) == ["Noe annet"]
    assert _titles(client, {"q": "helgeland havrom"}) == []


def test_the_best_matches_come_first_unless_a_column_is_chosen(client, adviser):
    ApplicationFactory(title="Et prosjekt", summary="Om reiseliv.")
    ApplicationFactory(title="Et annet prosjekt", organisation__name="Reiseliv AS")
    ApplicationFactory(title="Reiseliv for alle")
    client.force_login(adviser)
    expected = ["Reiseliv for alle", "Et annet prosjekt", "Et prosjekt"]
    assert _titles(client, {"q": "reiseliv"}) == expected
    # Sorting by a column (here the title, ascending) replaces the rank.
    title_column = "2"
    assert _titles(client, {"q": "reiseliv", "o": title_column}) == sorted(expected)


def test_a_reviewer_searching_finds_only_what_is_assigned_to_them(client, reviewer):
    mine = ApplicationFactory(title="Havrom som er mitt")
    ReviewAssignmentFactory(
        application=mine, reviewer=reviewer, impartiality=ReviewAssignment.Impartiality.IMPARTIAL
    )
    other = ApplicationFactory(title="Havrom som ikke er mitt", reference="KRN-2026-9-001")
    ApplicationFactory(
        title="Havrom som utkast", status=Application.Status.DRAFT, reference="KRN-2026-9-002"
    )
    client.force_login(reviewer)
    assert _titles(client, {"q": "havrom"}) == ["Havrom som er mitt"]
    assert _titles(client, {"q": "KRN-2026-9"}) == []
    assert _titles(client, {"q": other.organisation.orgnr}) == []


@pytest.mark.parametrize(
    "text",
    [
        "'",
        '"havrom',
        "&|!():*",
        "havrom & | ! ( ) : * <->",
        "\x00",
        "x" * 500,
        "havrom " * 100,
        "og",
        "' OR '1'='1",
        "--",
        "-",
        "999 999 999 999",
        "NO MVA",
        "😀",
    ],
)
def test_hostile_search_text_never_breaks_the_list(client, adviser, text):
    ApplicationFactory(title="Etablera tilbod om havromsteknologi")
    client.force_login(adviser)
    titles = _titles(client, {"q": text})
    assert titles in ([], ["Etablera tilbod om havromsteknologi"])
    if "havrom" in text:
        assert titles == ["Etablera tilbod om havromsteknologi"]


def test_the_search_box_keeps_what_was_typed(client, adviser):
    client.force_login(adviser)
    html = client.get(LIST, {"q": 'havrom "klynge'}).content.decode()
    assert 'value="havrom &quot;klynge"' in html


def _queries(client, params: dict) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST, params).status_code == 200
    return len(queries)


SEARCHES = [{"q": "havrom"}, {"q": "havrom næringsmiljø"}, {"q": "KRN-2026"}, {"q": "920000016"}]


def _make(count: int, start: int) -> None:
    organisations = OrganisationFactory.create_batch(max(1, count // 3))
    for index in range(start, start + count):
        ApplicationFactory(
            title=f"Havrom prosjekt {index}",
            reference=f"KRN-2026-1-{index:03d}",
            organisation=organisations[index % len(organisations)],
        )


def test_search_query_counts_do_not_grow_with_applications(client, adviser):
    client.force_login(adviser)
    _make(3, 0)
    small = [_queries(client, params) for params in SEARCHES]
    _make(60, 3)
    large = [_queries(client, params) for params in SEARCHES]
    assert large == small


def test_at_ten_thousand_applications_lookups_use_their_indexes():
    organisation = OrganisationFactory(name="Lofoten Tareklynge", orgnr="974760673")
    ApplicationFactory(organisation=organisation, title="Tareforedling", reference="KRN-2026-3-001")
    from awards.demo.bench import create_bench_awards

    create_bench_awards(awards=10_000)
    analyze(Application, Organisation)
    everything = Application.objects.all()

    words = plan(application_search(everything, "tareforedling lofoten"))
    assert "Bitmap Index Scan on application_search" in words, words
    assert "Bitmap Index Scan on organisation_search" in words, words
    assert "Seq Scan on applications_application " not in words + " ", words

    reference = plan(application_search(everything, "KRN-2026-3-"))
    assert "Index" in reference and "reference" in reference, reference
    assert "Seq Scan on applications_application" not in reference, reference

    orgnr = plan(application_search(everything, "974 760 673"))
    assert "orgnr" in orgnr and "Index" in orgnr, orgnr
    assert "Seq Scan on applications_organisation" not in orgnr, orgnr

    assert list(application_search(everything, "tareforedling lofoten")) == [
        Application.objects.get(reference="KRN-2026-3-001")
    ]


def test_the_sketch_autocomplete_uses_the_same_search(client, adviser):
    sketch = ApplicationFactory(title="Skisse om havromsteknologi", reference="KRN-2026-4-001")
    ApplicationFactory(title="Noe annet")
    client.force_login(adviser)
    params = {
        "app_label": "applications",
        "model_name": "application",
        "field_name": "sketch",
    }
    for term in ("havrom", "KRN-2026-4", "'&|!"):
        response = client.get("/admin/autocomplete/", {**params, "term": term})
        assert response.status_code == 200, term
        ids = [row["id"] for row in response.json()["results"]]
        assert ids == ([str(sketch.pk)] if term != "'&|!" else []), term
