# Programme Advisor. `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_VERSION := 3.11
VENV := .venv
PY := $(VENV)/bin/python
ADVISOR := $(VENV)/bin/advisor
UV := $(shell command -v uv 2>/dev/null || echo "python$(PYTHON_VERSION) -m uv")
KB_DB ?= knowledge.db

# No outbound traffic from anything the project runs.
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONWARNINGS := ignore::DeprecationWarning
export SQLALCHEMY_SILENCE_UBER_WARNING := 1


.PHONY: help install web-assets kb nlu-data train validate lint format test test-fast run shell review bench eval-answers soak browser-deps clean

help: ## List every target
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

install: $(VENV)/.installed web-assets ## Create .venv from requirements.lock and the chat page's assets (fast when nothing changed)

# requirements.lock pins the runtime dependencies and the `test` extra (pytest, ruff, …) alike.
$(VENV)/.installed: requirements.lock pyproject.toml
	@command -v uv >/dev/null 2>&1 || python$(PYTHON_VERSION) -m uv --version >/dev/null 2>&1 \
		|| python$(PYTHON_VERSION) -m pip install --quiet uv
	@test -x $(PY) || $(UV) venv $(VENV) --python python$(PYTHON_VERSION) --quiet
	$(UV) pip sync --python $(PY) --quiet requirements.lock
	$(UV) pip install --python $(PY) --quiet --no-deps -e .
	@touch $@

lock: ## Re-resolve pyproject.toml (runtime + test extra) into requirements.lock (name==version lines)
	$(UV) pip compile pyproject.toml --extra test -o requirements.lock --python-version $(PYTHON_VERSION) --no-header --quiet

web-assets: $(VENV)/.installed ## Install the chat page's socket.io client (npm ci in bot/web → static/vendor)
	$(ADVISOR) web assets

kb: install ## Build knowledge.db from knowledge/sources/ (refuses a page whose check has errors unless KB_FORCE=1)
	$(ADVISOR) kb build --db $(KB_DB)

nlu-data: kb ## Generate programme synonyms and lookup tables from the knowledge base
	$(ADVISOR) nlu-data --db $(KB_DB)

train: nlu-data ## Train the Rasa model when data, config, domain or knowledge base changed
	$(ADVISOR) train

validate: nlu-data ## rasa data validate
	$(VENV)/bin/rasa data validate --fail-on-warnings

lint: install ## ruff check and format check, and the import layering (lint-imports)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: install ## Apply ruff fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

browser-deps: ## Install Debian's Chromium and ChromeDriver for the browser test (root)
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; }

test: install lint train browser-deps ## Install and run the whole suite (what .ci/run calls)
	$(VENV)/bin/pytest

test-fast: install ## Unit tests only (no servers, no training)
	$(VENV)/bin/pytest -m "not slow"

run: train ## Start actions, Rasa (REST + socket.io) and the chat page; Ctrl-C stops all
	$(ADVISOR) run

shell: train ## Staff: chat in the terminal against the same model and actions
	$(ADVISOR) shell

review: install ## Analysts: write the HTML transcript report
	$(ADVISOR) transcripts report --html reports/transcripts.html

bench: train ## Accuracy and speed benchmark; writes bench/results.json and bench/report.md
	$(PY) -m bench.run

SPLIT ?= dev
eval-answers: train ## Score the student question bank (SPLIT=dev|test) end to end; prints every failure
	$(PY) -m bench.answers --split $(SPLIT)

SOAK_STUDENTS ?= 50
SOAK_MESSAGES ?= 10000
SOAK_FUZZ ?= 10000
SOAK_TIMEOUT ?= 3600
soak: train ## Soak advisor run: 50 students, 10,000 messages, action server and Rasa killed -9 midway, 10,000 random strings; fails on any loss
	$(PY) -m loadtest soak --students $(SOAK_STUDENTS) --messages $(SOAK_MESSAGES) --fuzz $(SOAK_FUZZ) --timeout $(SOAK_TIMEOUT)

clean: ## Remove built artefacts (models, knowledge.db, logs)
	rm -rf models $(KB_DB) logs .pytest_cache

# Scale-out profile (PostgreSQL, Redis, RabbitMQ, nginx): run-scale, test-scale.
include scale.mk
