"""The full open-data exports are stored files made by a task after the public data changes."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.http import FileResponse

from awards.decisions import services as decision_services
from awards.demo.bench import create_bench_awards
from awards.letters import services as letter_services
from awards.models import Award
from awards.public import cache as public_cache
from awards.public.exports import export_regenerate
from awards.public.models import OpenDataExport
from tests import deciding
from tests.factories import AwardFactory, CountyFactory

pytestmark = pytest.mark.django_db

URLS = {"csv": "/awards/export.csv", "json": "/awards/export.json"}


@pytest.fixture(autouse=True)
def _site_url(settings):
    # The stored files carry the configured address; the streamed ones the request's.
    settings.SITE_URL = "http://testserver"


def _body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _stored_bytes(format: str) -> bytes:
    from applications.applying.storage import private_storage

    row = OpenDataExport.objects.get(format=format)
    with private_storage().open(row.name, "rb") as handle:
        return handle.read()


def _publish(adviser, application, committed):
    deciding.decision_make(
        application=application,
        outcome="award",
        amount=1_500_000,
        payout_deadline=dt.date(2028, 6, 30),
        by=adviser,
    )
    letter_services.letter_send(application=application, by=adviser)
    with committed():
        decision_services.results_publish(call=application.call, by=adviser)
    return Award.objects.get(application=application)


@pytest.mark.parametrize("format", ["csv", "json"])
def test_publishing_results_stores_a_file_that_matches_the_streamed_export(
    client, committed, adviser, eligible, format, private_backend
):
    AwardFactory(application__title="Čáhcegáddi Sámi searvi: vannprosjekt")
    _publish(adviser, eligible, committed)

    row = OpenDataExport.objects.get(format=format)
    assert row.data_version == public_cache.public_data_version()
    assert private_backend.holds(row.name)
    served = client.get(URLS[format])
    assert isinstance(served, FileResponse), "the current stored file is served"
    stored = _body(served)
    assert eligible.title.encode() in stored
    assert "Čáhcegáddi Sámi searvi".encode() in stored
    assert served["Content-Length"] == str(len(stored)) == str(row.size)

    OpenDataExport.objects.all().delete()  # no file yet: the view streams from the database
    streamed = client.get(URLS[format])
    assert not isinstance(streamed, FileResponse)
    assert _body(streamed) == stored


def test_unpublishing_makes_a_file_without_the_award(client, committed, adviser, eligible):
    award = _publish(adviser, eligible, committed)
    assert eligible.title.encode() in _stored_bytes("json")
    with committed():
        decision_services.award_unpublish(award=award, reason="Feil i vedtaket", by=adviser)
    assert eligible.title.encode() not in _stored_bytes("json")
    assert eligible.title.encode() not in _body(client.get(URLS["json"]))


def test_a_stale_file_is_not_served_and_one_regeneration_is_asked_for(
    client, django_capture_on_commit_callbacks
):
    AwardFactory(application__title="Gammelt prosjekt")
    call_command("opendata_exports", stdout=io.StringIO())
    # A change whose regeneration has not run yet: the version is new, the files are old.
    AwardFactory(application__title="Nytt prosjekt")
    with django_capture_on_commit_callbacks() as after_bump:
        public_cache._bump()
    assert len(after_bump) == 1, "the bump queues the regeneration after its commit"

    for format, url in URLS.items():
        with django_capture_on_commit_callbacks() as queued:
            response = client.get(url)
            again = client.get(url)
        assert not isinstance(response, FileResponse)
        body = _body(response)
        assert b"Nytt prosjekt" in body and b"Gammelt prosjekt" in body
        assert b"Nytt prosjekt" in _body(again)
        assert len(queued) == 1, "two downloads of a stale file queue one regeneration"
        assert b"Nytt prosjekt" not in _stored_bytes(format)


def test_the_regeneration_task_replaces_the_stale_file(client, committed, settings):
    AwardFactory(application__title="Gammelt prosjekt")
    export_regenerate(format="csv")
    old = OpenDataExport.objects.get(format="csv").name
    AwardFactory(application__title="Nytt prosjekt")
    public_cache._bump()
    with committed():
        client.get(URLS["csv"])  # stale: streamed, and the task runs after the commit
    row = OpenDataExport.objects.get(format="csv")
    assert row.name != old
    assert b"Nytt prosjekt" in _stored_bytes("csv")
    assert isinstance(client.get(URLS["csv"]), FileResponse)
    from applications.applying.storage import private_storage

    assert not private_storage().exists(old), "the replaced file is removed"


def test_a_current_file_is_kept_when_asked_again():
    AwardFactory()
    first = export_regenerate(format="json")
    second = export_regenerate(format="json")
    assert (second.name, second.generated_at) == (first.name, first.generated_at)


@pytest.mark.parametrize("format", ["csv", "json"])
def test_a_missing_stored_file_falls_back_to_the_stream(client, format, private_backend):
    AwardFactory(application__title="Borte fra lageret")
    row = export_regenerate(format=format)
    private_backend.remove_behind_the_apps_back(row.name)

    response = client.get(URLS[format])
    assert not isinstance(response, FileResponse)
    assert b"Borte fra lageret" in _body(response)
    row.refresh_from_db()
    assert row.data_version is None, "the lost file is no longer taken as current"


def test_the_download_has_validators_and_answers_not_modified(client):
    AwardFactory()
    row = export_regenerate(format="csv")
    response = client.get(URLS["csv"])
    assert response["ETag"] == f'"{row.sha256}"'
    assert response["Last-Modified"]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="tildelinger.csv"'
    assert response["Cache-Control"] == "public, no-cache"
    _body(response)

    again = client.get(URLS["csv"], headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    assert client.get(URLS["json"]).streaming  # JSON has no file yet: still streamed


def test_json_download_is_shown_inline_like_the_stream(client):
    AwardFactory()
    export_regenerate(format="json")
    response = client.get(URLS["json"])
    assert isinstance(response, FileResponse)
    assert response["Content-Type"] == "application/json"
    assert "Content-Disposition" not in response
    _body(response)


def test_a_filtered_export_is_streamed_even_with_a_stored_file(client):
    nordland = CountyFactory(number="18", name="Nordland")
    AwardFactory(application__title="I Nordland", application__organisation__county=nordland)
    AwardFactory(
        application__title="Et annet sted",
        application__organisation__county=CountyFactory(number="19"),
    )
    export_regenerate(format="json")
    response = client.get(URLS["json"] + "?county=18")
    assert not isinstance(response, FileResponse)
    body = _body(response)
    assert b"I Nordland" in body and b"Et annet sted" not in body


def test_unknown_parameters_still_get_the_stored_file(client):
    AwardFactory()
    export_regenerate(format="json")
    assert isinstance(client.get(URLS["json"] + "?utm_source=nyhetsbrev"), FileResponse)


def _download_queries(client, django_assert_max_num_queries) -> None:
    for format, url in URLS.items():
        export_regenerate(format=format)
        with django_assert_max_num_queries(2):
            response = client.get(url)
            assert isinstance(response, FileResponse)
            _body(response)


def test_the_download_takes_two_queries_whatever_the_number_of_awards(
    client, django_assert_max_num_queries
):
    create_bench_awards(awards=5)
    _download_queries(client, django_assert_max_num_queries)
    create_bench_awards(awards=300)
    public_cache._bump()
    _download_queries(client, django_assert_max_num_queries)
    published = Award.objects.filter(is_published=True).count()
    assert published >= 300
    assert len(_stored_bytes("csv").splitlines()) == published + 1  # the header and the awards


def test_the_command_makes_both_files():
    AwardFactory()
    out = io.StringIO()
    call_command("opendata_exports", stdout=out)
    assert set(OpenDataExport.objects.values_list("format", flat=True)) == {"csv", "json"}
    assert "csv:" in out.getvalue() and "json:" in out.getvalue()


def test_a_file_written_for_an_older_version_does_not_replace_a_newer_one(committed, monkeypatch):
    """Two workers at once: the one that finishes last with older data keeps nothing."""
    from applications.applying.storage import private_storage
    from awards.public import exports

    AwardFactory()
    real_write = exports._write
    written = []

    def write_while_the_data_changes(format, version):
        name, size, sha256 = real_write(format, version)
        written.append(name)
        if len(written) == 1:
            # While this file was written the data changed and another worker stored its file.
            public_cache._bump()
            export_regenerate(format=format)
        return name, size, sha256

    monkeypatch.setattr(exports, "_write", write_while_the_data_changes)
    with committed():
        row = export_regenerate(format="csv")
    older, newer = [name for name in written if name.endswith(".csv")]
    assert row.name == newer
    assert row.data_version == public_cache.public_data_version()
    assert not private_storage().exists(older), "the older file is removed"
    assert private_storage().exists(newer)


def test_the_demo_comes_with_its_stored_exports(client):
    call_command("load_demo", stdout=io.StringIO())
    response = client.get(URLS["json"])
    assert isinstance(response, FileResponse)
    assert b"Et marint dr\xc3\xb8mmel\xc3\xb8ft" in _body(response)
