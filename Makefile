# The command palette. `make run` serves the demo site; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

# Local settings, if any: KEY=value lines (see .env.example).
-include .env
export

.PHONY: install run production test lint format check bench lock clean messages

# The production profile on one machine: PostgreSQL and Redis from Debian (started by
# scripts/local_services.sh), hashed compressed static files, granian (webserver.py). Behind
# TLS (nginx or a CDN), also set HTTPS=1.
PRODUCTION_ENV = DATABASE_URL=$${DATABASE_URL:-postgres://jarida:jarida@127.0.0.1:5432/jarida} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} DEBUG=0 STATIC_MANIFEST=1

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Jarida needs Python 3.11, found " + sys.version.split()[0]'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo --if-empty
	@echo
	@echo "  Reader site:  http://$(HOST):$(PORT)/"
	@echo "  Newsroom:     http://$(HOST):$(PORT)/admin/"
	@echo "  Demo login:   $$(cat $${JARIDA_VAR_DIR:-var}/demo_login.txt 2>/dev/null || echo 'see manage.py createsuperuser')"
	@echo "  Scheduler:    publishes scheduled articles every $${SCHEDULER_INTERVAL:-15}s"
	@echo
	@trap 'kill $$scheduler 2>/dev/null; wait $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py run_scheduler & scheduler=$$!; \
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

production: install
	scripts/local_services.sh start
	$(PRODUCTION_ENV) $(BIN)/python manage.py migrate --noinput
	$(PRODUCTION_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	$(PRODUCTION_ENV) $(BIN)/python manage.py load_demo --if-empty
	$(PRODUCTION_ENV) $(BIN)/python manage.py purge_page_cache
	@trap 'kill $$scheduler 2>/dev/null; wait $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(PRODUCTION_ENV) $(BIN)/python manage.py run_scheduler & scheduler=$$!; \
	$(PRODUCTION_ENV) $(BIN)/python webserver.py

test: install
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n 2 -q

# The benchmarks print tables; they need ../shared/corpus and take minutes, never part of test.
bench: install
	$(BIN)/python bench/import_speed.py --limit 1000
	$(BIN)/python bench/search_quality.py
	$(BIN)/python bench/search_speed.py
	$(BIN)/python bench/comments_load.py
	bench/serve.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock:
	rm -rf /tmp/jarida-lock && $(PYTHON) -m venv /tmp/jarida-lock
	/tmp/jarida-lock/bin/pip install --quiet -r requirements.in
	{ echo "# Generated from requirements.in by 'make lock'; do not edit by hand."; \
	  /tmp/jarida-lock/bin/pip freeze; } > requirements.txt
	/tmp/jarida-lock/bin/pip freeze | sort > /tmp/jarida-lock/runtime.txt
	/tmp/jarida-lock/bin/pip install --quiet -r requirements-dev.in
	{ echo "# Generated from requirements-dev.in by 'make lock'; do not edit by hand."; \
	  echo "-r requirements.txt"; \
	  /tmp/jarida-lock/bin/pip freeze | sort | comm -13 /tmp/jarida-lock/runtime.txt -; } \
	  > requirements-dev.txt

clean:
	rm -rf $(VENV) var

# The admin's Arabic corrections (jarida/locale): compile after editing the .po.
messages:
	msgfmt -o jarida/locale/ar/LC_MESSAGES/django.mo jarida/locale/ar/LC_MESSAGES/django.po
	msgfmt -o jarida/locale/ar/LC_MESSAGES/djangojs.mo jarida/locale/ar/LC_MESSAGES/djangojs.po
