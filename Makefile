# Kapstok: `make run` serves the demo, `make test` runs every check. Both set everything up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DB := $(BIN)/python -m lib.dbserver run --
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: run test setup migrate demo lint typecheck check pytest bench vendor clean stop-db

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

setup: $(BIN)/.installed

run: setup
	$(DB) $(BIN)/python -m lib.devserver --port $(PORT)

test: setup
	$(DB) bash scripts/test.sh

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(DB) $(BIN)/mypy .

bench: setup
	$(DB) $(BIN)/python bench/run.py

vendor:
	bash scripts/refresh-vendor.sh

stop-db: setup
	$(BIN)/python -m lib.dbserver stop

clean: stop-db
	rm -rf $(VENV) var
