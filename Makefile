# The same targets run locally and in CI (.ci/run runs `make test`).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUT ?= out

.PHONY: demo test lint typecheck bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Both targets install the package in editable mode into the same .venv, so they can
# run in any order; tests/test_install.py checks a plain (wheel) install separately.
$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

demo: $(VENV)/.installed
	$(BIN)/budgetmodel demo --out $(OUT)/

test: $(VENV)/.installed-test
	$(BIN)/ruff format --check src tests benchmarks data
	$(BIN)/ruff check src tests benchmarks data
	$(BIN)/mypy
	$(BIN)/mypy tests
	$(BIN)/lint-imports
	$(BIN)/python -m pytest
	cd notebooks && ../$(BIN)/python -m pytest --nbmake -p no:cacheprovider -q *.ipynb
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir $(CURDIR)/build/site

bench: $(VENV)/.installed-test
	for f in benchmarks/bench_*.py; do $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) $(OUT) build dist .pytest_cache .mypy_cache .hypothesis
