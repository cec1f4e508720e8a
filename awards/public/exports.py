"""The full open-data exports as stored files, made by a background task.

An unfiltered export of every published award takes seconds at a few thousand awards, and every
download made it again. Now a task writes each format once per *public data version* (see
``awards.public.cache``): after every bump of the version, once it has committed, the task is
queued; it writes the files into the private storage (shared by every web node and worker, the
file system under ``.data/`` or the S3 bucket) and points one ``OpenDataExport`` row per format at
its file. The export view serves that file while its version is the current one, and falls back to
the streamed export (and asks for a new file) when there is none, it is stale or it is missing.

Regeneration is safe with two workers at once: each writes its own file under a unique name, the
row is switched under a row lock, and the file it replaces is removed after that commit.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

from applications.applying.storage import STORAGE_ERRORS, delete_after_commit, private_storage

from .cache import public_data_version
from .export_rows import award_export_rows
from .models import OpenDataExport
from .opendata import CHUNK_SIZE, Publisher, stream_csv, stream_json
from .selectors import AwardFilters

logger = logging.getLogger(__name__)

FOLDER = "opendata"
# A stale file asks for a new one once per version; again after this long (a lost task).
ASK_AGAIN_AFTER = 10 * 60


@dataclass(frozen=True)
class ExportFormat:
    stream: Callable[[Iterable[dict], Publisher], Iterator[str]]
    content_type: str


FORMATS: dict[str, ExportFormat] = {
    OpenDataExport.Format.CSV: ExportFormat(stream_csv, "text/csv; charset=utf-8"),
    OpenDataExport.Format.JSON: ExportFormat(stream_json, "application/json"),
}


def export_chunks(*, format: str, base_url: str, filters: AwardFilters | None = None):
    """The export as the view streams it: pieces of text, a batch of awards at a time."""
    rows = award_export_rows(filters=filters or AwardFilters())
    publisher = Publisher.from_settings(base_url=base_url)
    return FORMATS[format].stream(rows.iterator(chunk_size=CHUNK_SIZE), publisher)


def _write(format: str, version: int) -> tuple[str, int, str]:
    """Write the full export to a new file in the private storage: (name, size, sha256)."""
    digest = hashlib.sha256()
    size = 0
    with tempfile.TemporaryFile() as spool:
        for piece in export_chunks(format=format, base_url=settings.SITE_URL):
            data = piece.encode("utf-8")
            digest.update(data)
            size += len(data)
            spool.write(data)
        spool.seek(0)
        wanted = f"{FOLDER}/awards-{version:x}-{secrets.token_hex(4)}.{format}"
        name = private_storage().save(wanted, File(spool, name=wanted))
    return name, size, digest.hexdigest()


def _is_current(row: OpenDataExport, version: int) -> bool:
    if row.data_version != version or not row.name:
        return False
    try:
        return private_storage().exists(row.name)
    except STORAGE_ERRORS:
        logger.exception("The private storage could not say whether %s exists", row.name)
        return False


def export_regenerate(*, format: str) -> OpenDataExport:
    """Make the stored file of one format for the current public data, unless it is there."""
    row, _ = OpenDataExport.objects.get_or_create(format=format)
    # The version is read before the rows: a file is never labelled newer than its data.
    version = public_data_version()
    if _is_current(row, version):
        return row
    name, size, sha256 = _write(format, version)
    with transaction.atomic():
        row = OpenDataExport.objects.select_for_update().get(pk=row.pk)
        if row.data_version == public_data_version() != version:
            # Another worker stored a newer file while this one was written.
            delete_after_commit(storage=private_storage(), name=name)
            return row
        if row.name:
            delete_after_commit(storage=private_storage(), name=row.name)
        row.name, row.size, row.sha256 = name, size, sha256
        row.data_version, row.generated_at = version, timezone.now()
        row.save()
    return row


@task()
def opendata_exports_regenerate() -> dict[str, int]:
    """Regenerate every format's stored file; returns each file's size in bytes."""
    return {format: export_regenerate(format=format).size for format in FORMATS}


def _enqueue() -> None:
    try:
        opendata_exports_regenerate.enqueue()
    except Exception:  # the change is committed; the view streams until a file is made
        logger.exception("Could not queue the regeneration of the open-data exports")


def exports_regenerate_later(version: int | None = None) -> None:
    """Queue a regeneration once the current transaction commits (at once outside one).

    Registered in ``AFTER_PUBLIC_DATA_CHANGE``, so it runs right after every version bump.
    """
    transaction.on_commit(_enqueue)


def export_current(*, format: str) -> OpenDataExport | None:
    """The stored file of one format if it holds the current public data, else None.

    Without a current file a regeneration is asked for, once per version and cache lifetime:
    the shared cache says whether another download (on any node, with a shared cache) already
    asked. Two queries, whatever the number of awards.
    """
    version = public_data_version()
    row = OpenDataExport.objects.filter(format=format).first()
    if row is not None and row.data_version == version and row.name:
        return row
    if cache.add(f"opendata-export-asked:{format}:{version}", True, ASK_AGAIN_AFTER):
        exports_regenerate_later()
    return None


def export_open(*, row: OpenDataExport):
    """The stored file, opened for reading from the start, as a file-like object.

    From S3 the object's body is read as it arrives: the S3 backend's own ``open`` downloads the
    whole object into memory first, and a full export is tens of megabytes. A missing object
    raises (``ClientError`` or ``FileNotFoundError``), before anything is sent.
    """
    backend = private_storage().backend
    if isinstance(backend, S3Storage):
        key = backend._normalize_name(clean_name(row.name))
        return backend.bucket.Object(key).get()["Body"]
    return backend.open(row.name, "rb")


def export_file_missing(*, row: OpenDataExport) -> None:
    """The row names a file the storage no longer has: forget it and ask for a new one."""
    OpenDataExport.objects.filter(pk=row.pk, name=row.name).update(data_version=None)
    exports_regenerate_later()
