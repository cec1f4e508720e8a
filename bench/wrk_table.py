"""The table of ``bench/run.sh``: every page against fortunes and /healthz, from wrk's output.

``python bench/wrk_table.py OUT_DIR PAGES_FILE`` reads ``wrk-<name>-<round>.txt`` for every page
named in PAGES_FILE (lines ``name<TAB>label``; the pages ``fortunes`` and ``healthz`` are the
baselines) and prints one row per page: the median requests per second over the rounds, the
latency percentiles of the median round, the median over the rounds of the page's rate divided
by the baselines' rate in the same round, and every error wrk saw (socket errors: connect, read,
write, timeout; answers other than 2xx or 3xx; a run in which no request was answered at all).
Exits with status 1 when any run had an error.
"""

from __future__ import annotations

import re
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    rps: float
    latency: dict[str, str]
    requests: int
    socket_errors: dict[str, int]
    non_2xx: int

    @property
    def errors(self) -> int:
        # A run in which nothing was answered is an error too, not a rate of zero.
        return sum(self.socket_errors.values()) + self.non_2xx + (self.requests == 0)


def parse(path: Path) -> Run:
    text = path.read_text()
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    requests = re.search(r"(\d+) requests in", text)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return Run(
        rps=float(rps.group(1)) if rps else 0.0,
        latency=dict(re.findall(r"^\s+(50|90|99)(?:\.0+)?%\s+(\S+)", text, re.M)),
        requests=int(requests.group(1)) if requests else 0,
        socket_errors=dict(
            zip(
                ("connect", "read", "write", "timeout"),
                (int(n) for n in sockets.groups()) if sockets else (0, 0, 0, 0),
                strict=True,
            )
        ),
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
    )


def error_text(runs: list[Run]) -> str:
    kinds = {"connect": 0, "read": 0, "write": 0, "timeout": 0}
    for run in runs:
        for kind, count in run.socket_errors.items():
            kinds[kind] += count
    parts = [f"{kind} {count}" for kind, count in kinds.items() if count]
    non_2xx = sum(run.non_2xx for run in runs)
    if non_2xx:
        parts.append(f"non-2xx {non_2xx}")
    unanswered = sum(run.requests == 0 for run in runs)
    if unanswered:
        parts.append(f"{unanswered} run(s) without one answer")
    return ", ".join(parts) or "0"


# The targets, as a share of the fortunes baseline's rate in the same round.
TARGETS = {
    "awards-uncached": 0.5,
    "awards-page-uncached": 0.5,
    "statistics-uncached": 0.5,
    "award-uncached": 0.5,
    "my": 0.3,
    "section": 0.2,
}


def main() -> int:
    out, pages_file = Path(sys.argv[1]), Path(sys.argv[2])
    pages = [line.split("\t", 1) for line in pages_file.read_text().splitlines() if line]
    # A digit after the name: the runs of "awards" must not take those of "awards-uncached"
    # (they did, and the cached pages showed the uncached pages' rates).
    runs = {
        name: {
            int(path.stem.rsplit("-", 1)[1]): parse(path)
            for path in out.glob(f"wrk-{name}-[0-9]*.txt")
        }
        for name, _ in pages
    }
    rounds = sorted(runs["fortunes"])

    def ratio(name: str, base: str) -> float:
        per_round = [
            runs[name][r].rps / runs[base][r].rps
            for r in rounds
            if r in runs[name] and runs[base].get(r) and runs[base][r].rps
        ]
        return statistics.median(per_round) if per_round else 0.0

    header = (
        f"{'page':<34}{'req/s':>9}{'p50':>10}{'p90':>10}{'p99':>10}"
        f"{'vs fortunes':>13}{'vs /healthz':>13}{'target':>13}  errors"
    )
    print(header)
    failed = []
    for name, label in pages:
        by_round = runs[name]
        ordered = sorted(by_round.values(), key=lambda run: run.rps)
        median = ordered[len(ordered) // 2]
        errors = error_text(list(by_round.values()))
        if errors != "0":
            failed.append(f"{label}: {errors}")
        against = ratio(name, "fortunes")
        target = ""
        if name in TARGETS:
            target = f"≥{TARGETS[name]}x {'yes' if against >= TARGETS[name] else 'NO'}"
        print(
            f"{label:<34}{statistics.median(run.rps for run in ordered):>9.1f}"
            f"{median.latency.get('50', ''):>10}{median.latency.get('90', ''):>10}"
            f"{median.latency.get('99', ''):>10}"
            f"{against:>12.2f}x{ratio(name, 'healthz'):>12.2f}x{target:>13}  {errors}"
        )
    print(
        f"medians of {len(rounds)} interleaved rounds; ratios are the median of the page's rate "
        "over the baseline's in the same round; latencies of the median round"
    )
    if failed:
        print("\nERRORS: wrk saw failed requests, so the numbers above are not valid:")
        for line in failed:
            print(f"  {line}")
        return 1
    return 0


def to_ms(text: str) -> float:
    """wrk's latency ("812.00us", "5.21ms", "1.02s") in milliseconds."""
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def downloads(healthz_path: Path, export_path: Path, awards: str, target_ms: float) -> int:
    """The export download test: /healthz measured while four clients download the export."""
    healthz, export = parse(healthz_path), parse(export_path)
    p99 = to_ms(healthz.latency.get("99", "0us"))
    print(
        f"4 concurrent downloads of the stored {awards}-award CSV: {export.requests} downloads "
        f"({export.rps:.1f}/s, p50 {export.latency.get('50', '?')}), errors "
        f"{error_text([export])}"
    )
    verdict = "yes" if p99 < target_ms else "NO"
    print(
        f"/healthz meanwhile: {healthz.rps:.1f} req/s, p50 {healthz.latency.get('50', '?')}, "
        f"p99 {p99:.1f} ms (target < {target_ms:.0f} ms: {verdict}), errors "
        f"{error_text([healthz])}"
    )
    if healthz.errors or export.errors:
        print("ERRORS: wrk saw failed requests in the download test")
        return 1
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "--downloads":
        sys.exit(downloads(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4], float(sys.argv[5])))
    sys.exit(main())
