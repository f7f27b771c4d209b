# Pathways: `make run` serves the demo, `make test` runs the whole suite.
# Both build the virtual environment in .venv through `make setup`, which installs
# requirements.lock (every package pinned, with hashes); `make lock` recompiles the locks from
# requirements.txt and requirements-dev.txt.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PYTEST_ARGS ?=
# pip-compile lives in its own virtual environment: a tool for maintainers, not a dependency.
TOOLS := .venv-tools
PIP_TOOLS := pip-tools==7.7.0
# Extra pip-compile options, e.g. LOCK_ARGS="--upgrade-package django" or LOCK_ARGS=--upgrade.
LOCK_ARGS ?=
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(TOOLS)/bin/pip-compile --quiet \
	--generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	--no-emit-trusted-host --no-emit-find-links $(LOCK_ARGS)

.PHONY: setup setup-dev system-deps run demo test lint bench load lock mutation clean screenshots

setup: $(VENV)/.runtime-installed

$(VENV)/.runtime-installed: requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

setup-dev: setup $(VENV)/.dev-installed

$(VENV)/.dev-installed: requirements-dev.lock requirements.lock
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

# The runtime lock first, then the dev lock constrained by it, so both pin the same versions.
# Pins already in a lock are kept unless a source changed or LOCK_ARGS asks for an upgrade.
lock: $(TOOLS)/.installed
	$(PIP_COMPILE) --output-file requirements.lock requirements.txt
	$(PIP_COMPILE) --constraint requirements.lock --output-file requirements-dev.lock \
		requirements-dev.txt

$(TOOLS)/.installed:
	test -x $(TOOLS)/bin/python || $(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet $(PIP_TOOLS)
	touch $@

# Fonts for PDF factsheets in every program language, and Chromium for browser tests.
system-deps:
	@scripts/system-deps.sh

# The casework master key is created under var/ once (development only; production is given
# its file, docs/casework.md), after the migrations so that the data keys of the countries
# PATHWAYS_CASEWORK_COUNTRIES names are made too. load_demo adds the casework demo.
demo: setup system-deps
	$(MANAGE) migrate --noinput
	$(MANAGE) casework_keys init
	$(MANAGE) casework_domain_sets load --all
	$(MANAGE) load_demo

# One command: a worker for background jobs (large imports) and the scheduler of periodic
# commands (purge_uploads, ...) start beside the development server and stop with it. Ctrl-C
# reaches runserver; the shell's trap then stops the other two (a background process of a
# non-interactive shell ignores Ctrl-C itself).
# `make run PORT=8001` serves on another port; RUN_ADDR sets the whole address.
PORT ?= 8000
RUN_ADDR ?= 127.0.0.1:$(PORT)
run: demo
	@$(MANAGE) demo_logins --address $(RUN_ADDR)
	@$(MANAGE) db_worker --no-reload --verbosity 0 & worker=$$!; \
	$(MANAGE) scheduler --verbosity 0 & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null; wait $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	echo "A worker for background jobs (process $$worker) and the scheduler of periodic commands (process $$scheduler) are running beside the server."; \
	$(MANAGE) runserver $(RUN_ADDR)

test: setup-dev system-deps
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

# The README's pictures (docs/screenshots/), taken from the demo with the tests' browser.
screenshots: setup-dev system-deps
	$(BIN)/python -m pytest tests/browser/screenshots.py -q -p no:cacheprovider

lint:
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/ruff format --check .

# BENCH_ARGS passes options on, e.g. BENCH_ARGS="--only dedup" runs the de-duplication
# benchmark alone; the others keep their last results in docs/performance.md.
bench: setup-dev
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# 50 clients for 60 s on gunicorn with PostgreSQL, into its own demo database (pw_load, or
# LOAD_DATABASE_URL); the figures go to docs/performance.md. Fails on any error.
load: setup
	$(BIN)/python bench/load_run.py

# Mutation testing (docs/testing.md): mutmut changes the modules listed under [tool.mutmut] in
# pyproject.toml one small change at a time and runs the tests that cover each change. Slow, so
# not part of `make test` or CI. MUTANTS narrows a run to one module, e.g.
# `make mutation MUTANTS='pathways.lib.rounding.*'`; results stay in mutants/ (not in git).
MUTANTS ?=
MUTATION_JOBS ?= 1
mutation: setup-dev
	$(BIN)/mutmut run --max-children $(MUTATION_JOBS) $(if $(MUTANTS),'$(MUTANTS)')
	$(BIN)/mutmut results | grep -v ': not checked$$' || true

clean:
	rm -rf $(VENV) $(TOOLS) var/static mutants
