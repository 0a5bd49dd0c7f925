# Everything a fresh machine needs: Python >= 3.11 and make.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.cjmap-installed
TEST_STAMP := $(VENV)/.cjmap-test-installed

.PHONY: demo test dist-test lint typecheck fmt-check bench fuzz clean schemas docs screenshot

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "cjmap needs Python >= 3.11; set PYTHON=python3.11 (or newer)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(TEST_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(STAMP)

demo: $(STAMP)
	$(BIN)/cjmap validate examples/
	$(BIN)/cjmap analyze examples/journeys/trial-onboarding.yaml
	$(BIN)/cjmap render examples/ -o site
	$(BIN)/cjmap render examples/ -f md -o site/md
	@echo
	@echo "Import dry run: the GA4 funnel export in examples/data/, shown as cjmap diff (nothing written)."
	cd examples && $(abspath $(BIN))/cjmap import metrics data/ga4-funnel.csv
	@echo
	@echo "Open site/index.html in a browser: one page per journey, linked from the index."
	@echo "Markdown versions (for GitHub or GitLab) are in site/md/README.md."

test: $(TEST_STAMP)
	$(BIN)/python -m pytest -q -n 2
	$(BIN)/cjmap validate examples/
	$(BIN)/cjmap fmt --check examples/
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(MAKE) dist-test

# The package as users get it: build the wheel and sdist, `twine check` them, install the
# wheel into a fresh virtual environment outside this tree and run every command from it on
# a copy of examples/ (about 25 s with a warm pip cache).
dist-test: $(TEST_STAMP)
	.ci/dist-test $(BIN)/python

# The committed JSON Schemas, regenerated from the models (tests fail when they drift).
schemas: $(STAMP)
	for kind in journey persona workspace; do \
	  $(BIN)/cjmap schema $$kind > schemas/$$kind.schema.json || exit 1; \
	done

# docs/rules.md, generated from the rules in src/cjmap/validate/rules/ (tests fail when it drifts).
docs: $(STAMP)
	$(BIN)/python -m cjmap.validate.docs docs/rules.md

# The fuzz targets (tests marked fuzz) with a large budget and fresh random inputs; `make test`
# runs them briefly. CJMAP_FUZZ_EXAMPLES=50000 make fuzz runs longer.
CJMAP_FUZZ_EXAMPLES ?= 5000
fuzz: $(TEST_STAMP)
	CJMAP_FUZZ_EXAMPLES=$(CJMAP_FUZZ_EXAMPLES) $(BIN)/python -m pytest -q -m fuzz --durations=0

# docs/performance.md: every target of issue 13 measured in one run (bench/bench_validate.py,
# about 25 minutes on 2 idle cores once the commands meet their targets; run it on a quiet
# machine), then the Rendering section (bench/bench_render.py). A smoke run of the first:
# .venv/bin/python bench/bench_validate.py --quick
bench: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/bench_validate.py
	$(BIN)/python bench/bench_render.py
	$(BIN)/python bench/bench_print.py
	$(BIN)/python bench/bench_serve.py
	$(BIN)/python bench/bench_history.py

# docs/img/map-en.png, the README's picture of the English example (needs Chromium).
screenshot: $(TEST_STAMP)
	$(BIN)/python tests/chromium.py screenshot docs/img/map-en.png
	$(BIN)/python tests/chromium.py print-pictures docs/img

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache
