"""The database restarts under load: pages fail fast with 503, the site recovers by itself.

    .venv/bin/python bench/db_restart.py

Starts a PostgreSQL of its own (pgserver, in a folder under .data/ that is removed afterwards),
migrates it, and serves the site from it with gunicorn (two workers, persistent connections of
60 s, as in production). An applicant sends an application and gets the receipt. While four
threads keep requesting pages, the database is stopped (``pg_ctl stop -m fast``): every answer
must then be the site's 503 page with Retry-After within a couple of seconds, and a second
application sent during the outage must be refused, not half sent. The database is started
again, without touching gunicorn: the next request must answer 200, the second application
can be sent, and the first is still there with its reference. Loopback only; about a minute.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from config.database import embedded_server, embedded_server_stop, ensure_database  # noqa: E402

DATABASE = "utlysning_restart"
OUTAGE_SECONDS = 4
FAST = 2.0  # seconds: an answer while the database is down must come sooner than this
UNAVAILABLE_TEXT = "Tjenesten er midlertidig utilgjengelig"

SETUP = """
import json
import django

django.setup()
from django.test import Client
from tests.factories import MembershipFactory, complete_draft

first, second = complete_draft(), complete_draft()
user = MembershipFactory(organisation=first.organisation, role="editor").user
MembershipFactory(organisation=second.organisation, user=user, role="editor")
client = Client()
client.force_login(user)
print(json.dumps({"first": first.pk, "second": second.pk,
                  "session": client.cookies["sessionid"].value}))
"""


class Site:
    """Requests to the gunicorn on ``port`` as the logged-in applicant."""

    def __init__(self, port: int, session: str):
        self.port = port
        self.csrf = secrets.token_hex(16)  # a 32-character secret, sent as cookie and field
        self.cookie = f"sessionid={session}; csrftoken={self.csrf}"

    def request(self, method: str, path: str, body: str = "") -> dict:
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": self.cookie, "Host": "127.0.0.1"}
        if method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = f"csrfmiddlewaretoken={self.csrf}&{body}"
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
            answer = {
                "status": response.status,
                "retry_after": response.getheader("Retry-After"),
                "location": response.getheader("Location") or "",
                "text": text,
            }
        except OSError as error:
            answer = {
                "status": type(error).__name__,
                "retry_after": None,
                "location": "",
                "text": "",
            }
        finally:
            connection.close()
        answer["seconds"] = time.monotonic() - started
        answer["at"] = started
        return answer

    def submit(self, pk: int) -> dict:
        answer = self.request("POST", f"/my/applications/{pk}/submit/")
        if answer["status"] == 302 and answer["location"].endswith("/receipt/"):
            receipt = self.request("GET", answer["location"])
            receipt["via"] = answer
            return receipt
        return answer


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(data_dir: Path) -> dict:
    url = f"postgresql://postgres@{quote(str(data_dir), safe='')}/{DATABASE}"
    return {
        **{key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": url,
        "DATABASE_CONN_MAX_AGE": "60",
        "DATABASE_CONNECT_TIMEOUT": "2",
    }


def _python(env: dict, *args: str) -> str:
    result = subprocess.run(  # noqa: S603
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    if result.returncode:
        raise RuntimeError(f"{' '.join(args[:2])} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def _wait_until_serving(site: Site, server: subprocess.Popen) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped; see its log")
        if site.request("GET", "/healthz")["status"] == 200:
            return
        time.sleep(0.1)
    raise RuntimeError("gunicorn did not answer within 30 s")


def _load(site: Site, stop: threading.Event, answers: list) -> None:
    paths = ["/", "/my/", "/calls/", "/awards/"]
    n = 0
    while not stop.is_set():
        answer = site.request("GET", paths[n % len(paths)])
        answer.pop("text")
        answers.append(answer)
        n += 1
        time.sleep(0.05)


def _stored(data_dir: Path, pks: list[int]) -> dict:
    import psycopg

    with psycopg.connect(host=str(data_dir), user="postgres", dbname=DATABASE) as connection:
        rows = connection.execute(
            "SELECT id, status, reference FROM applications_application WHERE id = ANY(%s)",
            [pks],
        ).fetchall()
    return {pk: {"status": status, "reference": reference} for pk, status, reference in rows}


def run() -> dict:
    """Run the scenario; a dict of what happened (see ``main`` for the table)."""
    data_dir = ROOT / ".data" / f"restart-{secrets.token_hex(4)}"
    server = gunicorn = None
    try:
        server = embedded_server(data_dir)
        ensure_database({"NAME": DATABASE, "HOST": str(data_dir), "USER": "postgres"})
        env = _environment(data_dir)
        _python(env, "manage.py", "migrate", "--noinput", "-v0")
        made = json.loads(_python(env, "-c", SETUP).strip().splitlines()[-1])
        port = _free_port()
        log = open(data_dir.parent / f"{data_dir.name}.log", "wb")  # noqa: SIM115
        gunicorn = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind",
             f"127.0.0.1:{port}", "--workers", "2", "--threads", "2", "--timeout", "30"],
            cwd=ROOT, env=env, stdout=log, stderr=log,
        )  # fmt: skip
        site = Site(port, made["session"])
        _wait_until_serving(site, gunicorn)
        before = site.submit(made["first"])
        reference_shown = _stored(data_dir, [made["first"]])[made["first"]]["reference"]

        stop, background = threading.Event(), []
        threads = [threading.Thread(target=_load, args=(site, stop, background)) for _ in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(2)
        stopped_at = time.monotonic()
        embedded_server_stop(data_dir)
        down = [site.request("GET", path) for path in ("/my/", "/", "/calls/", "/healthz")]
        down.append(site.submit(made["second"]))
        time.sleep(OUTAGE_SECONDS)
        started_at = time.monotonic()
        embedded_server(data_dir)
        back_at = time.monotonic()
        after = site.request("GET", "/my/")
        second = site.submit(made["second"])
        time.sleep(1)
        stop.set()
        for thread in threads:
            thread.join()
        stored = _stored(data_dir, [made["first"], made["second"]])
    finally:
        try:
            if gunicorn is not None:
                gunicorn.terminate()
                try:
                    gunicorn.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    gunicorn.kill()
                    gunicorn.wait()
                log.close()
        finally:
            if server is not None:
                embedded_server_stop(data_dir)
            shutil.rmtree(data_dir, ignore_errors=True)
            (data_dir.parent / f".{data_dir.name}.lock").unlink(missing_ok=True)
            (data_dir.parent / f"{data_dir.name}.log").unlink(missing_ok=True)

    def phase(start: float, end: float) -> list[dict]:
        return [a for a in background if start <= a["at"] < end]

    outage = phase(stopped_at + 0.5, started_at)  # the stop itself takes a moment
    return {
        "receipt_before": before["status"] == 200 and reference_shown in before["text"],
        "reference": reference_shown,
        "down": [
            {
                "status": a["status"],
                "seconds": round(a["seconds"], 3),
                "retry_after": a["retry_after"],
                "page": UNAVAILABLE_TEXT in a["text"] or a["text"] == "database unavailable",
                "traceback": "Traceback" in a["text"],
            }
            for a in down
        ],
        "load_before": _summary(phase(0, stopped_at)),
        "load_down": _summary(outage),
        "load_after": _summary(phase(back_at, float("inf"))),
        "first_after": after["status"],
        "first_after_seconds": round(after["seconds"], 3),
        "second_receipt": second["status"] == 200,
        "stored": stored,
        "first": made["first"],
        "second": made["second"],
    }


def _summary(answers: list[dict]) -> dict:
    seconds = sorted(a["seconds"] for a in answers) or [0.0]
    counts: dict = {}
    for answer in answers:
        counts[str(answer["status"])] = counts.get(str(answer["status"]), 0) + 1
    return {
        "requests": len(answers),
        "statuses": counts,
        "p50": round(statistics.median(seconds), 3),
        "max": round(seconds[-1], 3),
    }


def main() -> None:
    result = run()
    print(f"receipt before the stop: {result['receipt_before']} ({result['reference']})")
    print("while the database is down (GET /my/, /, /calls/, /healthz, POST submit):")
    for answer in result["down"]:
        print(f"  {answer}")
    print("background load (4 threads):")
    print(f"  {'phase':<8} {'requests':>8} {'p50 s':>7} {'max s':>7}  statuses")
    for name in ("before", "down", "after"):
        row = result[f"load_{name}"]
        print(
            f"  {name:<8} {row['requests']:>8} {row['p50']:>7} {row['max']:>7}  {row['statuses']}"
        )
    print(f"first request after the restart: {result['first_after']}")
    print(f"application sent during the outage, sent again after: {result['second_receipt']}")
    print(f"stored: {result['stored']}")


if __name__ == "__main__":
    main()
