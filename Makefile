# Pathways: `make run` serves the demo, `make test` runs the whole suite.
# Both build the virtual environment in .venv through `make setup`.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PYTEST_ARGS ?=

.PHONY: setup setup-dev system-deps run demo test lint bench load clean

setup: $(VENV)/.runtime-installed

$(VENV)/.runtime-installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

setup-dev: setup $(VENV)/.dev-installed

$(VENV)/.dev-installed: requirements-dev.txt requirements.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# Fonts for PDF factsheets in every program language, and Chromium for browser tests.
system-deps:
	@scripts/system-deps.sh

demo: setup system-deps
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo

run: demo
	@$(MANAGE) demo_logins
	$(MANAGE) runserver 127.0.0.1:8000

test: setup-dev system-deps
	$(BIN)/ruff check .
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup-dev
	$(BIN)/python bench/run.py

# 50 clients for 60 s on gunicorn with PostgreSQL, into its own demo database (pw_load, or
# LOAD_DATABASE_URL); the figures go to docs/performance.md. Fails on any error.
load: setup
	$(BIN)/python bench/load_run.py

clean:
	rm -rf $(VENV) var/static
