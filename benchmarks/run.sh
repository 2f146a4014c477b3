#!/usr/bin/env bash
# `make bench`: PostgreSQL database archive_bench at SCALE (default large), gunicorn with
# DEBUG off on loopback, measured by benchmarks/bench.py. Reuses the database when it
# already holds that scale; FRESH=1 regenerates it. Leaves PostgreSQL and Redis running.
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE="${SCALE:-large}"
DB_NAME="${BENCH_DB:-archive_bench}"
PG="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
PY=.venv/bin/python

export DATABASE_URL="$PG/$DB_NAME"
export DJANGO_DEBUG=0
export DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-benchmark-only-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DJANGO_SECURE_SSL_REDIRECT=0   # plain HTTP on loopback
export DJANGO_SECURE_COOKIES=0
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/3}"

need() { command -v "$1" >/dev/null 2>&1; }
install_debs() {
  if [ "$(id -u)" = 0 ] && need apt-get; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    echo "Please install: $*" >&2; exit 1
  fi
}

# PostgreSQL, Redis and wrk (Debian packages), started if they are not running.
need pg_ctlcluster || install_debs postgresql postgresql-contrib
need redis-server || install_debs redis-server
need wrk || install_debs wrk
if ! pg_isready -q -h 127.0.0.1; then
  version=$(ls /etc/postgresql | sort -n | tail -1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  if ! psql "$PG/postgres" -c "select 1" >/dev/null 2>&1; then
    # A fresh cluster: trust local TCP connections for the postgres user.
    hba="/etc/postgresql/$version/main/pg_hba.conf"
    sed -i 's/^\(host.*127.0.0.1\/32\s*\)\S*$/\1trust/; s/^\(host.*::1\/128\s*\)\S*$/\1trust/' "$hba"
    pg_ctlcluster --skip-systemctl-redirect "$version" main reload
  fi
fi
redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --save '' >/dev/null

psql "$PG/postgres" -tAc "select 1 from pg_database where datname='$DB_NAME'" | grep -q 1 \
  || psql "$PG/postgres" -qc "create database $DB_NAME"
$PY manage.py migrate --noinput -v0

# Generate unless the database already holds this scale (FRESH=1 starts over).
have=$($PY manage.py shell -c "from conferences.models import Conference; print(Conference.objects.count())" 2>/dev/null | tail -1)
want=$($PY -c "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'archive.settings'); django.setup(); from benchmarks.synthetic import SCALES; print(SCALES['$SCALE'].conferences)")
if [ "${FRESH:-0}" = 1 ] || [ "$have" -lt "$want" ] || [ "$have" -gt $((want + 100)) ]; then
  psql "$PG/postgres" -qc "drop database if exists $DB_NAME" -c "create database $DB_NAME"
  $PY manage.py migrate --noinput -v0
  $PY manage.py load_archive -v0
  $PY benchmarks/generate_synthetic.py --scale "$SCALE"
fi

$PY manage.py collectstatic --noinput -v0
$PY benchmarks/bench.py "$@"
