"""With the database queue, the regeneration queued by a publication is done by a real worker
(``manage.py db_worker`` in a process of its own) and the site then serves its file."""

import pytest
from django.http import FileResponse
from django_tasks_db.models import DBTaskResult

from awards.public.cache import public_data_version
from awards.public.models import OpenDataExport
from tests.factories import AwardFactory
from tests.workers import DATABASE_QUEUE, run_worker_until_empty

pytestmark = pytest.mark.django_db(transaction=True)


def _run_worker(settings) -> None:
    run_worker_until_empty(
        UTLYSNING_TEST_PRIVATE_MEDIA_ROOT=str(settings.PRIVATE_MEDIA_ROOT),
        UTLYSNING_SITE_URL=settings.SITE_URL,
    )


def test_a_published_award_is_in_the_file_the_worker_stores(client, settings):
    settings.TASKS = {"default": {"BACKEND": DATABASE_QUEUE, "QUEUES": ["default"]}}
    settings.SITE_URL = "http://testserver"
    AwardFactory(application__title="Kystlaget Čáhcegáddi")  # committed: the version is bumped
    assert DBTaskResult.objects.filter(status="READY").exists()
    assert not OpenDataExport.objects.exclude(data_version=None).exists()

    _run_worker(settings)

    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    for format, url in (("csv", "/awards/export.csv"), ("json", "/awards/export.json")):
        row = OpenDataExport.objects.get(format=format)
        assert row.data_version == public_data_version()
        response = client.get(url)
        assert isinstance(response, FileResponse)
        assert "Kystlaget Čáhcegáddi".encode() in b"".join(response.streaming_content)
