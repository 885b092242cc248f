# The two set-up commands of the README: `make run` and `make test`.
# Each creates .venv from nothing when it is missing and installs what it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium

.PHONY: run test install bench bench-pages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# The CPU wheel of torch lies on disk; installing it first keeps pip from pulling a CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	# Tesseract with its Spanish model reads scanned PDF pages (ingest, so `make run` needs it too).
	(command -v tesseract && tesseract --list-langs | grep -qx spa) >/dev/null 2>&1 || \
		(apt-get update -qq && apt-get install -y -qq tesseract-ocr tesseract-ocr-spa)
	touch $(STAMP)

# Debian's chromium, for the browser tests only (never `playwright install`: it downloads a browser).
$(CHROMIUM):
	apt-get update -qq && apt-get install -y -qq chromium

install: $(STAMP)

run: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/quipu serve

test: $(STAMP) $(CHROMIUM)
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest

bench: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/ingest_search.py

bench-pages: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/pages.py

clean:
	rm -rf $(VENV) quipu-data
