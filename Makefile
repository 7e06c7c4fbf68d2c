# Two commands set everything up on a fresh machine with Python 3.11:
#   make run    install, then run the pipeline DAG once through Airflow on data/inbox
#   make test   install, then run every test
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.installed
# BI drivers bundle a duckdb that lags the releases: the published file must open with one from
# before the 1.2-1.5 storage changes, which tests/test_reader_compat.py finds in this venv.
OLD_DUCKDB := 1.1.3
OLD_READER := $(VENV)/old-reader
OLD_READER_STAMP := $(OLD_READER)/.duckdb-$(OLD_DUCKDB)

# Airflow lives inside the project: SQLite metadata, no Docker, no examples.
export AIRFLOW_HOME := $(CURDIR)/.airflow
export AIRFLOW__CORE__DAGS_FOLDER := $(CURDIR)/dags
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export AIRFLOW__CORE__UNIT_TEST_MODE := False
export REPORTS_CACHE_DIR := $(CURDIR)/.cache
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
# No usage pings from cosmos: the machines reach package registries only.
export AIRFLOW__COSMOS__ENABLE_TELEMETRY := False

.PHONY: install run test test-fast lint lint-python lint-sql eval bench airflow-db constraints clean dashboard airflow

install: $(STAMP) $(OLD_READER_STAMP)

# pip's own chatter (and a machine's index warnings) goes to a log; a failure shows its end.
INSTALL_LOG := $(VENV)/install.log
QUIETLY = >>$(INSTALL_LOG) 2>&1 || { tail -n 40 $(INSTALL_LOG); exit 1; }

$(OLD_READER_STAMP): $(UV) | $(STAMP)
	@echo "installing duckdb $(OLD_DUCKDB) into $(OLD_READER) for the old-reader test (log: $(INSTALL_LOG))"
	@rm -rf $(OLD_READER) && $(PYTHON) -m venv --without-pip $(OLD_READER)
	@$(UV) pip install --python $(OLD_READER)/bin/python duckdb==$(OLD_DUCKDB) $(QUIETLY)
	@touch $@

# uv installs the pins of requirements.txt and constraints.txt in a quarter of pip's time (16 s
# against 67 s for the same packages on a fresh machine; bytecode compiled up front, as pip does).
# It reads PyPI, or UV_INDEX_URL / UV_EXTRA_INDEX_URL, not pip's configuration files; it is itself
# installed from PyPI into the venv by the venv's pip.
UV_VERSION := 0.13.10
UV := $(BIN)/uv
UV_INSTALL = $(UV) pip install --python $(BIN)/python --compile-bytecode

$(UV):
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON) on PATH (or make PYTHON=...)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install uv==$(UV_VERSION) $(QUIETLY)

$(STAMP): requirements.txt constraints.txt pyproject.toml $(UV)
	@echo "installing the pinned packages into $(VENV) (under a minute the first time; log: $(INSTALL_LOG))"
	@$(UV_INSTALL) -r requirements.txt -c constraints.txt $(QUIETLY)
	@$(UV_INSTALL) --no-deps -e . $(QUIETLY)
	@touch $(STAMP)

airflow-db: $(STAMP)
	@mkdir -p $(AIRFLOW_HOME)
	@$(BIN)/airflow db migrate >$(AIRFLOW_HOME)/migrate.log 2>&1 || { tail -n 40 $(AIRFLOW_HOME)/migrate.log; exit 1; }

# Stage by stage with counts, then the summary; VERBOSE=1 shows Airflow's, dbt's and GX's full log.
run: airflow-db
	@$(BIN)/python -m extract dag $(if $(VERBOSE),-v)

# The dashboard on the published warehouse (REPORTS_WAREHOUSE, else warehouse/reports.duckdb),
# on this machine only (it prints the URL; Ctrl-C stops it); DASHBOARD_PORT=8502 for another port.
DASHBOARD_PORT ?= 8501
dashboard: $(STAMP)
	$(BIN)/python -m dashboard --port $(DASHBOARD_PORT)

# Airflow's UI with the DAG, in .airflow/ (SQLite) and on this machine only: it prints the URL and the
# login, keeps the components' output in .airflow/logs/; Ctrl-C stops it. AIRFLOW_PORT=8081 for another port.
AIRFLOW_PORT ?= 8080
airflow: $(STAMP)
	@$(BIN)/python -m extract.airflow_ui --port $(AIRFLOW_PORT) --home $(AIRFLOW_HOME)

# One worker per core, a worker taking a waiting test from the other's queue when its own runs dry:
# most of the long tests wait on Airflow, dbt or a server rather than compute.
test: install
	$(BIN)/python -m pytest -n auto --dist worksteal

# Pure functions and one run end to end, in under two minutes: the tier to run while editing.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not integration or smoke"

# Every linter, clean before a commit: the Python (ruff) and the SQL of the dbt models.
lint: lint-python lint-sql

# The Python against pyproject.toml's [tool.ruff].
lint-python: $(STAMP)
	$(BIN)/ruff check .

# The dbt models against .sqlfluff (dialect duckdb, jinja templater: offline, no database).
lint-sql: $(STAMP)
	$(BIN)/sqlfluff lint dbt_project/models

# Extraction accuracy against the gold fixtures: per report, overall and per field.
eval: $(STAMP)
	$(BIN)/python -m extract.evaluate

# Synthetic corpora of 100, 1,000 and 10,000 reports through the pipeline, plus the incremental
# runs and the segmentation floor: bench/results/latest.json and latest.md (BENCH_SIZES="100 1000").
# Then 10,000 of them through the DAG's mapped parse tasks on a local Celery cluster (one worker,
# then two) beside the CLI's parse: celery.json and celery.md. BENCH_CASES=celery runs that alone.
BENCH_CASES ?= pipeline celery
bench: $(STAMP)
	$(if $(filter pipeline,$(BENCH_CASES)),$(BIN)/python -m bench $(if $(BENCH_SIZES),--sizes $(BENCH_SIZES)))
	$(if $(filter celery,$(BENCH_CASES)),$(BIN)/python -m bench --celery $(if $(BENCH_SIZES),--sizes $(BENCH_SIZES)))

# Refreeze the full dependency tree after changing requirements.txt.
constraints:
	rm -rf /tmp/constraints-venv && $(PYTHON) -m venv /tmp/constraints-venv
	/tmp/constraints-venv/bin/pip install --quiet -r requirements.txt
	{ echo "# Generated by 'make constraints' from a clean install of requirements.txt; do not edit by hand."; \
	  /tmp/constraints-venv/bin/pip freeze; } > constraints.txt

clean:
	rm -rf warehouse .airflow .cache $(VENV) dbt_project/target dbt_project/logs
