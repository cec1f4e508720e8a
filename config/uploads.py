"""Uploads are refused once they pass the site's limit, before the rest of the body is read.

Django would otherwise stream a 60 MB file to a temporary file and only then let the form say it
is too large. ``LimitedUploadHandler`` comes first in ``FILE_UPLOAD_HANDLERS``: it stops as soon as
the request says (Content-Length) or shows (bytes received) that it is past
``UPLOAD_MAX_MB``, and marks the request so the view can say so (``upload_refused_mb``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

# The multipart envelope and the form's other fields come on top of the file itself.
ENVELOPE_BYTES = 64 * 1024


def upload_limit_bytes() -> int:
    return settings.UPLOAD_MAX_MB * 1024 * 1024


def upload_refused_mb(request) -> int | None:
    """The limit in MB if this request's upload was refused for its size, else None."""
    return getattr(request, "upload_refused_mb", None)


class LimitedUploadHandler(FileUploadHandler):
    request_length = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.request_length = content_length or 0
        return None  # the usual parser reads the body

    def _refuse(self):
        self.request.upload_refused_mb = settings.UPLOAD_MAX_MB
        # Stop reading: the rest of the body is not drained into a temporary file.
        raise StopUpload(connection_reset=True)

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.request_length > upload_limit_bytes() + ENVELOPE_BYTES:
            self._refuse()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > upload_limit_bytes():
            self._refuse()
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler keeps the file
