"""Where applicants' files and letters are kept: the ``private`` storage in ``STORAGES``.

It is never under MEDIA_ROOT or the static files and has no public URL; every download goes
through a view that checks permission and then ``stored_file_response``. The settings choose the
backend: the file system under ``.data/`` by default, S3-compatible object storage when
``AWS_STORAGE_BUCKET_NAME`` is set (config/settings/base.py).

A stored file is removed after the transaction that deletes its row commits, whichever way the
row goes (a service, a cascade from its application, the admin): ``delete_files_after_commit``
is connected for every model with a file field when the app starts.
"""

from __future__ import annotations

import logging

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.storage import Storage, storages
from django.db import models, transaction
from django.http import FileResponse, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)

# What a storage raises when it cannot answer: the disk (OSError), an S3 server (botocore).
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)

_METHODS = (
    "open",
    "save",
    "get_valid_name",
    "get_alternative_name",
    "get_available_name",
    "generate_filename",
    "path",
    "delete",
    "exists",
    "listdir",
    "size",
    "url",
    "get_accessed_time",
    "get_created_time",
    "get_modified_time",
)


def _delegate(name: str):
    def method(self, *args, **kwargs):
        return getattr(storages["private"], name)(*args, **kwargs)

    method.__name__ = name
    return method


class PrivateStorage(Storage):
    """Stands in for ``storages["private"]`` and finds the configured backend on every use.

    A model field evaluates its storage once, when the model class is made; this stand-in lets
    the backend follow the settings (and ``override_settings(STORAGES=...)`` in tests).
    """

    def __getattr__(self, name):
        # Settings of the backend (location, bucket_name, ...); private names stay our own.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(storages["private"], name)

    @property
    def backend(self) -> Storage:
        return storages["private"]


for _name in _METHODS:
    setattr(PrivateStorage, _name, _delegate(_name))

_private = PrivateStorage()


def private_storage() -> Storage:
    """The private storage; every call on it goes to the backend the settings name now."""
    return _private


def stored_file_response(
    request, field_file, *, filename: str, content_type: str, back_url: str | None = None
) -> HttpResponse:
    """Stream a stored file as a download, after the caller has checked permission.

    The file is read from the storage by this process and sent on, so the bucket stays private
    and unreachable from browsers. A file the storage no longer holds (removed from the bucket
    or the disk) is logged and answered with a page that says so (410); a storage that cannot be
    reached is logged and answered with a page asking to try again (503). Neither is a 500.
    """
    context = {"filename": filename, "back_url": back_url}
    try:
        handle = field_file.storage.open(field_file.name, "rb")
        # Builds the headers from the file's size: the S3 backend fetches the object here.
        response = FileResponse(
            handle, as_attachment=True, filename=filename, content_type=content_type
        )
    except FileNotFoundError:
        logger.warning("Stored file %s is missing from the private storage", field_file.name)
        return render(request, "file_gone.html", context, status=410)
    except STORAGE_ERRORS:
        logger.exception("The private storage could not give %s", field_file.name)
        return render(request, "file_unavailable.html", context, status=503)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def delete_after_commit(*, storage: Storage, name: str) -> None:
    """Remove a stored file once the current transaction commits (at once outside one)."""

    def remove():
        try:
            storage.delete(name)
        except Exception:
            # The row is gone either way; a file left behind is logged, not raised to the user.
            logger.exception("Could not delete %s from storage", name)

    transaction.on_commit(remove)


def delete_files_after_commit(sender, instance, **kwargs) -> None:
    """``post_delete`` receiver: remove the row's stored files after the deletion commits."""
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.FileField):
            field_file = getattr(instance, field.attname)
            if field_file and field_file.name:
                delete_after_commit(storage=field.storage, name=field_file.name)


def connect_file_cleanup() -> None:
    """Connect the receiver above for every installed model that has a file field."""
    from django.apps import apps
    from django.db.models.signals import post_delete

    for model in apps.get_models():
        if any(isinstance(f, models.FileField) for f in model._meta.concrete_fields):
            post_delete.connect(
                delete_files_after_commit,
                sender=model,
                dispatch_uid=f"stored-files-{model._meta.label_lower}",
            )
