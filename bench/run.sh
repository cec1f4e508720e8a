#!/usr/bin/env bash
# Benchmark on loopback: the award list, the JSON export and /healthz side by side under gunicorn
# with production settings, and the export's peak memory at 1 000 and 100 000 awards.
# Uses its own database (utlysning_bench). Bounded: a few short wrk runs.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
PORT=${BENCH_PORT:-8005}
AWARDS=${BENCH_AWARDS:-10000}
SMALL=${BENCH_SMALL:-1000}
LARGE=${BENCH_LARGE:-100000}
DURATION=${BENCH_DURATION:-4s}
ROUNDS=${BENCH_ROUNDS:-5}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
export DJANGO_SETTINGS_MODULE=config.settings.bench
OUT=$(mktemp -d)
trap 'if [ -n "${GUNICORN_PID:-}" ]; then kill "$GUNICORN_PID" 2>/dev/null || true; fi; rm -rf "$OUT"' EXIT

if ! command -v wrk >/dev/null 2>&1; then
  echo "Installing wrk (Debian package)…"
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null; else sudo apt-get install -y -qq wrk >/dev/null; fi
fi

$PY manage.py migrate --noinput -v0
$PY manage.py collectstatic --noinput -v0

echo "== Export memory (JSON, streamed, measured in a fresh process each time)"
for n in "$SMALL" "$LARGE"; do
  $PY manage.py generate_bench_data --awards "$n" >/dev/null
  $PY bench/export_memory.py | tee "$OUT/export-$n.json"
done
$PY - "$OUT/export-$SMALL.json" "$OUT/export-$LARGE.json" <<'PY'
import json, sys
small, large = (json.load(open(p)) for p in sys.argv[1:3])
print(f"peak RSS {small['grants']} grants: {small['peak_rss_mb']} MB; "
      f"{large['grants']} grants: {large['peak_rss_mb']} MB; "
      f"ratio {large['peak_rss_mb'] / small['peak_rss_mb']:.2f} (target <= 1.3)")
print(f"growth above the process before the request: "
      f"{small['peak_rss_mb'] - small['rss_before_mb']:.1f} MB vs "
      f"{large['peak_rss_mb'] - large['rss_before_mb']:.1f} MB")
print(f"grants per second at {large['grants']}: {large['grants_per_second']} (target >= 10000)")
PY

echo "== Throughput with $AWARDS published awards (gunicorn, $ROUNDS rounds of ${DURATION} per URL, $CONNECTIONS connections)"
$PY manage.py generate_bench_data --awards "$AWARDS" >/dev/null
GUNICORN_BIND=127.0.0.1:$PORT GUNICORN_WORKERS=${GUNICORN_WORKERS:-4} \
  .venv/bin/gunicorn -c gunicorn.conf.py --access-logfile /dev/null config.wsgi >"$OUT/gunicorn.log" 2>&1 &
GUNICORN_PID=$!
for _ in $(seq 50); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
# The first visits fill the cache (one entry per language).
curl -fsS -o /dev/null "http://127.0.0.1:$PORT/awards/"
curl -fsS -o /dev/null -H "Cookie: utlysning_language=en" "http://127.0.0.1:$PORT/awards/"

run() {  # name url connections round [header]
  wrk -t2 -c"$3" -d"$DURATION" --latency ${5:+-H "$5"} "http://127.0.0.1:$PORT$2" >"$OUT/wrk-$1-$4.txt"
}
# Alternate the URLs for a few rounds so that noise on the machine hits them alike; report medians.
# Every wrk request to /awards/ is a visitor who is not logged in; "English" is one who chose
# English with the language switcher (a cookie), served from the English cache entry.
for round in $(seq "$ROUNDS"); do
  run healthz /healthz "$CONNECTIONS" "$round"
  run awards /awards/ "$CONNECTIONS" "$round"
  run english /awards/ "$CONNECTIONS" "$round" "Cookie: utlysning_language=en"
done
# Without a worker the export has no stored file yet and is streamed from the database; then the
# stored file is made (as after a publication) and served as a plain download.
run export /awards/export.json 2 1
$PY manage.py opendata_exports >/dev/null
run stored /awards/export.json 2 1

$PY - "$OUT" "$AWARDS" <<'PY'
import re, statistics, sys
from pathlib import Path
out, awards = Path(sys.argv[1]), sys.argv[2]

def parse(path):
    text = path.read_text()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    lat = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", text, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return rps, lat, int(errors.group(1)) if errors else 0

def median_run(name):
    runs = sorted((parse(p) for p in out.glob(f"wrk-{name}-*.txt")), key=lambda run: run[0])
    return runs[len(runs) // 2], [run[0] for run in runs]

base = median_run("healthz")[0][0]
print(f"{awards} published awards; median of the rounds; latency percentiles of the median round")
print(f"{'URL':<24}{'req/s':>10}{'p50':>10}{'p90':>10}{'p99':>10}{'vs /healthz':>13}{'errors':>8}  all rounds (req/s)")
rows = (
    ("healthz", "/healthz"),
    ("awards", "/awards/"),
    ("english", "/awards/ (English)"),
    ("export", "/awards/export.json"),
    ("stored", "  (stored file)"),
)
for name, url in rows:
    (rps, lat, errors), rounds = median_run(name)
    print(f"{url:<24}{rps:>10.1f}{lat.get('50',''):>10}{lat.get('90',''):>10}{lat.get('99',''):>10}"
          f"{rps / base:>12.2f}x{errors:>8}  {', '.join(f'{r:.0f}' for r in rounds)}")
PY
