"""A Redis for the tests of the shared cache: the one on 127.0.0.1:6379, or one started here.

The CI machine runs Redis on 6379; a newcomer's laptop may have only the ``redis-server``
program (Debian's redis-server package). With neither, the tests fail and say what to install:
the shared cache is what they check, so they must not pass or skip without one.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import tempfile
import time


def answers(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def redis_url(db: int):
    """Yield ``redis://127.0.0.1:PORT/db`` for a Redis that answers, starting one if need be."""
    if answers(6379):
        yield f"redis://127.0.0.1:6379/{db}"
        return
    program = shutil.which("redis-server")
    if program is None:
        raise RuntimeError(
            "These tests need Redis: none answers on 127.0.0.1:6379 and there is no redis-server "
            "program to start one (apt-get install redis-server)."
        )
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="utlysning-redis-") as folder:
        server = subprocess.Popen(  # noqa: S603
            [program, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", folder],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                if answers(port):
                    break
                time.sleep(0.05)
            else:
                raise RuntimeError(f"redis-server did not answer on port {port}")
            yield f"redis://127.0.0.1:{port}/{db}"
        finally:
            server.terminate()
            server.wait(timeout=10)
