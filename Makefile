# CAS Assessment: `make run` serves the demo on SQLite, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Language of the demo's typed answers and centre names: es (default) or en.
DEMO_LANGUAGE ?= es
STAMP := $(VENV)/.installed

.PHONY: install run test lint format check audit messages clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: install
	DEBUG=true $(PY) manage.py migrate --no-input
	DEBUG=true $(PY) manage.py seed_demo --language $(DEMO_LANGUAGE)
	@echo ""
	@echo "CAS Assessment: http://$(HOST):$(PORT)/  (log in with one of the logins above; Ctrl-C stops it)"
	@echo "CAS Assessment: http://$(HOST):$(PORT)/  (entre con uno de los usuarios de arriba; Ctrl-C la detiene)"
	@# The export worker runs beside the server: Ctrl-C stops both (and the worker stops
	@# whenever the server does).
	DEBUG=true $(PY) manage.py cleanup_exports
	@DEBUG=true $(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

check: install
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	DEBUG=true $(PY) manage.py check

audit: install
	.ci/audit

# Re-extract the Spanish catalogues and compile them (needs GNU gettext); translate what is new.
messages: install
	.ci/messages update

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
