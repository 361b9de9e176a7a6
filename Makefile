# Starlight: `make run` serves the site, `make test` checks it (lint, import layers, migrations, tests). Both work on a fresh machine
# that has python3 and make; everything else is installed into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run test lint format deps test-deps lock clean audit bench faults screenshots

# pip itself is pinned too (pip-tools supports only some pip releases).
PIP_PIN := pip==26.3

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet $(PIP_PIN)

# requirements.txt and requirements-test.txt are locks (`make lock` writes them): every package, pinned,
# with its hashes, so the venv gets exactly those files. Stamp files make a second run skip the install
# unless a lock changed.
$(VENV)/.deps: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(VENV)/.test-deps: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-test.txt
	touch $@

deps: $(VENV)/.deps

test-deps: $(VENV)/.deps $(VENV)/.test-deps

# Recompile the locks from requirements.in and requirements-test.in (the packages we name, pinned) after
# editing either; `make lock LOCK_ARGS=--upgrade` also moves what they pull in to the newest releases.
# pip-tools runs from a venv of its own inside .venv, so the project's venv holds only the lock.
PIP_TOOLS := pip-tools==7.7.0
LOCK_VENV := $(VENV)/pip-tools
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes \
	--strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links $(LOCK_ARGS)

lock:
	test -x $(LOCK_VENV)/bin/python || $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet $(PIP_PIN) $(PIP_TOOLS)
	$(PIP_COMPILE) --output-file=requirements.txt requirements.in
	$(PIP_COMPILE) --output-file=requirements-test.txt requirements-test.in

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

# Every public page under load, cold and warm, then many addresses under edits, on a generated data set in a
# database of its own (bench/site_bench.py, bench/traffic.py); e.g. `make bench BENCH="--db postgres"` or
# `make bench BENCH=--quick`.
bench: deps
	$(BIN)/python bench/site_bench.py $(BENCH)

faults: deps
	$(BIN)/python bench/faults.py $(FAULTS)

# Each main admin screen at 1440 px and 390 px into docs/screenshots/, from a throwaway demo site
# (bench/admin_screenshots.py). Needs Debian's Chromium, as the browser tests do.
screenshots: test-deps
	$(BIN)/python -m bench.admin_screenshots

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
