# The list of commands. Two matter to a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Unset, the settings are production's (safe by default). Local commands say DJANGO_DEBUG=1 below;
# `make stack` takes this one, so `DJANGO_DEBUG=0 make stack` runs it as production.
DJANGO_DEBUG ?= 1
LOCAL := DJANGO_DEBUG=1
.DEFAULT_GOAL := help

.PHONY: help run test stack assets lint format migrations-check check-deploy bench bench-parts bench-soak bench-purge bench-packs bench-groups bench-analysis clean

## help: this list of targets
help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed -e 's/^## //' | awk -F': ' '{ printf "  make %-18s %s\n", $$1, $$2 }'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files: reinstall only when the requirements change, so a second `make run` starts in seconds.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

# npm is needed only for the accessibility checks in tests (axe-core) and for `make assets`.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: browser accessibility tests will be skipped (install Node.js to run them)."; fi

## run: the portal on http://127.0.0.1:8000 (PORT=8001 to move it) with the embedded defaults (SQLite, in-process tasks, mail in var/mail/)
run: $(VENV)/.installed
	$(LOCAL) $(BIN)/python manage.py migrate --noinput
	$(LOCAL) $(BIN)/python manage.py dev_superuser
	@echo "The portal is at http://127.0.0.1:$(PORT)/ (admin: http://127.0.0.1:$(PORT)/admin/)"
	$(LOCAL) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## test: the whole test suite (set DATABASE_URL / REDIS_URL to run against PostgreSQL / Redis)
test: $(VENV)/.installed-dev node_modules/.installed
	$(BIN)/pytest $(PYTEST_ARGS)

## stack: gunicorn + celery worker + celery beat (honcho + Procfile) against DATABASE_URL / REDIS_URL (DJANGO_DEBUG=0 make stack: as production)
stack: $(VENV)/.installed-dev
	DJANGO_DEBUG=$(DJANGO_DEBUG) $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=$(DJANGO_DEBUG) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=$(DJANGO_DEBUG) PORT=$(PORT) $(BIN)/honcho start -f Procfile

## assets: rebuild static/css/site.css and vendor govuk-frontend's JS and images from npm
assets: node_modules/.installed
	npx sass --no-source-map --style=compressed --quiet-deps --silence-deprecation=import --load-path=. static/scss/site.scss static/css/site.css
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js static/vendor/govuk-frontend/
	mkdir -p static/vendor/govuk-frontend/assets/images
	cp node_modules/govuk-frontend/dist/govuk/assets/images/govuk-crest.svg static/vendor/govuk-frontend/assets/images/

## lint: ruff (check and format), the import layering contracts (import-linter) and mypy
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(LOCAL) $(BIN)/mypy evidence consultation nasuwt_send

## format: rewrite the code in ruff's format and apply its safe fixes
format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## migrations-check: fail if the models and the migrations disagree
migrations-check: $(VENV)/.installed
	$(LOCAL) $(BIN)/python manage.py makemigrations --check --dry-run

## check-deploy: Django's deployment checks with production settings
check-deploy: $(VENV)/.installed
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=check-deploy-only-$$(head -c 48 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	DJANGO_ALLOWED_HOSTS=send.example.org DEFAULT_FROM_EMAIL=education@send.example.org \
	EDUCATION_TEAM_EMAILS=education@send.example.org \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

## bench: the whole stack, every row of issue 16's table, on BENCH_POSTGRES (BENCH_MILLION=1 adds a million rows; bench/README.md)
bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench.stack

## bench-parts: triage pages in-process on BENCH_POSTGRES, acknowledgement latency on DATABASE_URL and REDIS_URL
bench-parts: $(VENV)/.installed-dev
	$(LOCAL) $(BIN)/python bench/triage_pages.py
	$(LOCAL) $(BIN)/python bench/ack_latency.py

## bench-soak: JOURNEYS (10000) members' journeys through gunicorn, a worker, beat, Redis and SMTP while each fails; needs DATABASE_URL (bench/README.md)
JOURNEYS ?= 10000
bench-soak: $(VENV)/.installed-dev
	$(BIN)/python bench/soak.py --journeys $(JOURNEYS)

## bench-groups: near-duplicate groups: recall and false grouping on the labelled set, worker time, lookup at ROWS (1,000,000) signatures; needs DATABASE_URL
bench-groups: $(VENV)/.installed-dev
	$(BIN)/python bench/analysis_groups.py --rows $(or $(ROWS),1000000)
## bench-analysis: theme suggestions: precision/recall per theme on the frozen test split, the worker's time per submission, Send time with and without (bench/README.md)
bench-analysis: $(VENV)/.installed-dev
	$(LOCAL) $(BIN)/python bench/analysis_quality.py

## bench-purge: the retention purge of 1,000,000 submissions while a member sends evidence (COUNT=100000 for fewer; bench/README.md)
bench-purge: $(VENV)/.installed-dev
	$(LOCAL) $(BIN)/python bench/purge.py --count $(or $(COUNT),1000000)

## bench-packs: evidence packs (PDF and DOCX) at 1,000 and 100,000 demo submissions on a scratch PostgreSQL database beside DATABASE_URL's
bench-packs: $(VENV)/.installed-dev
	$(LOCAL) $(BIN)/python bench/packs.py

## clean: remove .venv, node_modules and var/ (the local database, mail and files)
clean:
	rm -rf $(VENV) node_modules var
