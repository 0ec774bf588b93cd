# The two commands a new user needs: `make demo` and `make test`.
VENV ?= .venv
BIN = $(VENV)/bin
DEMO_DB = $(CURDIR)/demo/followup.db
SIZE ?= S
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_PASSWORD ?= followup-demo

.PHONY: install demo test lint bench eval clean

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
	@for user in anna mike kenji omar; do \
	  echo "$(DEMO_PASSWORD)" | FOLLOWUP_DB=sqlite:///$(DEMO_DB) $(BIN)/followup user passwd $$user --password-stdin >/dev/null; \
	done
	@echo "Demo workspace: export FOLLOWUP_DB=sqlite:///$(DEMO_DB) FOLLOWUP_USER=anna  then try: followup person list"
	@echo
	@echo "Web app: open http://$(HOST):$(PORT)/ and sign in as anna, password $(DEMO_PASSWORD)"
	@echo "  (anna is an admin; mike, kenji and omar are members with the same password). Ctrl-C stops it."
	FOLLOWUP_DB=sqlite:///$(DEMO_DB) $(BIN)/followup serve --host $(HOST) --port $(PORT)

bench: install
	$(BIN)/python benchmarks/run.py --size $(SIZE)
	$(BIN)/python benchmarks/capture_bench.py
	$(BIN)/python benchmarks/notify_run.py --users 200
	$(BIN)/python benchmarks/deals.py --size $(SIZE)
	$(BIN)/python benchmarks/reports.py --size $(SIZE)
	$(BIN)/python benchmarks/intake.py

eval: install
	$(BIN)/python benchmarks/capture_eval.py

clean:
	rm -rf demo benchmarks/out .pytest_cache .mypy_cache .ruff_cache
