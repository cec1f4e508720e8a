"""Where the database lives.

With ``DATABASE_URL`` set, that PostgreSQL server is used. Without it, a private PostgreSQL
server from the ``pgserver`` package is started on demand with its data in ``.data/`` inside the
project, so a fresh clone runs with no database to install. SQLite is never used.
"""

from __future__ import annotations

import atexit
import fcntl
import json
import os
import sys
import time
import warnings
from contextlib import contextmanager
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_DATA_DIR = BASE_DIR / ".data" / "pg"


def embedded_server(data_dir: Path = EMBEDDED_DATA_DIR):
    """Start (or find running) the embedded PostgreSQL server in ``data_dir`` and return it.

    A ``postmaster.pid`` left behind by a server that was killed is removed first: pgserver would
    otherwise take a pid that is still a zombie, or has been given to another process, for a
    running server and hand out the address of one that is not there.
    """
    pgserver = _pgserver()
    with _locked(data_dir):
        if not _running(data_dir):
            _forget_cached_server(pgserver, data_dir)
        _repair_handle_list(data_dir)
        # cleanup_mode=None keeps the server running after this process exits, so the
        # development server's reloader, management commands and test workers share it.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            server = pgserver.get_server(data_dir, cleanup_mode=None)
        _drop_exit_hook(server)
    return server


def embedded_server_stop(data_dir: Path = EMBEDDED_DATA_DIR, *, timeout: int = 60) -> bool:
    """Stop the embedded PostgreSQL server in ``data_dir``; False when it was not running.

    ``pg_ctl stop`` in fast mode: open sessions are rolled back and the server shuts down cleanly.
    """
    if not (data_dir / "PG_VERSION").exists():
        return False
    pgserver = _pgserver()
    with _locked(data_dir):
        if not _running(data_dir):
            return False
        # pg_ctl refuses to run as root; pgserver then runs the server as the data folder's owner.
        user = data_dir.stat().st_uid if os.geteuid() == 0 else None
        pgserver.pg_ctl(
            ["-w", "-t", str(timeout), "-m", "fast", "stop"], pgdata=data_dir, user=user
        )
        _forget_cached_server(pgserver, data_dir)
    return True


def _pgserver():
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; pgserver then uses /tmp, which is fine.
        warnings.simplefilter("ignore")
        import pgserver
    return pgserver


@contextmanager
def _locked(data_dir: Path):
    """One process at a time checks, starts or stops the server in ``data_dir``."""
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    with open(data_dir.parent / f".{data_dir.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _running(data_dir: Path, *, wait: float = 10.0) -> bool:
    """Whether the server named in ``postmaster.pid`` runs; a stale pid file is removed.

    Every process of a PostgreSQL server has its data folder as working directory, so a
    postmaster is ours when its pid is among those processes. When the postmaster is gone its
    other processes stop by themselves within moments; until they have, the data folder is
    still in use and the pid file stays.
    """
    pid_file = data_dir / "postmaster.pid"
    try:
        lines = pid_file.read_text().splitlines()
    except FileNotFoundError:
        return False
    pid = int(lines[0]) if lines and lines[0].strip().isdigit() else None
    deadline = time.monotonic() + wait
    while processes := _server_processes(data_dir):
        if pid in processes:
            return True
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"PostgreSQL processes {sorted(processes)} still use {data_dir} although their "
                "server is gone: stop them, then start again."
            )
        time.sleep(0.1)
    pid_file.unlink(missing_ok=True)
    # The socket's lock file names the same pid, and postgres refuses to start while that pid is
    # alive (it may belong to another process now).
    socket_dir = Path(lines[4]) if len(lines) > 4 and lines[4].strip() else data_dir
    for lock in socket_dir.glob(".s.PGSQL.*.lock"):
        lock.unlink(missing_ok=True)
    return False


def _server_processes(data_dir: Path) -> set[int]:
    import psutil

    folder = str(data_dir.resolve())
    found = set()
    for process in psutil.process_iter(["name"]):
        try:
            if process.info["name"] == "postgres" and process.cwd() == folder:
                found.add(process.pid)
        except psutil.Error:  # gone, a zombie, or someone else's
            continue
    return found


def _forget_cached_server(pgserver, data_dir: Path) -> None:
    """pgserver keeps one server object per data folder and process; drop one that has stopped."""
    pgserver.PostgresServer._instances.pop(data_dir.resolve(), None)


# pgserver lists the processes using a server in .handle_pids.json, to stop it when the last of
# them exits. With cleanup_mode=None it stops nothing, yet every process still rewrites the list
# at exit, and one killed during that write leaves the file empty: runserver's reloader kills its
# child when it gets SIGTERM, and every later start then failed to read the list.


def _repair_handle_list(data_dir: Path) -> None:
    handles = data_dir / ".handle_pids.json"
    try:
        if isinstance(json.loads(handles.read_text()), list):
            return
    except FileNotFoundError:
        return
    except ValueError:
        pass
    handles.write_text("[]")


def _drop_exit_hook(server) -> None:
    """Take this process off the list now and leave nothing for it to write at exit."""
    atexit.unregister(server._cleanup)
    server.global_process_id_list.get_and_remove(os.getpid())


def database_config(*, conn_max_age: int = 0) -> dict:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        config = dj_database_url.parse(url, conn_max_age=conn_max_age)
    else:
        server = embedded_server()
        config = dj_database_url.parse(server.get_uri(), conn_max_age=conn_max_age)
        # The embedded server listens on a Unix socket in its data folder only.
        config["HOST"] = config.pop("OPTIONS", {}).pop("host", "") or str(EMBEDDED_DATA_DIR)
        config["OPTIONS"] = {}
        config["NAME"] = os.environ.get("EMBEDDED_DATABASE_NAME", "utlysning")
    if not config.get("ENGINE", "").endswith("postgresql"):
        raise RuntimeError("Utlysning runs on PostgreSQL only: DATABASE_URL must be postgres://…")
    # While the database is down a request fails within seconds (the site's 503 page), instead
    # of waiting for the operating system to give up on the connection.
    config.setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3"))
    )
    # A persistent connection is checked before a request reuses it, so the site recovers by
    # itself when the database is back after a restart.
    config["CONN_HEALTH_CHECKS"] = True
    return config


def ensure_database(config: dict) -> None:
    """Create the embedded database if it does not exist yet."""
    import psycopg

    params = {
        "dbname": "postgres",
        "user": config.get("USER") or "postgres",
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "autocommit": True,
    }
    if config.get("PASSWORD"):
        params["password"] = config["PASSWORD"]
    with psycopg.connect(**params) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{config["NAME"]}"')


if __name__ == "__main__":
    # python -m config.database stop [DATA_DIR]  (make db-stop)
    if len(sys.argv) not in (2, 3) or sys.argv[1] != "stop":
        sys.exit("usage: python -m config.database stop [DATA_DIR]")
    folder = Path(sys.argv[2]) if len(sys.argv) == 3 else EMBEDDED_DATA_DIR
    if embedded_server_stop(folder):
        print(f"Stopped the embedded PostgreSQL in {folder}.")
    else:
        print(f"The embedded PostgreSQL in {folder} was not running.")
