# The front door: `make run` starts the product on its embedded default, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-fast install lock lint check openapi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Exactly the versions in requirements-dev.lock, each checked against its hash, then the project itself
# (editable, no dependencies of its own: the lock has them all).
$(VENV)/.installed: pyproject.toml requirements-dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --no-deps -e .
	touch $@

install: $(VENV)/.installed

# Resolve pyproject.toml again, for every platform, with hashes: requirements.lock (what production
# installs) and requirements-dev.lock (the same versions plus the dev group). Run it after changing any
# dependency, and commit both files. Pins already in the files are kept where they still fit;
# `make lock LOCK_ARGS=--upgrade` moves every package to its newest allowed version. uv resolves; pip installs.
UV_VERSION := 0.13.9
LOCK_ARGS ?=
UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.13 --generate-hashes --quiet
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"
	$(UV_COMPILE) $(LOCK_ARGS) -o requirements.lock
	$(UV_COMPILE) $(LOCK_ARGS) --group dev -c requirements.lock -o requirements-dev.lock

# Extra pytest arguments, e.g. `make test PYTEST_ARGS="-x tests/tickets"`.
PYTEST_ARGS ?=

# The suite runs on PostgreSQL and Redis (what production runs on); by default the local servers.
TEST_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/mieterportal)
TEST_REDIS_URL ?= $(or $(REDIS_URL),redis://127.0.0.1:6379/15)

test: install
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(BIN)/python -m pytest $(PYTEST_ARGS)

# Everything but the browser, worker-process and PDF tests, on every core (pytest-xdist): each worker gets
# its own test database (test_mieterportal_gw0, ...) and Redis db (15, 14, ...; see tests/conftest.py).
# The test databases are built anew each run: a kept one would have lost the rows data migrations seed
# (roles, retention rules), because transactional tests flush every table when they end.
test-fast: install
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(BIN)/python -m pytest \
		-m "not browser and not worker and not pdf" -n auto $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

check: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# Ctrl-C reaches make, its shell and honcho at once: honcho stops the three processes, and the shell
# ignores the interrupt (`trap :`) so that it can turn honcho's 130 into a clean end instead of an error.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	trap : INT; $(BIN)/honcho start -f Procfile.dev || test $$? -eq 130

# The exchange API's OpenAPI document, generated from the code and committed (api/openapi.json);
# tests/api/test_openapi_document.py fails when the two disagree.
openapi: install
	$(BIN)/python manage.py openapi
