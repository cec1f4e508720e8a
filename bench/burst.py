"""Deadline burst: hundreds of applicants send their applications within a minute.

Run by bench/burst.sh as ``python bench/burst.py APPLICANTS.json --node HOST:PORT --node …``
against web nodes it has started. APPLICANTS.json comes from ``manage.py generate_burst_data``:
a logged-in session and a complete draft per applicant (a pre-made session, so that password
hashing at login is not what is measured).

Each applicant does what a person in the browser does: opens the summary page (GET, which gives
the CSRF token), sends the application (POST to the submit page, answered with a redirect to the
receipt) and opens the receipt. The first ``--unloaded`` applicants do it one after another on an
idle site; the rest arrive within ``--window`` seconds, more of them the nearer the deadline
(arrival density grows linearly to the end), each in its own thread, node by node in turn
(round-robin in the client, no proxy). Afterwards the database is checked: every applicant with a
receipt has exactly one submitted application, every reference is unique, nothing is lost.

Prints one table and exits non-zero when a submission failed or the check found a fault.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STEPS = ("summary", "submit", "receipt")


@dataclass
class Applicant:
    session: str
    application: int
    node: str = ""
    seconds: dict = field(default_factory=dict)  # step -> seconds
    error: str = ""
    receipt: bool = False
    step: str = ""  # the request under way


def _request(node: str, method: str, path: str, cookies: dict, body: str | None = None):
    host, port = node.rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    headers = {"Host": host, "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        return response.status, response.getheader("Location", ""), response.headers, text
    finally:
        connection.close()


def _timed(applicant: Applicant, step: str, *args, **kwargs):
    applicant.step = step
    started = time.perf_counter()
    try:
        return _request(*args, **kwargs)
    finally:
        applicant.seconds[step] = time.perf_counter() - started


def submit(applicant: Applicant) -> None:
    """One applicant's three requests; any answer but the expected one is an error."""
    cookies = {"sessionid": applicant.session}
    base = f"/my/applications/{applicant.application}"
    try:
        status, _location, headers, text = _timed(
            applicant, "summary", applicant.node, "GET", f"{base}/summary/", cookies
        )
        token = TOKEN.search(text)
        if status != 200 or token is None:
            applicant.error = f"summary {status}"
            return
        for header in headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if name.strip() == "csrftoken":
                cookies["csrftoken"] = rest.split(";", 1)[0]
        body = urlencode({"csrfmiddlewaretoken": token.group(1)})
        status, location, _headers, _text = _timed(
            applicant, "submit", applicant.node, "POST", f"{base}/submit/", cookies, body
        )
        if status != 302 or not location.endswith(f"{base}/receipt/"):
            applicant.error = f"submit {status} → {location or '-'}"
            return
        status, _location, _headers, text = _timed(
            applicant, "receipt", applicant.node, "GET", f"{base}/receipt/", cookies
        )
        if status != 200:
            applicant.error = f"receipt {status}"
            return
        applicant.receipt = True
    except (OSError, http.client.HTTPException) as error:
        applicant.error = f"{applicant.step} {type(error).__name__}: {error}"


def warm_up(applicant: Applicant, nodes: list[str], rounds: int = 6) -> None:
    """Every worker process of every node loads its code and opens its connection first."""
    for node in nodes:
        for _ in range(rounds):
            path = f"/my/applications/{applicant.application}/summary/"
            _request(node, "GET", path, {"sessionid": applicant.session})


def unloaded(applicants: list[Applicant], nodes: list[str]) -> None:
    for index, applicant in enumerate(applicants):
        applicant.node = nodes[index % len(nodes)]
        submit(applicant)


def burst(applicants: list[Applicant], nodes: list[str], window: float, seed: int) -> float:
    """Start every applicant at its arrival time in its own thread; returns the wall time."""
    chance = random.Random(seed)  # noqa: S311 (arrival times, not secrets)
    # Inverse of a density that grows linearly to the deadline: most arrive in the last seconds.
    offsets = sorted(window * math.sqrt(chance.random()) for _ in applicants)
    started = time.monotonic()

    def arrive(applicant: Applicant, offset: float) -> None:
        time.sleep(max(0.0, started + offset - time.monotonic()))
        submit(applicant)

    threads = []
    for index, (applicant, offset) in enumerate(zip(applicants, offsets, strict=True)):
        applicant.node = nodes[index % len(nodes)]
        thread = threading.Thread(target=arrive, args=(applicant, offset), daemon=True)
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join(timeout=max(1.0, started + window + 120 - time.monotonic()))
    return time.monotonic() - started


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def table(runs: list[tuple[str, list[Applicant]]]) -> list[str]:
    lines = [
        f"{'run':<10}{'request':<10}{'count':>7}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'p99 ms':>9}{'max ms':>9}"
    ]
    for name, applicants in runs:
        for step in STEPS:
            times = [a.seconds[step] * 1000 for a in applicants if step in a.seconds]
            errors = sum(1 for a in applicants if a.error.startswith(f"{step} "))
            if not times:
                lines.append(f"{name:<10}{step:<10}{0:>7}{errors:>8}")
                continue
            lines.append(
                f"{name:<10}{step:<10}{len(times):>7}{errors:>8}"
                + "".join(f"{percentile(times, p):>9.0f}" for p in (0.5, 0.95, 0.99))
                + f"{max(times):>9.0f}"
            )
    return lines


def check_database(applicants: list[Applicant]) -> list[str]:
    """Faults found in the database after the run; empty when every submission is accounted."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    import django

    django.setup()
    from awards.demo.burst import burst_result

    result = burst_result(applications=[a.application for a in applicants])
    submitted = set(result["submitted"])
    with_receipt = {a.application for a in applicants if a.receipt}
    faults = []
    if lost := with_receipt - submitted:
        faults.append(f"{len(lost)} applicants with a receipt have no submitted application")
    if unreported := submitted - with_receipt:
        faults.append(f"{len(unreported)} submitted applications whose applicant saw no receipt")
    if result["references"] != len(submitted):
        faults.append(f"{len(submitted) - result['references']} submitted without a reference")
    if result["distinct_references"] != result["references"]:
        faults.append(
            f"{result['references'] - result['distinct_references']} duplicate references"
        )
    print(
        f"database: {len(submitted)} submitted, {result['distinct_references']} distinct "
        f"references, {len(with_receipt)} receipts shown"
    )
    return faults


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("applicants", type=Path)
    parser.add_argument("--node", action="append", required=True, help="HOST:PORT, repeatable")
    parser.add_argument("--unloaded", type=int, default=30)
    parser.add_argument("--window", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()

    everyone = [Applicant(**row) for row in json.loads(args.applicants.read_text())]
    calm, rush = everyone[: args.unloaded], everyone[args.unloaded :]
    warm_up(everyone[0], args.node)
    unloaded(calm, args.node)
    wall = burst(rush, args.node, args.window, args.seed)
    sent = sum(1 for a in rush if a.receipt)
    print(
        f"{len(rush)} applicants within {args.window:.0f} s on {len(args.node)} nodes "
        f"({', '.join(args.node)}); {sent} sent in {wall:.1f} s; unloaded: {len(calm)} one by one"
    )
    for line in table([("unloaded", calm), ("burst", rush)]):
        print(line)
    calm_times = [a.seconds["submit"] for a in calm if "submit" in a.seconds]
    rush_times = [a.seconds["submit"] for a in rush if "submit" in a.seconds]
    if calm_times and rush_times:
        print(
            "submit under the burst vs unloaded: "
            + ", ".join(
                f"p{round(share * 100)} {ratio:.1f}×"
                for share in (0.5, 0.95, 0.99)
                for ratio in [percentile(rush_times, share) / percentile(calm_times, share)]
            )
        )
    failures = [a for a in everyone if a.error]
    for reason in sorted({a.error for a in failures})[:10]:
        print(f"error: {reason} ({sum(1 for a in failures if a.error == reason)}×)")
    faults = check_database(everyone)
    for fault in faults:
        print(f"FAULT: {fault}")
    if not faults:
        print("no lost or duplicate submissions")
    return 1 if failures or faults else 0


if __name__ == "__main__":
    sys.exit(main())
