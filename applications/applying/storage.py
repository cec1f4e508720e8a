"""Where applicants' files and letters are kept: the ``private`` storage in ``STORAGES``.

It is never under MEDIA_ROOT or the static files and has no public URL; every download goes
through a view that checks permission. The settings choose the backend (the file system under
``.data/`` by default, S3-compatible object storage when a bucket is configured).
"""

from django.core.files.storage import Storage, storages


def private_storage() -> Storage:
    """The private storage, looked up when used, so settings overrides in tests take effect."""
    return storages["private"]
