"""Peak memory and speed of streaming the JSON export, measured in this process.

Run by bench/run.sh as ``python bench/export_memory.py``: it consumes /awards/export.json through
Django's request handling (no network) and prints one line of JSON with the number of grants,
seconds, grants per second, the process's peak RSS before the request and at the end.
"""

import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def main() -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    connection.ensure_connection()
    client.get("/healthz")  # warm up imports and the connection
    before = peak_rss_mb()
    started = time.perf_counter()
    response = client.get("/awards/export.json")
    size = 0
    grants = 0
    for piece in response.streaming_content:
        size += len(piece)
        grants += piece.count(b'\n{"id": "')
    response.close()
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "grants": grants,
                "bytes": size,
                "seconds": round(seconds, 2),
                "grants_per_second": round(grants / seconds),
                "rss_before_mb": round(before, 1),
                "peak_rss_mb": round(peak_rss_mb(), 1),
            }
        )
    )


if __name__ == "__main__":
    main()
