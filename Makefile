# Starlight: `make run` serves the site, `make test` checks it (lint, import layers, migrations, tests). Both work on a fresh machine
# that has python3 and make; everything else is installed into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run test lint format deps test-deps clean audit bench faults

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files make a second run skip the install unless the requirements changed.
$(VENV)/.deps: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-deps: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

deps: $(VENV)/.deps

test-deps: $(VENV)/.deps $(VENV)/.test-deps

run: deps
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py refresh_renditions
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo ""
	@echo "Starlight is starting on http://127.0.0.1:$(PORT)/ (with a background worker for imports started in the admin)"
	@echo "To get into the admin (http://127.0.0.1:$(PORT)/admin/), create an account in another shell:"
	@echo "    $(BIN)/python manage.py createsuperuser"
	@echo ""
	DJANGO_DEBUG=0 $(BIN)/gunicorn --config gunicorn.conf.py

lint: test-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: test-deps
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	DJANGO_SETTINGS_MODULE=starlight.settings_test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

# Serve the site with demo content on a free port and audit it: Lighthouse, axe-core and the Nu HTML
# Checker, English and Korean (see audit/README.md). Needs Chromium, Java and npm; installs nothing else system-wide.
audit: deps
	audit/run.sh

# Every public page under load, cold and warm, on a generated data set in a database of its own
# (bench/site_bench.py); e.g. `make bench BENCH="--db postgres"` or `make bench BENCH=--quick`.
bench: deps
	$(BIN)/python bench/site_bench.py $(BENCH)

faults: deps
	$(BIN)/python bench/faults.py $(FAULTS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
