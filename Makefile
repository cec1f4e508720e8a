# Utlysning: `make run` serves the app with demo data, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
PYTEST_ARGS ?=
# pytest-xdist workers: one per core; each gets its own test database (test_utlysning_gw0, …).
PYTEST_WORKERS ?= auto

.DEFAULT_GOAL := help

.PHONY: help install lock run migrate demo test lint format messages db-stop clean bench bench-burst bench-admin

help:
	@echo "make run    install, migrate, load demo data, serve at http://$(HOST):$(PORT) with a worker"
	@echo "make test   lint, format check and the whole test suite (browser tests included)"
	@echo "make bench  load test on loopback with generated awards (own database)"
	@echo "make bench-burst  500 applicants submit within a minute against two web nodes (own database)"
	@echo "make bench-admin  admin and logged-in pages at 1 000 and 100 000 applications (own database)"
	@echo "make lint | format | messages | lock | db-stop | clean"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Development installs requirements/dev.lock: production's pins plus the embedded PostgreSQL,
# the test tools and the linters. Production installs requirements/base.lock only.
$(VENV)/.installed: requirements/dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/dev.lock
	touch $@

install: $(VENV)/.installed

# Pin again after changing pyproject.toml: production first, then dev within production's pins.
PIP_COMPILE = $(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links
lock: install
	$(PIP_COMPILE) -o requirements/base.lock pyproject.toml
	$(PIP_COMPILE) --extra dev --extra embedded -c requirements/base.lock -o requirements/dev.lock pyproject.toml

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

# The web server, one background worker and the scheduler together; Ctrl-C stops all three.
run: demo
	@echo "Serving Utlysning at http://$(HOST):$(PORT)/ (adviser admin: http://$(HOST):$(PORT)/admin/)"
	$(BIN)/python -m config.launch $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=config.settings.test
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Extract the texts to translate (needs GNU gettext) and compile the catalogues (pure Python).
messages: install
	$(BIN)/python manage.py makemessages --locale en --no-obsolete --add-location file --ignore ".venv/*" --ignore "static/*" --ignore "tests/*"
	$(BIN)/python -m config.compilemessages

bench: install
	bench/run.sh

bench-burst: install
	bench/burst.sh

# The admin's pages and the applicant's at 1 000 and 100 000 applications, through the test client.
bench-admin: install
	DJANGO_SETTINGS_MODULE=config.settings.bench $(BIN)/python manage.py migrate --noinput -v0
	DJANGO_SETTINGS_MODULE=config.settings.bench $(BIN)/python manage.py collectstatic --noinput -v0
	DJANGO_SETTINGS_MODULE=config.settings.bench $(BIN)/python bench/admin.py

# pg_ctl stop on .data/pg (nothing to do without a .venv: then no server was started from here).
db-stop:
	@if [ -x $(BIN)/python ]; then $(BIN)/python -m config.database stop; fi

clean: db-stop
	rm -rf $(VENV) .data staticfiles
