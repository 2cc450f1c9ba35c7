# Two commands on a fresh machine: `make run` and `make test`. Everything installs from requirements.lock.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export MUTASI_DATA_DIR ?= $(CURDIR)/data
export DAGSTER_HOME    ?= $(MUTASI_DATA_DIR)/dagster_home

.PHONY: setup run test lint ui docs prepare clean

# pip -qq: errors only. This machine's pip configuration names local index folders that do not exist, and pip
# warns about each for every package (186 lines of a newcomer's `make run`).
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet --quiet --requirement requirements.lock
	$(BIN)/python -m pip install --quiet --quiet --no-deps --editable .
	touch $(STAMP)

setup: $(STAMP)

prepare: setup
	$(BIN)/mutasi prepare

## make run: set up, generate the demo extracts (five founding regions and 6172, two snapshots) if needed, run everything
run: prepare
	$(BIN)/mutasi demo

## make lint: ruff (lint and format) on the Python, sqlfluff on the dbt SQL; configs in pyproject.toml and .sqlfluff
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint dbt_project/models dbt_project/tests dbt_project/macros

## make test: set up, lint, and run the whole test suite
test: prepare lint
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup

## make ui: the Dagster UI and daemon on the same instance as `make run` (http://127.0.0.1:3000)
ui: prepare
	mkdir -p $(DAGSTER_HOME)
	DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS=1 $(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

## make docs: dbt docs (offline) into dbt_project/target
docs: prepare
	cd dbt_project && ../$(BIN)/dbt docs generate --profiles-dir . --static

clean:
	rm -rf data dbt_project/target dbt_project/logs .pytest_cache
