# Partnership Coach. `make chat` and `make test` set up everything they need.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2
export PIP_DISABLE_PIP_VERSION_CHECK := 1

ENGINE_VENV := .venv-engine
APP_VENV := .venv
RASA := $(ENGINE_VENV)/bin/rasa
COACH := $(APP_VENV)/bin/coach
PYTEST := $(APP_VENV)/bin/pytest

.PHONY: help setup chat up test validate train eval bench images lock clean

help:
	@echo "make chat      set up, train if needed, and chat with the coach in the terminal"
	@echo "make test      set up, train if needed, and run every test"
	@echo "make up        run engine + action server (+ Slack app when tokens are set)"
	@echo "make validate  rasa data validate"
	@echo "make eval      NLU evaluation on the held-out set"
	@echo "make bench     benchmarks into bench/report.md"
	@echo "make images    build the engine and app Docker images (needs a Docker engine)"
	@echo "make lock      regenerate the pinned requirement files"

# Each virtualenv is rebuilt only when its pinned requirement file changes.
$(ENGINE_VENV)/.installed: requirements/engine.txt
	@PY310=$$(scripts/find-python310) || exit 1; \
	rm -rf $(ENGINE_VENV) && $$PY310 -m venv $(ENGINE_VENV)
	$(ENGINE_VENV)/bin/pip install --quiet --upgrade pip==24.0
	$(ENGINE_VENV)/bin/pip install --quiet -r requirements/engine.txt
	touch $@

$(APP_VENV)/.installed: requirements/app.txt pyproject.toml
	@PY310=$$(scripts/find-python310) || exit 1; \
	rm -rf $(APP_VENV) && $$PY310 -m venv $(APP_VENV)
	$(APP_VENV)/bin/pip install --quiet --upgrade pip==24.0
	$(APP_VENV)/bin/pip install --quiet -r requirements/app.txt
	$(APP_VENV)/bin/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

setup: $(ENGINE_VENV)/.installed $(APP_VENV)/.installed

train: setup
	$(COACH) train

chat: train
	$(COACH) chat

up: train
	$(COACH) up

validate: setup
	$(RASA) data validate --domain nlu/domain.yml --data nlu/data --config config.yml --fail-on-warnings

test: train
	$(PYTEST) -q

eval: setup
	$(APP_VENV)/bin/python -m bot.evaluation

lock: setup
	$(ENGINE_VENV)/bin/pip freeze > requirements/engine.txt
	$(APP_VENV)/bin/pip freeze --exclude-editable > requirements/app.txt

clean:
	rm -rf $(ENGINE_VENV) $(APP_VENV) models

bench: train
	$(APP_VENV)/bin/python -m bench.run

# The engine and app images; PYTHON_IMAGE=... to use another base (see scripts/local-python-base).
images:
	scripts/build-images $(PYTHON_IMAGE)
