# reformparse developer tasks. `make setup` once, then `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup test lint format schema vocabulary bench fuzz demo clean

setup: $(BIN)/reformparse

$(BIN)/reformparse: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

test: setup
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: setup
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

schema: setup
	$(BIN)/reformparse schema -o schemas/document.schema.json
	$(BIN)/python -c "from reformparse.field_guide import field_guide; print(field_guide(), end='')" > docs/FIELDS.md

# data/vocabulary.json: labels.yaml and vocab.yaml stored as JSON for a fast start (after editing them)
vocabulary: setup
	$(BIN)/python scripts/build_vocabulary.py

bench: setup
	$(BIN)/python bench/run.py

# the long fuzz run: 10,000 mutated reports (FUZZ_COUNT=..., FUZZ_SEED=...), counts per outcome
FUZZ_COUNT ?= 10000
FUZZ_SEED ?= 13
fuzz: setup
	$(BIN)/python bench/fuzz.py --count $(FUZZ_COUNT) --seed $(FUZZ_SEED) --keep fuzz-findings

demo: setup
	$(BIN)/reformparse inspect samples/results_cards.txt

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist src/*.egg-info
