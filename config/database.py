"""Where the database lives.

With ``DATABASE_URL`` set, that PostgreSQL server is used. Without it, a private PostgreSQL
server from the ``pgserver`` package is started on demand with its data in ``.data/`` inside the
project, so a fresh clone runs with no database to install. SQLite is never used.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_DATA_DIR = BASE_DIR / ".data" / "pg"


def embedded_server():
    """Start (or find running) the embedded PostgreSQL server and return it."""
    import warnings

    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; pgserver then uses /tmp, which is fine.
        warnings.simplefilter("ignore")
        import pgserver

    EMBEDDED_DATA_DIR.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None keeps the server running after this process exits, so the
    # development server's reloader, management commands and test workers share it.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pgserver.get_server(EMBEDDED_DATA_DIR, cleanup_mode=None)


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
