# The README's two commands: `make demo` and `make test`. Each sets up everything it needs.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STORE  ?= kg-store

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/kg ingest data/corpus --store $(STORE)
	$(BIN)/kg stats --store $(STORE)
	@echo
	@echo "Parties to agreements that include a Peruvian organization:"
	$(BIN)/kg query -f ontology/queries/peru-agreement-parties.rq --store $(STORE)
	@echo
	@echo "The sentences that make them parties (provenance):"
	$(BIN)/kg query --named party-evidence --param country=Peru --store $(STORE)

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check kg tests benchmarks

bench: $(VENV)/.installed-test
	$(BIN)/python -m pytest benchmarks --benchmark-only -p no:cacheprovider

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache
