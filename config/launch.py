"""``python -m config.launch [HOST:PORT]``: the development site as one command.

Starts the web server, one background worker (``db_worker``) and the scheduler
(``run_scheduler``) side by side, after the embedded PostgreSQL is up (when ``DATABASE_URL`` is
unset). Ctrl-C, or SIGTERM to this process, stops all three; when one of them exits on its own,
the others are stopped too, so nothing keeps running half-way. ``make run`` uses it.
In production each kind of process runs on its own (README, "Deploying").
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
STOP_TIMEOUT = 10


def commands(address: str) -> dict[str, list[str]]:
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    return {
        "web": [*manage, "runserver", address],
        "worker": [*manage, "db_worker", "--interval", "1"],
        "scheduler": [*manage, "run_scheduler", "--interval", "30"],
    }


def _database_up() -> None:
    if not os.environ.get("DATABASE_URL", "").strip():
        from config.database import embedded_server

        embedded_server()


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def _stop(processes: dict[str, subprocess.Popen]) -> None:
    """Ctrl-C for each process and what it started (the reloaders' children), then a kill for
    whatever has not stopped in time."""
    for process in processes.values():
        _signal_group(process, signal.SIGINT)
    deadline = time.monotonic() + STOP_TIMEOUT
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _signal_group(process, signal.SIGKILL)
            process.wait()
        _signal_group(process, signal.SIGKILL)  # a reloader's child left behind


def main(argv: list[str]) -> int:
    address = argv[0] if argv else "127.0.0.1:8000"
    _database_up()
    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    # Each in a process group of its own, so a signal reaches the reloader's child as well.
    processes = {
        name: subprocess.Popen(cmd, cwd=BASE_DIR, process_group=0)  # noqa: S603 (our own commands)
        for name, cmd in commands(address).items()
    }
    print(f"Started {', '.join(f'{n} (pid {p.pid})' for n, p in processes.items())}.", flush=True)
    exited = None
    while not stopping and exited is None:
        time.sleep(0.2)
        exited = next((name for name, p in processes.items() if p.poll() is not None), None)
    if exited:
        print(f"The {exited} process exited; stopping the others.", file=sys.stderr, flush=True)
    _stop(processes)
    return processes[exited].returncode or 1 if exited else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
