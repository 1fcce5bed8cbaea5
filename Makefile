# The portal's entry points. `make run` and `make test` are the README's two commands.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
TEST_PROCESSES ?= auto  # pytest-xdist: one test process per core, each with its own test database

.PHONY: run setup migrate seed test bench bench-api bench-load bench-jobs lint clean

run: setup migrate seed  ## Install, migrate, load the seed data, create an admin login and serve the portal with an import worker.
	$(BIN)/python manage.py ensure_admin
	$(BIN)/python manage.py db_worker --queue-name imports --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST)

setup: $(BIN)/.installed

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

migrate: setup
	$(BIN)/python manage.py migrate --noinput

seed: migrate  ## Load the seed data into an empty database (a database with data is left alone: curators' edits survive restarts).
	$(BIN)/python manage.py seed

test: setup  ## The dependency contract (lint-imports), then the whole test suite against DATABASE_URL (SQLite by default).
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports
	$(BIN)/pytest -n $(TEST_PROCESSES) $(PYTEST_ARGS)

bench: setup  ## Run every benchmark in bench/ but the load and jobs tests (BENCH_ARGS are passed on, e.g. BENCH_ARGS="--rows 100000").
	@for script in $(filter-out bench/load.py bench/admin_jobs.py,$(wildcard bench/*.py)); do echo "== $$script"; $(BIN)/python $$script $(BENCH_ARGS) || exit 1; done

bench-api: setup  ## Time the API's lists and series with 100,000 trade records (BENCH_ARGS as for bench).
	$(BIN)/python bench/api_lists.py $(BENCH_ARGS)

bench-load: setup  ## gunicorn + PostgreSQL + Redis with the demo data under wrk, 32 then 128 connections (LOAD_ARGS, e.g. "--fresh --duration 60").
	$(BIN)/python bench/load.py $(LOAD_ARGS)

bench-jobs: setup  ## A 1,000,000-row CSV through the admin and the API as jobs (--door admin|api|both): gunicorn + PostgreSQL + Redis + two workers (BENCH_ARGS, e.g. "--rows 20000").
	$(BIN)/python bench/admin_jobs.py $(BENCH_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache

.PHONY: demo messages test-browser

demo: seed  ## Add generated demo records (100,000 trade records, 10,000 institutions, 2,000 projects; citing source demo-data).
	$(BIN)/python manage.py generate_demo_data $(DEMO_ARGS)

messages: setup  ## Update the Chinese catalogue from the code and compile it (translate new entries before committing).
	$(BIN)/python manage.py makemessages -l zh_Hans --ignore=.venv --ignore=tests --ignore=bench
	$(BIN)/python manage.py compilemessages -l zh_Hans --ignore=.venv

test-browser: setup  ## Only the browser tests (Playwright driving /usr/bin/chromium; screenshots in tests/artifacts/).
	$(BIN)/pytest tests/browser $(PYTEST_ARGS)
