# The two commands a new user needs: `make run` and `make test`.
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Python 3.12+ (Django 6.1 needs it): $(PYTHON), then what is on PATH, then pyenv's.
PYTHON ?= $(shell for p in python3.13 python3.12 python3 \
	/root/.pyenv/versions/3.13.0/bin/python3.13 /root/.pyenv/versions/3.12.1/bin/python3.12 \
	$$HOME/.pyenv/versions/*/bin/python3.1[2-9]; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' \
	2>/dev/null && { command -v $$p; break; }; done)

.PHONY: run test lint format serve migrate load clean install bench backup restore

$(STAMP): pyproject.toml package.json
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.12 or newer is needed (set PYTHON=/path/to/python3.12)." >&2; exit 1; fi
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@# The HTML and accessibility validators the browser tests run (npm registry; Java runs
	@# vnu); without npm, `make test` installs it or says how.
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; fi
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	@mkdir -p var
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput

load: migrate
	DJANGO_DEBUG=1 $(PY) manage.py load_archive

run: load
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production-like serving: DEBUG off, static files from WhiteNoise, gunicorn.
serve: load
	DJANGO_DEBUG=0 $(PY) manage.py collectstatic --noinput -v0
	DJANGO_DEBUG=0 $(VENV)/bin/gunicorn archive.wsgi --bind 127.0.0.1:$(PORT) --workers 3

# The browser tests need Chromium, Java and the npm validators: tests/browser/tools.sh finds
# or installs them, or stops at once naming what to install. Coverage of both runs is
# combined; the suite fails below COVERAGE_MIN percent (the figure on 2026-12-06: 97).
COVERAGE_MIN ?= 97
test: install
	@mkdir -p var
	@set -o pipefail; chromium=$$(PY=$(PY) bash tests/browser/tools.sh) || exit 1; \
	$(PY) -m pytest -n auto -m "not browser" --cov --cov-report= $(PYTEST_ARGS) && \
	{ CHROMIUM=$$chromium $(PY) -m pytest -m browser -p no:xdist --cov --cov-append --cov-report= $(PYTEST_ARGS) || [ $$? -eq 5 ]; } && \
	$(PY) -m coverage report --skip-covered --skip-empty --fail-under=$(COVERAGE_MIN) | tail -n 3

# Benchmarks against PostgreSQL and gunicorn (not part of `make test`); see README.
bench: install
	bash benchmarks/run.sh

# Backups (see README "Reliability"). Without DJANGO_SECRET_KEY they use the development
# settings, like `make run`; in production export the same variables as for `make serve`.
BACKUP ?= var/backups/$(shell date +%Y%m%d-%H%M%S)
MANAGE_ENV := $(if $(DJANGO_SECRET_KEY),,DJANGO_DEBUG=1)

backup: install
	$(MANAGE_ENV) $(PY) manage.py backup_archive $(BACKUP)

# `make restore BACKUP=var/backups/...`: into a new, empty database only.
restore: install
	@if [ ! -f "$(BACKUP)/MANIFEST.sha256" ]; then echo "Usage: make restore BACKUP=<folder made by make backup>" >&2; exit 1; fi
	$(MANAGE_ENV) $(PY) manage.py migrate --noinput
	$(MANAGE_ENV) $(PY) manage.py restore_archive $(BACKUP)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) var staticfiles
