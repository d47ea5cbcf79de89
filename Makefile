# factcheck: `make run` serves the app with demo data, `make test` runs the whole suite.
# Both set everything up first (a virtualenv in .venv, requirements, the embedded database).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Local development defaults; production sets its own environment (see README.md).
export DEBUG ?= true

.PHONY: run test install migrate lint format check db-stop bench-import bench-pages bench-export bench-match clean messages

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

run: migrate
	$(BIN)/python manage.py setup_demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

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
