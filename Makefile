# Two commands set everything up on a fresh machine with Python 3.11:
#   make site   environment, data package and site from the bundled reports
#   make test   lint and the whole test suite (installs Debian's chromium if missing)
#   make check  lint and every test but the browser and slow ones, for quick feedback

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SUDO   := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
PORT   ?= 8000

.PHONY: site serve test lint bench bench-build eval chromium clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/govreports build --reports reports --out .
	@echo "Site: site/index.html — preview with: make serve (http://127.0.0.1:$(PORT)/)"

serve: $(STAMP)
	@test -d site || $(MAKE) site
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory site $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check govreports tests scripts
	$(BIN)/mypy

test: $(STAMP) chromium lint
	$(BIN)/pytest -q

# Fast feedback while editing: lint and every test but the browser and slow ones.
check: $(STAMP) lint
	$(BIN)/pytest -q -m "not e2e and not slow" -n auto

bench: $(STAMP)
	$(BIN)/python scripts/bench_parse.py

# Parser accuracy on the human-read pages in ../shared/fixtures (real pages, dev corpus).
eval: $(STAMP)
	$(BIN)/python scripts/eval_parser.py

# National-scale benchmark: cold build and +1 rebuild of N synthetic reports (long at 15,000).
N ?= 1000 15000
bench-build: $(STAMP) chromium
	$(BIN)/python scripts/bench_build.py $(N)

# End-to-end tests drive Debian's Chromium through Playwright; never a downloaded browser.
# GOVREPORTS_CHROMIUM names another installed binary (a GitHub runner's google-chrome).
CHROMIUM_BIN := $(or $(GOVREPORTS_CHROMIUM),/usr/bin/chromium)
chromium:
	@test -x "$(CHROMIUM_BIN)" || { \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk; }

clean:
	rm -rf $(VENV) build site .pytest_cache
