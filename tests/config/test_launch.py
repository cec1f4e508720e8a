"""``make run``'s launcher: one command starts the web server, a worker and the scheduler, and
one signal stops them all, the reloaders' children included."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import psutil
import pytest
from django.db import connection

from tests.scale.nodes import database_url
from tests.workers import BASE_DIR, DATABASE_QUEUE

pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.5)
    return False


def test_one_command_serves_with_a_worker_and_one_signal_stops_everything():
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url(connection.settings_dict),
        "UTLYSNING_TASKS_BACKEND": DATABASE_QUEUE,
    }
    launcher = subprocess.Popen(
        [sys.executable, "-m", "config.launch", f"127.0.0.1:{port}"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _healthy(f"http://127.0.0.1:{port}/healthz", timeout=60)
        family = psutil.Process(launcher.pid).children(recursive=True)
        commands = [" ".join(child.cmdline()) for child in family]
        for command in ("runserver", "db_worker", "run_scheduler"):
            assert any(command in line for line in commands), commands
        launcher.send_signal(signal.SIGTERM)
        launcher.wait(timeout=30)
        gone, alive = psutil.wait_procs(family, timeout=10)
        assert alive == []
        assert launcher.returncode == 0
    finally:
        if launcher.poll() is None:
            launcher.kill()
            launcher.wait()
