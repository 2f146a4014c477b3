#!/usr/bin/env bash
# Load test: gunicorn + PostgreSQL on loopback, 50 readers for 60 s (locust, headless).
# With RESTART_DB=1, PostgreSQL is restarted 20 s in: requests fail with a 503 only while
# it is down, and the app recovers without a restart. Results: var/loadtest/.
#
#   bash loadtest/run.sh                 # steady load
#   RESTART_DB=1 bash loadtest/run.sh    # with a PostgreSQL restart in the middle
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-8791}
DB=${LOADTEST_DB:-archive_loadtest}
USERS=${USERS:-50}
DURATION=${DURATION:-60s}
OUT=var/loadtest
PY=.venv/bin/python
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/$DB
export DJANGO_SECRET_KEY=loadtest-only-secret-key DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_DEBUG=0
mkdir -p "$OUT" && rm -f "$OUT"/*

.venv/bin/locust --version >/dev/null 2>&1 || .venv/bin/pip install --quiet -e ".[load]"
psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1 \
  || createdb -h 127.0.0.1 -U postgres "$DB"
$PY manage.py migrate --noinput -v0
$PY manage.py load_archive -v0
$PY manage.py collectstatic --noinput -v0

if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
  echo "Port $PORT is in use; set PORT=..." >&2; exit 1
fi
# Keep-alive longer than a reader's pause, so no request meets a connection being closed.
.venv/bin/gunicorn archive.wsgi --bind 127.0.0.1:$PORT --workers 4 --threads 2 --keep-alive 10 \
  --access-logfile "$OUT/access.log" --error-logfile "$OUT/gunicorn.log" &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 30); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 1; done

if [ "${RESTART_DB:-0}" = 1 ]; then
  # Probe /healthz every 0.2 s through the restart, to see when the app answers again.
  (sleep 20
   CLUSTER=$(ls /etc/postgresql | head -n1)
   date +%s.%N > "$OUT/restart-start"
   pg_ctlcluster --skip-systemctl-redirect "$CLUSTER" main restart
   date +%s.%N > "$OUT/restart-end") &
  (end=$((SECONDS + 60)); while [ $SECONDS -lt $end ]; do
     printf '%s %s\n' "$(date +%s.%N)" \
       "$(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:$PORT/healthz")"
     sleep 0.2; done > "$OUT/healthz.log") &
fi

.venv/bin/locust -f loadtest/locustfile.py --headless -u "$USERS" -r "$USERS" -t "$DURATION" \
  --host "http://127.0.0.1:$PORT" --csv "$OUT/locust" --only-summary 2>&1 | tee "$OUT/summary.txt"
wait
echo "status codes seen by gunicorn:"; awk '{print $9}' "$OUT/access.log" | sort | uniq -c
