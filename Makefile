# The README's commands: `make run` serves the app with the demo case, `make test` runs every test.
# Each does all set-up from a fresh clone.

SHELL := /bin/bash
PY_VERSION := $(shell cat .python-version)
PYENV_ROOT ?= $(shell pyenv root 2>/dev/null || echo $(HOME)/.pyenv)
PYTHON ?= $(firstword $(wildcard $(PYENV_ROOT)/versions/$(PY_VERSION)*/bin/python3) \
	$(shell command -v python$(PY_VERSION) 2>/dev/null))
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup lint format browser clean

$(BIN)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python $(PY_VERSION) not found (pyenv install $(PY_VERSION))"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

setup: $(BIN)/.installed node_modules/.installed

run: export DJANGO_DEBUG ?= true
run: setup
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py create_demo_users --host $(HOST) --port $(PORT)
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Browser tests need Debian's chromium; install it when missing (never a downloaded browser).
# Outside CI a machine that cannot install it still runs every other test (browser ones skip).
browser:
	@command -v chromium >/dev/null || { \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 || \
		{ apt-get update >/dev/null && apt-get install -y --no-install-recommends chromium; } || \
		{ [ -z "$$CI" ] && echo "chromium could not be installed: browser tests will be skipped"; }; }

test: setup browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)
	node --test --test-reporter=dot tests/grading/

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules staticfiles

# `make bench`: the load benchmark (README's "Load benchmark"; bench/README.md). It starts its
# own PostgreSQL, Redis and gunicorn and stops them. Options: BENCH_ARGS="--learners 500".
.PHONY: bench
$(BIN)/.bench-installed: $(BIN)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	@touch $@

bench: setup $(BIN)/.bench-installed
	@command -v wrk >/dev/null && command -v redis-server >/dev/null || { \
		echo "Installing Debian's wrk and redis-server for the benchmark"; \
		apt-get install -y --no-install-recommends wrk redis-server >/dev/null 2>&1 || \
		{ apt-get update >/dev/null && \
		  apt-get install -y --no-install-recommends wrk redis-server; }; }
	$(BIN)/python bench/run.py $(BENCH_ARGS)
