"""With the database queue, the regeneration queued by a publication is done by a real worker
(``manage.py db_worker`` in a process of its own) and the site then serves its file."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.http import FileResponse
from django_tasks_db.models import DBTaskResult

from awards.public.cache import public_data_version
from awards.public.models import OpenDataExport
from tests.config.test_worker import DATABASE_QUEUE
from tests.factories import AwardFactory
from tests.scale.nodes import database_url

pytestmark = pytest.mark.django_db(transaction=True)
BASE_DIR = Path(__file__).resolve().parent.parent.parent.parent


def _run_worker(settings) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url(connection.settings_dict),
        "UTLYSNING_TASKS_BACKEND": DATABASE_QUEUE,
        "UTLYSNING_TEST_PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        "UTLYSNING_SITE_URL": settings.SITE_URL,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


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
