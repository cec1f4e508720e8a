"""The embedded PostgreSQL: `make db-stop` stops it, and a start after a killed run recovers.

Each test uses a throwaway server in a folder of its own under the project's `.data/`, never the
one the suite runs on.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import psutil
import psycopg
import pytest

from config.database import BASE_DIR, embedded_server, embedded_server_stop


@pytest.fixture(scope="module")
def data_dir():
    (BASE_DIR / ".data").mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="test-pg-", dir=BASE_DIR / ".data"))
    yield folder / "pg"
    try:
        embedded_server_stop(folder / "pg")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _answers(data_dir: Path) -> bool:
    socket_dir = (data_dir / "postmaster.pid").read_text().splitlines()[4]
    with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres") as conn:
        return conn.execute("SELECT 1").fetchone() == (1,)


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE  # exited, not yet reaped
    except psutil.NoSuchProcess:
        return True


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_db_stop_stops_the_server(data_dir):
    pid = embedded_server(data_dir).get_pid()

    result = subprocess.run(
        [sys.executable, "-m", "config.database", "stop", str(data_dir)],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "Stopped" in result.stdout
    assert not (data_dir / "postmaster.pid").exists()
    assert _gone(pid)
    assert embedded_server_stop(data_dir) is False


def test_a_start_right_after_the_server_was_killed_starts_a_new_one(data_dir):
    pid = embedded_server(data_dir).get_pid()
    os.kill(pid, signal.SIGKILL)

    # A new process, as the next `make run` is; the killed server may not even be reaped yet.
    result = _python(
        "from pathlib import Path; from config.database import embedded_server; "
        f"print(embedded_server(Path({str(data_dir)!r})).get_pid())"
    )

    assert result.returncode == 0, result.stderr
    assert int(result.stdout.split()[-1]) != pid
    assert _answers(data_dir)


def test_a_pid_file_naming_a_process_that_is_not_the_server_is_removed(data_dir):
    embedded_server(data_dir)
    lines = (data_dir / "postmaster.pid").read_text().splitlines()
    embedded_server_stop(data_dir)
    # The killed server's pid now belongs to another process, here this test's own.
    (data_dir / "postmaster.pid").write_text("\n".join([str(os.getpid()), *lines[1:]]) + "\n")

    server = embedded_server(data_dir)

    assert server.get_pid() != os.getpid()
    assert _answers(data_dir)


def test_a_start_after_a_run_killed_while_writing_the_handle_list_recovers(data_dir):
    embedded_server(data_dir)
    # What a run killed in the middle of rewriting pgserver's list leaves behind.
    (data_dir / ".handle_pids.json").write_text("")

    result = _python(
        "from pathlib import Path; from config.database import embedded_server; "
        f"embedded_server(Path({str(data_dir)!r}))"
    )

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # nothing failed at exit either
    assert (data_dir / ".handle_pids.json").read_text() == "[]"
