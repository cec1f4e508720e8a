#!/usr/bin/env bash
# Benchmark on loopback with production settings and its own database (utlysning_bench):
#  1. the streamed JSON export's peak memory at SMALL and LARGE awards;
#  2. the export download test: four clients download the stored LARGE-award CSV while /healthz
#     is measured (target: its p99 under 100 ms);
#  3. each public page's queries and database time with the cache off (bench/public_sql.py);
#  4. one table: every page against the fortunes baseline (bench/fortunes/, the same gunicorn
#     settings) and /healthz, medians of interleaved wrk rounds; any wrk error fails the run;
#  5. the deadline burst (bench/burst.sh, BENCH_BURST_APPLICANTS applicants, default 500);
#  6. bench/admin.py, when it exists (BENCH_ADMIN=0 leaves it out).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
PORT=${BENCH_PORT:-8005}
FORTUNES_PORT=${BENCH_FORTUNES_PORT:-$((PORT + 10))}
SMALL=${BENCH_SMALL:-1000}
LARGE=${BENCH_LARGE:-100000}
AWARDS=${BENCH_AWARDS:-$LARGE}
DURATION=${BENCH_DURATION:-4s}
DOWNLOAD_DURATION=${BENCH_DOWNLOAD_DURATION:-10s}
ROUNDS=${BENCH_ROUNDS:-5}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
WORKERS=${GUNICORN_WORKERS:-4}
export DJANGO_SETTINGS_MODULE=config.settings.bench
OUT=$(mktemp -d)
STATUS=0
PIDS=()
trap 'for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done; rm -rf "$OUT"' EXIT

if ! command -v wrk >/dev/null 2>&1; then
  echo "Installing wrk (Debian package)…"
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null; else sudo apt-get install -y -qq wrk >/dev/null; fi
fi

$PY manage.py migrate --noinput -v0
$PY manage.py collectstatic --noinput -v0
$PY bench/fortunes/setup.py

serve() {  # port wsgi-module
  GUNICORN_BIND=127.0.0.1:$1 GUNICORN_WORKERS=$WORKERS \
    .venv/bin/gunicorn -c gunicorn.conf.py --access-logfile /dev/null "$2" >"$OUT/gunicorn-$1.log" 2>&1 &
  PIDS+=($!)
}
wait_for() {  # url
  for _ in $(seq 300); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.2; done
  echo "ERROR: $1 did not answer; the server's log:"; cat "$OUT"/gunicorn-*.log; exit 1
}
serve "$PORT" config.wsgi
serve "$FORTUNES_PORT" bench.fortunes.wsgi
wait_for "http://127.0.0.1:$PORT/healthz"
wait_for "http://127.0.0.1:$FORTUNES_PORT/fortunes/"

wrk_run() {  # name url connections round [header]
  wrk -t2 -c"$3" -d"$DURATION" --latency --timeout 10s ${5:+-H "$5"} "$2" >"$OUT/wrk-$1-$4.txt"
  # Requests still queued in gunicorn when wrk stops would be served in the next page's run.
  sleep "${BENCH_PAUSE:-2}"
}

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

echo "== Export download test ($LARGE awards, stored file, $DOWNLOAD_DURATION)"
$PY manage.py opendata_exports >/dev/null
wrk -t2 -c4 -d"$DOWNLOAD_DURATION" --latency --timeout 30s \
  "http://127.0.0.1:$PORT/awards/export.csv" >"$OUT/download-export.txt" &
DOWNLOADS=$!
sleep 1
wrk -t1 -c1 -d"$(( ${DOWNLOAD_DURATION%s} - 2 ))s" --latency --timeout 10s \
  "http://127.0.0.1:$PORT/healthz" >"$OUT/download-healthz.txt"
wait "$DOWNLOADS"
$PY bench/wrk_table.py --downloads "$OUT/download-healthz.txt" "$OUT/download-export.txt" "$LARGE" 100 || STATUS=1

if [ "$AWARDS" != "$LARGE" ]; then
  $PY manage.py generate_bench_data --awards "$AWARDS" >/dev/null
fi

echo "== Public pages with the cache off ($AWARDS awards, in one process, no network)"
$PY bench/public_sql.py "${BENCH_SQL_ROUNDS:-20}"

echo "== Every page against fortunes and /healthz ($AWARDS published awards; gunicorn, $WORKERS workers; $ROUNDS rounds of $DURATION per page, $CONNECTIONS connections)"
SESSION=$($PY bench/visitor_session.py)
IFS='|' read -r APPLICANT DRAFT_ID <<<"$($PY bench/applicant_session.py)"
AWARD_ID=$($PY - <<'PY'
import django; django.setup()
from awards.models import Award
print(Award.objects.published().order_by("-pk").values_list("pk", flat=True).first())
PY
)
BASE="http://127.0.0.1:$PORT"
# name, label, url, header: the uncached pages are asked by a logged-in person (never cached).
PAGES=(
  "fortunes|fortunes (baseline)|http://127.0.0.1:$FORTUNES_PORT/fortunes/|"
  "healthz|/healthz|$BASE/healthz|"
  "awards|/awards/ (cached)|$BASE/awards/|"
  "statistics|/statistics/ (cached)|$BASE/statistics/|"
  "awards-uncached|/awards/ uncached|$BASE/awards/|Cookie: $SESSION"
  "awards-page-uncached|/awards/?county=18&page=3 uncached|$BASE/awards/?county=18&page=3|Cookie: $SESSION"
  "statistics-uncached|/statistics/ uncached|$BASE/statistics/|Cookie: $SESSION"
  "award-uncached|/awards/<id>/ uncached|$BASE/awards/$AWARD_ID/|Cookie: $SESSION"
  "my|/my/ (applicant)|$BASE/my/|Cookie: $APPLICANT"
  "section|section page (applicant)|$BASE/my/applications/$DRAFT_ID/project/|Cookie: $APPLICANT"
)
: >"$OUT/pages.tsv"
for page in "${PAGES[@]}"; do
  IFS='|' read -r name label url header <<<"$page"
  printf '%s\t%s\n' "$name" "$label" >>"$OUT/pages.tsv"
  curl -fsS -o /dev/null ${header:+-H "$header"} "$url"  # fills the cache for the cached ones
done
# The pages take turns for every round, so noise on the machine hits them alike.
for round in $(seq "$ROUNDS"); do
  for page in "${PAGES[@]}"; do
    IFS='|' read -r name label url header <<<"$page"
    wrk_run "$name" "$url" "$CONNECTIONS" "$round" "$header"
  done
done
$PY bench/wrk_table.py "$OUT" "$OUT/pages.tsv" || STATUS=1

if [ "${BENCH_BURST_APPLICANTS:-500}" != 0 ]; then
  echo "== Deadline burst (bench/burst.sh, ${BENCH_BURST_APPLICANTS:-500} applicants)"
  BURST_APPLICANTS=${BENCH_BURST_APPLICANTS:-500} bench/burst.sh || STATUS=1
fi

if [ -f bench/admin.py ] && [ "${BENCH_ADMIN:-1}" != 0 ]; then
  echo "== Admin pages (bench/admin.py)"
  $PY bench/admin.py || STATUS=1
fi

if [ "$STATUS" != 0 ]; then
  echo "FAILED: a run above had errors (see ERRORS)." >&2
fi
exit "$STATUS"
