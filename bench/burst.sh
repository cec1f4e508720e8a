#!/usr/bin/env bash
# Deadline burst on loopback: BURST_APPLICANTS applicants send their applications within
# BURST_WINDOW seconds against two web nodes (two gunicorn servers on two ports, production
# settings) and, when the project has one, a background worker (manage.py db_worker).
# Uses its own database (utlysning_bench). Bounded: the client gives up two minutes after the window.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
APPLICANTS=${BURST_APPLICANTS:-500}
UNLOADED=${BURST_UNLOADED:-30}
WINDOW=${BURST_WINDOW:-60}
PORTS=${BURST_PORTS:-8006 8007}
export DJANGO_SETTINGS_MODULE=config.settings.bench
# No mail server on loopback: receipts are handed to Django's in-memory backend.
export DJANGO_EMAIL_BACKEND=${DJANGO_EMAIL_BACKEND:-django.core.mail.backends.locmem.EmailBackend}
OUT=$(mktemp -d)
PIDS=()
stop() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$OUT"
}
trap stop EXIT

$PY manage.py migrate --noinput -v0
$PY manage.py collectstatic --noinput -v0
$PY manage.py generate_burst_data --applicants $((APPLICANTS + UNLOADED)) --out "$OUT/applicants.json"

NODES=()
for port in $PORTS; do
  GUNICORN_BIND=127.0.0.1:$port GUNICORN_WORKERS=${GUNICORN_WORKERS:-2} \
    .venv/bin/gunicorn -c gunicorn.conf.py --access-logfile /dev/null config.wsgi \
    >"$OUT/gunicorn-$port.log" 2>&1 &
  PIDS+=($!)
  NODES+=(--node "127.0.0.1:$port")
done
if $PY manage.py help db_worker >/dev/null 2>&1; then
  $PY manage.py db_worker >"$OUT/worker.log" 2>&1 &
  PIDS+=($!)
  echo "worker: manage.py db_worker started"
else
  echo "worker: none (this version has no manage.py db_worker; e-mail is sent in the request)"
fi
for port in $PORTS; do
  for _ in $(seq 100); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.2
  done
  curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" || {
    echo "node on port $port did not start:"; cat "$OUT/gunicorn-$port.log"; exit 1;
  }
done

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
timeout $((WINDOW + 180)) $PY bench/burst.py "$OUT/applicants.json" "${NODES[@]}" \
  --unloaded "$UNLOADED" --window "$WINDOW" || status=$?
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$status" -ne 0 ]; then
  echo "== last lines of the nodes' logs"
  tail -n 20 "$OUT"/gunicorn-*.log
fi
exit "$status"
