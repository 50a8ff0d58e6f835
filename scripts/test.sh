#!/usr/bin/env bash
# The whole test command: lint, types, Django checks, migrations, pytest.
# Runs with the database environment set by lib.dbserver (see Makefile).
set -euo pipefail
BIN=.venv/bin
echo "== ruff"; $BIN/ruff check . && $BIN/ruff format --check .
echo "== mypy"; $BIN/mypy .
echo "== migrate (owner role)"; KAPSTOK_AS_OWNER=true $BIN/python manage.py migrate --noinput -v0
echo "== manage.py check"; $BIN/python manage.py check --database default --fail-level WARNING
echo "== makemigrations --check"; KAPSTOK_AS_OWNER=true $BIN/python manage.py makemigrations --check --dry-run
echo "== pytest"; $BIN/python -m pytest "$@"
