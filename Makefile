# careers-cms — see README.md. Every target creates .venv if it is missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha256sum | cut -c1-12)
# axe-core and vnu.jar for the browser tests; --ignore-scripts: vnu-jar's postinstall downloads a JDK.
NODE_STAMP := node_modules/.installed-$(shell cat package-lock.json | sha256sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint install migrate demo serve check clean bench screenshots bench-scale

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PIP) install -q -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

$(NODE_STAMP): package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

install: $(STAMP) $(NODE_STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py setup_site --demo demo/roles

# The base of every absolute URL (canonical, sitemap, API, webhooks, emails) is this server;
# setup_site points the Site record at it. Prerequisites (demo) inherit it.
run demo: export SITE_URL ?= http://127.0.0.1:$(PORT)

run: demo
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var db.sqlite3 node_modules test-artifacts

# Load benchmark (docs/bench.md): gunicorn + wrk on 127.0.0.1, SQLite then PostgreSQL.
bench: install
	$(PY) bench/run.py
	$(PY) bench/mixed_load.py

# Issue 18 (docs/bench.md, "Scale"): 200, 2,000 and 10,000 role pages on PostgreSQL, bounded.
bench-scale: install
	$(PY) bench/scale.py

# The editor-journey and editor-loop browser tests, saving their screenshots into docs/.
screenshots: install
	SCREENSHOT_OUT=docs/screenshots $(VENV)/bin/pytest tests/browser/test_editor_journey.py tests/browser/test_editor_loop.py tests/browser/test_site_screenshots.py -q
