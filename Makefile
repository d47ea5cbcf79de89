# factcheck: `make run` serves the app with demo data, `make test` runs the whole suite.
# Both set everything up first (a virtualenv in .venv, requirements, the embedded database).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Local development defaults; production sets its own environment (see README.md).
export DEBUG ?= true

.PHONY: run test install migrate lint format check db-stop bench-import bench-pages bench-export bench-match bench-load backup restore test-faults clean bench-publishing worker bench-queue bench-api audit bench-quality bench-thai-segmentation messages

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# The interface translations: each locale/<lang>/LC_MESSAGES/django.mo from its .po, compiled in
# pure Python (polib), so a machine without GNU gettext gets them too (they are committed as well).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(BIN)/.installed
	$(BIN)/python -m factcheck.catalogues compile --stale

install: $(BIN)/.installed $(MO_FILES)

# After adding or changing marked strings (or merging pages that have some): extract them into
# every catalogue, keeping the translations, then compile. Needs GNU gettext's xgettext
# (apt install gettext); translate the new entries (empty msgstr, or flagged fuzzy) and commit.
messages: install
	$(BIN)/python -m factcheck.catalogues update

migrate: install
	$(BIN)/python manage.py migrate --noinput

# The web server and, in the background, a job worker (batch imports, schedules, big exports);
# Ctrl-C stops both.
run: migrate
	$(BIN)/python manage.py setup_demo
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py procrastinate worker & worker=$$!; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# A job worker alone (production runs `python manage.py procrastinate worker` on each worker host).
worker: migrate
	$(BIN)/python manage.py procrastinate worker

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The fault tests alone (database stopped, import and embedded server killed, backup round trip);
# `make test` runs them too.
test-faults: install
	$(BIN)/python -m pytest tests/faults $(PYTEST_ARGS)

# backups/factcheck-<date>.dump from the database (embedded, or DATABASE_URL's); restore it into an
# EMPTY database with `make restore FILE=backups/factcheck-....dump` (a non-empty one is refused).
backup: install
	$(BIN)/python manage.py backup_db

restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/factcheck-<date>.dump"; exit 2; }
	$(BIN)/python manage.py restore_db "$(FILE)"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install audit
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

# Known vulnerabilities in every installed requirement (runtime, dev and their dependencies):
# pip-audit asks PyPI's JSON API about each pinned version, so it needs the network. --strict makes
# a package it could not check a failure: without it, a registry that does not answer
# /pypi/NAME/VERSION/json gives "No known vulnerabilities found" with nothing checked.
# AUDIT=skip skips it, saying so (for a machine that cannot reach the vulnerability data).
audit: install
ifeq ($(AUDIT),skip)
	@echo "*** make audit SKIPPED (AUDIT=skip): the requirements were NOT checked for known vulnerabilities ***"
else
	@$(BIN)/pip-audit --strict --progress-spinner off > .audit.log 2>&1; status=$$?; cat .audit.log; \
	if [ $$status -ne 0 ] && grep -qiE "could not be audited|connect|timed out" .audit.log; then \
	  echo "*** make audit FAILED: the vulnerability data could not be fetched, so NOTHING was audited."; \
	  echo "*** pip-audit needs https://pypi.org/pypi/NAME/VERSION/json; run it where that answers, or AUDIT=skip."; \
	fi; rm -f .audit.log; exit $$status
endif

# Benchmarks. bench-pages fills its own database (BENCH_PAGES_DATABASE_URL, default
# postgresql://postgres@127.0.0.1:5432/factcheck_bench_pages) with 100,000 articles and 1,000,000
# claims once (4 to 10 minutes), then times the claims list, article and claim pages.
bench-pages: install
	$(BIN)/python -m benchmarks.pages_bench $(BENCH_ARGS)

# Stops the embedded PostgreSQL (it keeps running between commands to make them fast).
db-stop:
	@test -x $(BIN)/python && $(BIN)/python -c "from pathlib import Path; from factcheck import embedded_db; print('stopped' if embedded_db.stop(Path('.pgdata')) else 'not running')" || true

clean: db-stop
	rm -rf $(VENV) staticfiles .pytest_cache

# Import speed on a generated multilingual corpus in a fresh database (issue 3).
bench-import: install
	$(BIN)/python -m benchmarks.import_bench $(BENCH_ARGS)

# Match candidates for a new claim at 10k, 100k and 1M claims (issue 6). Drops and fills its own
# database (BENCH_MATCH_DATABASE_URL, default factcheck_bench_match on DATABASE_URL's server).
bench-match: install
	$(BIN)/python benchmarks/match_bench.py $(BENCH_ARGS)

# The claims CSV export (issue 5): web view and export_claims against PostgreSQL's COPY on
# 1,000,000 claims in its own database (BENCH_EXPORT_DATABASE_URL, default
# postgresql://postgres@127.0.0.1:5432/factcheck_bench_export), filled once (about 5 minutes).
bench-export: install
	$(BIN)/python -m benchmarks.export_bench $(BENCH_ARGS)

# Many editors at once (issue 13): gunicorn.conf.py on 127.0.0.1 driven by locust at 10, 50 and
# 100 users, 60 s each, against 1,000,000 claims in its own database (BENCH_LOAD_DATABASE_URL,
# default factcheck_bench_load on 127.0.0.1:5432), filled once. BENCH_ARGS="--users 10 --duration 20".
bench-load: install
	$(BIN)/python -m benchmarks.load_bench $(BENCH_ARGS)
# Public fact-check pages, feeds and import_claimreviews (issue 11) on 100,000 claims and 10,000
# fact-checks in its own database (BENCH_PUBLISHING_DATABASE_URL, default
# postgresql://postgres@127.0.0.1:5432/factcheck_bench_publishing), filled once.
bench-publishing: install
	$(BIN)/python -m benchmarks.publishing_bench $(BENCH_ARGS)
# A 1,000-file zip through the job queue (a real worker process) against import_articles on the
# same files, in a fresh database of its own (BENCH_QUEUE_DATABASE_URL, default factcheck_bench_queue
# on DATABASE_URL's server or the embedded one) (issue 14).
bench-queue: install
	$(BIN)/python -m benchmarks.queue_bench $(BENCH_ARGS)
# The JSON API's claims list (issue 11): first page, a filtered page and deep cursor pages on
# 1,000,000 claims in its own database (BENCH_API_DATABASE_URL, default
# postgresql://postgres@127.0.0.1:5432/factcheck_bench_api), filled once like bench-pages.
bench-api: install
	$(BIN)/python -m benchmarks.api_bench $(BENCH_ARGS)
# Quality on the multilingual gold set (issue 10, benchmarks/gold): candidate recall, boilerplate
# candidates and match suggestions per language and dev/test split, in a fresh database of its own
# (BENCH_QUALITY_DATABASE_URL, default factcheck_bench_quality on the local server).
bench-quality: install
	$(BIN)/python -m benchmarks.quality_bench $(BENCH_ARGS)

# Thai sentence boundaries: articles.text against PyThaiNLP's sent_tokenize (F1 and speed).
bench-thai-segmentation: install
	$(BIN)/python -m benchmarks.thai_segmentation_bench $(BENCH_ARGS)
