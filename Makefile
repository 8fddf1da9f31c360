# The two commands: `make run` and `make test`. Everything else is what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHECKOV_VENV := .venv-checkov
export REFLEX_USE_NPM := 1
export REFLEX_TELEMETRY_ENABLED := false

.PHONY: run dev test test-fast bench lint mcp migrate clean axe nginx topology-up topology-down

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade --quiet pip

# What `make run` needs (the app); re-run when pyproject.toml changes.
$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[app]"
	touch $@

# What `make test` needs (the app and the test tools).
$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[app,dev]"
	touch $@ $(VENV)/.installed-app

# checkov pins old packaging, so it lives in its own venv.
$(CHECKOV_VENV)/.installed:
	$(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/pip install --quiet checkov
	touch $@

migrate: $(VENV)/.installed-app
	$(BIN)/todo-admin migrate

## Start the app as production runs it (MCP server, backend, static frontend) on SQLite.
run: $(VENV)/.installed-app
	$(BIN)/python -m todo_reflex.runner

## The same with `reflex run` (hot reload) instead of the production build.
dev: $(VENV)/.installed-app
	$(BIN)/python -m todo_reflex.runner --dev

## Install everything the tests need and run them.
test: $(VENV)/.installed-dev $(CHECKOV_VENV)/.installed chromium axe nginx
	CHECKOV_BIN=$(abspath $(CHECKOV_VENV))/bin/checkov $(BIN)/python -m pytest $(PYTEST_ARGS)

# axe-core for the accessibility test (tests/web/test_quality.py), from npm with the venv's Node.
AXE_VERSION := 4.10.3
$(VENV)/axe/node_modules/axe-core/axe.min.js: | $(VENV)/.installed-dev
	$(BIN)/npm install --no-save --no-audit --no-fund --silent --prefix $(VENV)/axe axe-core@$(AXE_VERSION)

axe: $(VENV)/axe/node_modules/axe-core/axe.min.js

## The quick loop: everything but the browser and deploy tests.
test-fast: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -n 2 -m "not browser and not deploy and not slow" $(PYTEST_ARGS)

## Speed against real PostgreSQL and Redis: one table, bench/results/latest.json (docs/BENCHMARKS.md).
bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# The browser tests use Debian's Chromium: installed here when missing and allowed (root with
# apt-get, as in CI); otherwise they are skipped, and this says how to get them.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Chromium for the browser tests..."; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || \
	    echo "Could not install Chromium: the browser tests will be skipped."; \
	  else \
	    echo "Chromium is missing, so the browser tests will be skipped. Install it with:"; \
	    echo "  sudo apt-get install -y chromium"; \
	  fi; }

# The topology tests (tests/topology) put Debian's nginx in front, with their own prefix and
# config: installed here like Chromium, else those tests are skipped.
nginx:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { \
	  if [ "$$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing nginx for the topology tests..."; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null || \
	    echo "Could not install nginx: the topology tests will be skipped."; \
	  else \
	    echo "nginx is missing, so the topology tests will be skipped. Install it with:"; \
	    echo "  sudo apt-get install -y nginx"; \
	  fi; }

## The production topology on this machine (nginx TLS ingress, frontend, two backends, MCP,
## PostgreSQL, Redis), in the background; prints the https URL. Stop it with topology-down.
topology-up: $(VENV)/.installed-dev nginx
	$(BIN)/python -m deploy.topology up

topology-down:
	$(BIN)/python -m deploy.topology down

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) $(CHECKOV_VENV) .web .pytest_cache .hypothesis

## Run only the MCP server (for external MCP clients).
mcp: $(VENV)/.installed-app migrate
	$(BIN)/python -m mcp_server
