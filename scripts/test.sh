#!/usr/bin/env bash
# The whole test command: lint, types, layers, Django checks, migrations, pytest.
# Runs with the database environment set by lib.dbserver (see Makefile).
set -euo pipefail
BIN=.venv/bin
# Tooling below imports the settings; the production settings are checked by
# lib/tests/test_settings.py (manage.py check --deploy with production variables).
export DEBUG=true
echo "== ruff"; $BIN/ruff check . && $BIN/ruff format --check .
echo "== mypy"; $BIN/mypy .
echo "== import-linter (layers)"; $BIN/lint-imports --no-cache
# Every migration runs once, as the owner role, into an empty template database; pytest's workers
# each get a copy of it (tests/template_db.py) instead of migrating a database of their own.
echo "== migrate (owner role, into the test template)"
KAPSTOK_TEST_TEMPLATE=$(KAPSTOK_AS_OWNER=true $BIN/python -m tests.template_db create | tail -n1)
export KAPSTOK_TEST_TEMPLATE
trap 'KAPSTOK_AS_OWNER=true DEBUG=true $BIN/python -m tests.template_db drop' EXIT
echo "== manage.py check"; $BIN/python manage.py check --database default --fail-level WARNING
echo "== makemigrations --check"; KAPSTOK_AS_OWNER=true $BIN/python manage.py makemigrations --check --dry-run
unset DEBUG
# Two workers (pytest-xdist), each with a test database of its own; PYTEST_WORKERS=0 runs in one process.
# worksteal: a worker that runs out takes half of what the other still has queued, so a few long tests
# (the API fuzz halves, the axe sweeps) do not leave one worker waiting at the end.
echo "== pytest"; $BIN/python -m pytest -n "${PYTEST_WORKERS:-2}" --dist worksteal "$@"
