# One command runs the portal (`make run`), one runs every test (`make test`). Both install what they need.
SHELL := /bin/bash
VENV ?= .venv
PYTHON_BIN ?= $(shell command -v python3.11 || command -v python3)
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app portal
PYTEST := $(VENV)/bin/pytest
# Test processes per suite (pytest-xdist): one per core. The production stack's tests share one stack and run in order.
TEST_WORKERS ?= auto
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install assets migrate demo chromium nginx lint format test-sqlite test-postgres test-e2e test-stack \
	prod-up prod-down bench bench-edge bench-tools clean

run: install assets migrate demo
	@echo "Starting the portal on http://$(HOST):$(PORT) (Ctrl+C to stop)"
	PORTAL_ENV=development $(FLASK) run --host $(HOST) --port $(PORT)

test: install assets chromium nginx lint test-sqlite test-postgres test-e2e test-stack

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

assets: node_modules/.installed
	npm run --silent build

migrate: install
	PORTAL_ENV=development $(FLASK) db upgrade

demo: install
	PORTAL_ENV=development $(FLASK) demo load

# Browsers cannot be downloaded by Playwright here: use Debian's Chromium.
chromium:
	@command -v chromium >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends chromium)

# nginx for the production stack, from Debian like Chromium.
nginx:
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends nginx)

# The production stack on this machine (deploy/stack.py, docs/deployment.md): nginx with TLS, two gunicorn instances,
# PostgreSQL, Redis, an S3-compatible object store, the outbox sender and a mail server requiring STARTTLS.
prod-up: install assets nginx
	$(PY) -m deploy.stack up

prod-down: install
	$(PY) -m deploy.stack down

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test-sqlite: install assets
	@echo "== unit, integration and architecture tests on SQLite =="
	env -u TEST_DATABASE_URL $(PYTEST) -n $(TEST_WORKERS) tests

test-postgres: install assets
	@echo "== unit, integration and architecture tests on PostgreSQL =="
	@if $(PY) scripts/db_reachable.py "$(TEST_DATABASE_URL)"; then \
		TEST_DATABASE_URL="$(TEST_DATABASE_URL)" $(PYTEST) -n $(TEST_WORKERS) tests; \
	else \
		echo ""; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
		echo "!! PostgreSQL is NOT reachable at $(TEST_DATABASE_URL)"; \
		echo "!! The PostgreSQL test run was SKIPPED. Set TEST_DATABASE_URL to run it."; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
		echo ""; \
	fi

test-e2e: install assets chromium
	@echo "== browser tests in Chromium =="
	env -u TEST_DATABASE_URL $(PYTEST) -n $(TEST_WORKERS) e2e

test-stack: install assets chromium nginx
	@echo "== the production stack in Chromium over https =="
	@if missing=$$($(PY) -m deploy.stack check 2>&1); then \
		env -u TEST_DATABASE_URL $(PYTEST) e2e_stack; \
	else \
		echo ""; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
		echo "!! $$missing"; \
		echo "!! The production stack test run was SKIPPED."; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
		echo ""; \
	fi

# Benchmarks (not tests): the public pages, then the final submission on SQLite and on PostgreSQL, each against a bare
# Flask app in the same run (docs/performance.md). BENCH_ARGS passes options to each, e.g. BENCH_ARGS="--runs 5".
BENCH_DATABASE_URL ?= $(TEST_DATABASE_URL)
BENCH_ARGS ?=

bench: install assets bench-tools
	$(PY) benchmarks/public_pages.py $(BENCH_ARGS)
	$(PY) benchmarks/submit.py $(BENCH_ARGS)
	$(PY) benchmarks/check_answers.py $(BENCH_ARGS)
	@if $(PY) scripts/db_reachable.py "$(BENCH_DATABASE_URL)"; then \
		$(PY) benchmarks/submit.py --database-url "$(BENCH_DATABASE_URL)" $(BENCH_ARGS); \
	else \
		echo "!! PostgreSQL is NOT reachable at $(BENCH_DATABASE_URL): the PostgreSQL submission benchmark was SKIPPED."; \
	fi

# The public pages through the production stack's nginx cache, against the bare app served directly (it starts a stack
# unless `make prod-up` left one running).
bench-edge: install assets bench-tools nginx
	$(PY) benchmarks/edge_cache.py $(BENCH_ARGS)

# wrk, the load generator, from Debian's packages.
bench-tools:
	@command -v wrk >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends wrk)

clean:
	rm -rf $(VENV) node_modules portal/static/dist .pytest_cache .ruff_cache
