# The two commands a new user needs: `make demo` and `make test`.
VENV ?= .venv
BIN = $(VENV)/bin
DEMO_DB = $(CURDIR)/demo/followup.db
SIZE ?= S

.PHONY: install demo test lint bench clean

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	touch $@

install: $(BIN)/.installed

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src

test: lint
	$(BIN)/pytest

demo: install
	mkdir -p demo
	FOLLOWUP_DB=sqlite:///$(DEMO_DB) $(BIN)/followup demo --reset
	@echo
	FOLLOWUP_DB=sqlite:///$(DEMO_DB) FOLLOWUP_USER=anna $(BIN)/followup today
	@echo
	@echo "Demo workspace: export FOLLOWUP_DB=sqlite:///$(DEMO_DB) FOLLOWUP_USER=anna  then try: followup person list"

bench: install
	$(BIN)/python benchmarks/run.py --size $(SIZE)
	$(BIN)/python benchmarks/intake.py

clean:
	rm -rf demo benchmarks/out .pytest_cache .mypy_cache .ruff_cache
