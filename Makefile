# Hyoka developer commands. `make demo` runs Hyoka; `make test` runs the whole suite (SQLite, then PostgreSQL).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Every target here is a developer's: DEBUG=1 lets Hyoka start without a SECRET_KEY (a server sets one, docs/deploy.md).
export DEBUG ?= 1

.PHONY: demo test lint format browser-deps lock clean bench bench-reports bench-web bench-national corpus fuzz

$(VENV)/.runtime: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -c requirements.lock -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(BIN)/pip install -q --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $@

demo: $(VENV)/.runtime  ## set up, load the five demo plans, serve at http://127.0.0.1:8000
	$(BIN)/hyoka demo

browser-deps:  ## Debian's Chromium for the browser tests (never a test tool's own download)
	@command -v chromium >/dev/null && command -v msgfmt >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium gettext; }

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: $(VENV)/.dev browser-deps lint  ## the whole suite on SQLite, then on PostgreSQL
	$(BIN)/pytest -n auto
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest -n auto -m "not browser"

lock:  ## re-pin every dependency after changing pyproject.toml
	rm -rf /tmp/hyoka-lock && $(PYTHON) -m venv /tmp/hyoka-lock
	/tmp/hyoka-lock/bin/pip install -q -e '.[dev]'
	/tmp/hyoka-lock/bin/pip freeze --exclude-editable | grep -v '^hyoka' > requirements.lock

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis

bench: $(VENV)/.dev  ## import throughput: the five seeds and a 10,000-row workbook (page latency: make bench-web)
	$(BIN)/python -m hyoka.ingest.bench
	$(BIN)/python -m hyoka.ingest.bench_limits

fuzz: $(VENV)/.dev  ## every reader and every web form on many generated and mutated inputs: cases tried, failures, slowest case
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest hyoka/ingest/tests/test_fuzz.py hyoka/tests/test_form_fuzz.py -q -p no:cacheprovider

corpus: $(VENV)/.dev  ## the importer on real documents of other cities: precision, recall and F1 per document
	$(BIN)/python -m hyoka.ingest.corpus

bench-web: $(VENV)/.dev  ## p50/p95 of the largest plan's pages under gunicorn and 8 concurrent clients, beside /ping/
	$(BIN)/python -m hyoka.web.bench

NATIONAL_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/national
bench-national: $(VENV)/.dev  ## PostgreSQL: hyoka synth for all 1,741 municipalities (time, memory), then pages beside /ping/
	NATIONAL_DATABASE_URL=$(NATIONAL_DATABASE_URL) $(BIN)/python -m hyoka.national.bench

bench-reports: $(VENV)/.dev  ## report rendering: あきる野市 and a 1,000-project plan, each format, time and peak memory
	$(BIN)/python -m hyoka.reports.bench
