"""SQL and Python time per request of the public pages with the page cache off, in this process.

Run by bench/run.sh as ``python bench/public_sql.py [rounds]`` on the bench database: every page
is rendered through Django's request handling (no network, no gunicorn) with the page cache off,
``rounds`` times, and one line per page gives the queries per request, the median time the
database reports for them (EXPLAIN ANALYZE: planning and execution), the median time spent
waiting for them, and the median total time. Robust on a busy
machine in a way throughput is not: the SQL time is the database's work for one request.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from awards.models import Award  # noqa: E402
from calls.models import Call  # noqa: E402

SQL_TARGET_MS = 10.0


def pages() -> list[tuple[str, str]]:
    award = Award.objects.published().order_by("-pk").first()
    call = Call.objects.filter(slug__startswith="bench-").order_by("pk").first()
    found = [
        ("/awards/", "/awards/"),
        ("/awards/?page=2", "/awards/?page=2"),
        ("/awards/ last page", "/awards/?page=999999"),
        ("/awards/?county=18&page=3", "/awards/?county=18&page=3"),
        ("/awards/?year=2022", "/awards/?year=2022"),
        ("/statistics/", "/statistics/"),
    ]
    if call is not None:
        found.append(("/awards/?call=…", f"/awards/?call={call.slug}"))
    if award is not None:
        found.append(("/awards/<id>/", f"/awards/{award.pk}/"))
    return found


class SqlClock:
    def __init__(self):
        self.seconds = 0.0
        self.statements = []

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start
            self.statements.append((sql, params))

    @property
    def queries(self) -> int:
        return len(self.statements)


def database_ms(statements) -> tuple[float, float]:
    """Planning and execution time PostgreSQL reports for the statements (EXPLAIN ANALYZE):
    the database's own work, without the time the client waits for a busy machine."""
    planning = execution = 0.0
    with connection.cursor() as cursor:
        for sql, params in statements:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0]
            plan = plan[0] if isinstance(plan, list) else plan
            planning += plan["Planning Time"]
            execution += plan["Execution Time"]
    return planning, execution


def measure(client: Client, url: str, rounds: int) -> tuple[int, float, float, float, float]:
    client.get(url)  # warm: connection, templates, translations
    sql_ms, total_ms, db_ms, plan_ms, queries = [], [], [], [], 0
    for _ in range(rounds):
        clock = SqlClock()
        start = time.perf_counter()
        with connection.execute_wrapper(clock):
            response = client.get(url)
        total_ms.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        sql_ms.append(clock.seconds * 1000)
        planning, execution = database_ms(clock.statements)
        plan_ms.append(planning)
        db_ms.append(planning + execution)
        queries = clock.queries
    median = statistics.median
    return queries, median(db_ms), median(plan_ms), median(sql_ms), median(total_ms)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    published = Award.objects.published().count()
    print(f"{published} published awards, page cache off, median of {rounds} requests each")
    print(
        f"{'page':<28}{'queries':>8}{'DB ms':>8}{'of it plan':>11}{'SQL ms':>9}{'total ms':>10}"
        f"  DB <= {SQL_TARGET_MS:.0f} ms"
    )
    failed = []
    dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with override_settings(CACHES=dummy):
        client = Client()
        for name, url in pages():
            queries, db, plan, sql, total = measure(client, url, rounds)
            ok = db <= SQL_TARGET_MS
            failed += [] if ok else [name]
            print(
                f"{name:<28}{queries:>8}{db:>8.2f}{plan:>11.2f}{sql:>9.2f}{total:>10.2f}"
                f"  {'yes' if ok else 'NO'}"
            )
    print(
        "DB ms: planning and execution time PostgreSQL reports (EXPLAIN ANALYZE) for the "
        "request's queries (of it plan: planning); SQL ms: time spent waiting for them; "
        "total ms: the whole request."
    )
    if failed:
        print(f"database time over {SQL_TARGET_MS:.0f} ms: {', '.join(failed)}")


if __name__ == "__main__":
    main()
