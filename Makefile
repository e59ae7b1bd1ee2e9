# claimgraph tasks. `make run` and `make test` set up .venv themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= build/seeds

.PHONY: run build test lint typecheck unit wheel-check docs generate lock bench bench-endpoint test-cluster bench-cluster clean

$(STAMP): pyproject.toml requirements.lock package.json package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(STAMP)

## run: build and validate the seed corpus into $(OUT)/, then serve it on http://127.0.0.1:8000/
run: build
	$(BIN)/claimgraph serve seeds --store build/store --host 127.0.0.1 --port 8000

## build: build and validate the seed corpus into $(OUT)/ (no server)
build: $(STAMP)
	$(BIN)/claimgraph build seeds --out $(OUT)
	$(BIN)/claimgraph validate $(OUT)/claimgraph.trig

## test: lint, type-check and run the test suite
test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check src tests bench docs
	$(BIN)/ruff format --check src tests bench docs

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -n auto --dist loadfile --durations=15 $(PYTEST_ARGS)

## wheel-check: build the sdist and the wheel (python -m build), install the wheel into a fresh
## virtual environment outside the repository, and build, validate and serve the seed corpus with it
wheel-check: $(STAMP)
	PYTHON=$(PYTHON) .ci/wheel-check

## docs: the documentation site (docs/, Sphinx with MyST Markdown) into build/site/, offline,
## with warnings as errors; its reference pages are generated from the schemas, commands and routes
docs: $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-docs.lock
	rm -rf build/site
	$(BIN)/sphinx-build -W --keep-going -q -b html docs build/site

## generate: regenerate the JSON Schemas and the JSON-LD context
generate: $(STAMP)
	$(BIN)/python -m claimgraph.rdf.generate

## lock: re-pin every dependency after changing pyproject.toml
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet -e '.[test]'
	.venv-lock/bin/pip freeze --exclude-editable | grep -v '^claimgraph' > requirements.lock
	rm -rf .venv-lock

## bench: build and validate synthetic corpora of 1,000 to 10,000 articles (cold, unchanged,
## one edit, serve restart), then claimgraph's SHACL engine beside pySHACL at 1,000 and 3,000
bench: $(STAMP)
	$(BIN)/python bench/scale.py $(BENCH_ARGS)
	$(BIN)/python bench/engines.py

## bench-endpoint: claimgraph serve against rdflib-endpoint and the native Oxigraph server
bench-endpoint: $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-bench.lock
	command -v wrk >/dev/null || { echo "bench-endpoint needs wrk: apt-get install wrk"; exit 2; }
	$(BIN)/python bench/endpoint.py $(BENCH_ARGS)
	$(BIN)/python bench/floor.py $(BENCH_ARGS)

## test-cluster: install the extra 'cluster' (Dask, pinned in requirements-cluster.lock) and run
## the tests of build --scheduler on a LocalCluster of two workers
test-cluster: $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-cluster.lock
	$(BIN)/pytest tests/test_cluster.py $(PYTEST_ARGS)

## bench-cluster: a generated corpus built locally and on a LocalCluster of two workers
bench-cluster: $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-cluster.lock
	$(BIN)/python bench/cluster.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules build bench/out .pytest_cache .mypy_cache .ruff_cache
