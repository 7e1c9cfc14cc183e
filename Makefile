# Partnership Coach. `make chat` and `make test` set up everything they need.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2
export PIP_DISABLE_PIP_VERSION_CHECK := 1

ENGINE_VENV := .venv-engine
APP_VENV := .venv
TOOLS_VENV := .venv-tools
UV := $(TOOLS_VENV)/bin/uv pip compile --quiet --generate-hashes
RASA := $(ENGINE_VENV)/bin/rasa
COACH := $(APP_VENV)/bin/coach
PYTEST := $(APP_VENV)/bin/pytest

.PHONY: help setup chat up test test-fast lint test-tools validate train eval bench images lock audit clean

help:
	@echo "make chat      set up, train if needed, and chat with the coach in the terminal"
	@echo "make test      set up, train if needed, and run every test"
	@echo "make test-fast the linter and the unit layer only (no model, no running engine): under a minute"
	@echo "make up        run engine + action server (+ Slack app when tokens are set)"
	@echo "make validate  rasa data validate"
	@echo "make eval      NLU evaluation on the held-out set"
	@echo "make bench     benchmarks into bench/report.md"
	@echo "make images    build the engine and app Docker images (needs a Docker engine)"
	@echo "make lock      compile requirements/*.in into hashed locks"
	@echo "make audit     check the locks for known vulnerabilities (see requirements/advisories.md)"

# Each virtualenv is rebuilt only when its locks change; every package is checked
# against the lock's hashes. The engine stays on Python 3.10 (Rasa 3.6 runs on nothing
# newer); our own code runs on a supported Python (3.12, else 3.11).
$(ENGINE_VENV)/.installed: requirements/engine.txt
	@echo "Setting up the engine: Python 3.10 and Rasa in $(ENGINE_VENV) (a few minutes the first time)..."
	@PY=$$(scripts/find-python 3.10) || exit 1; \
	rm -rf $(ENGINE_VENV) && $$PY -m venv $(ENGINE_VENV)
	@$(ENGINE_VENV)/bin/pip install --quiet --upgrade pip==24.0
	@$(ENGINE_VENV)/bin/pip install --quiet --require-hashes -r requirements/engine.txt
	@touch $@

$(APP_VENV)/.packages: requirements/app.txt requirements/test.txt
	@echo "Setting up the app: Python 3.12 (or 3.11) and its packages in $(APP_VENV)..."
	@PY=$$(scripts/find-python 3.12 3.11) || exit 1; \
	rm -rf $(APP_VENV) && $$PY -m venv $(APP_VENV)
	@$(APP_VENV)/bin/pip install --quiet --upgrade pip==24.0
	@$(APP_VENV)/bin/pip install --quiet --require-hashes -r requirements/app.txt -r requirements/test.txt
	@touch $@

# Our own package, editable: reinstalled (seconds) when pyproject.toml changes, without
# rebuilding the virtualenv for a change to, say, the linter's settings.
$(APP_VENV)/.installed: $(APP_VENV)/.packages pyproject.toml
	@$(APP_VENV)/bin/pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

# The lock compiler and the auditor, apart from what they check.
$(TOOLS_VENV)/.installed: requirements/tools.in
	@PY=$$(scripts/find-python 3.12 3.11) || exit 1; \
	rm -rf $(TOOLS_VENV) && $$PY -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/pip install --quiet -r requirements/tools.in
	touch $@

setup: $(ENGINE_VENV)/.installed $(APP_VENV)/.installed

train: setup
	@$(COACH) train

chat: train
	@$(COACH) chat

up: train
	$(COACH) up

validate: setup
	$(RASA) data validate --domain nlu/domain.yml --data nlu/data --config config.yml --fail-on-warnings

# Debian packages some tests drive: chromium for the health check page's browser test,
# haproxy for the load balancer's. Installed where this machine can (root with apt);
# elsewhere those tests skip and say why.
DEBIAN_TEST_TOOLS := chromium chromium-driver haproxy
test-tools:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null && command -v haproxy >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing $(DEBIAN_TEST_TOOLS) for the browser and load balancer tests..."; \
	    apt-get install -y -qq $(DEBIAN_TEST_TOOLS) >/dev/null 2>&1 || \
	    { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq $(DEBIAN_TEST_TOOLS) >/dev/null 2>&1; } || \
	    echo "Could not install them: the browser and load balancer tests will skip and say why."; \
	  else echo "Not root with apt: the browser and load balancer tests skip unless $(DEBIAN_TEST_TOOLS) are installed."; fi; }

test: train test-tools lint
	$(PYTEST) -q

# The unit layer: everything not marked integration (tests/integration/, Rasa's own checks,
# the NLU scores), one worker per core.
test-fast: setup lint
	$(PYTEST) -q -m "not integration" -n auto

# ruff, then the import contracts in pyproject.toml (layers that only point down).
lint: $(APP_VENV)/.installed
	$(APP_VENV)/bin/ruff check bot tests bench scripts
	$(APP_VENV)/bin/lint-imports

eval: setup
	$(APP_VENV)/bin/python -m bot.evaluation

# Compile the *.in files into hashed locks; pins already in a lock are kept unless
# `make lock UPGRADE=--upgrade`.
lock: $(TOOLS_VENV)/.installed
	cd requirements && ../$(UV) $(UPGRADE) --python-version 3.10 engine.in -o engine.txt
	cd requirements && ../$(UV) $(UPGRADE) --python-version 3.12 app.in -o app.txt
	cd requirements && ../$(UV) $(UPGRADE) --python-version 3.12 test.in -o test.txt

audit: $(TOOLS_VENV)/.installed
	$(TOOLS_VENV)/bin/python scripts/audit.py requirements/engine.txt requirements/app.txt requirements/test.txt

clean:
	rm -rf $(ENGINE_VENV) $(APP_VENV) $(TOOLS_VENV) models

bench: train
	$(APP_VENV)/bin/python -m bench.run

# The engine and app images; PYTHON_IMAGE=... to use another base (see scripts/local-python-base).
images:
	scripts/build-images "$(PYTHON_IMAGE)" "$(APP_PYTHON_IMAGE)"
