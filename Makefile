# Two commands on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
REPORT := build/verification.json
CRDS_DIR ?= crds

export NO_MKDOCS_2_WARNING := 1

.PHONY: site site-from-report test test-live verify serve assets crds crds-available bench lint clean

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[site,test]' -c constraints.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# mermaid comes from npm and is served by the site itself: no CDN.
docs/javascripts/mermaid.min.js: node_modules/.installed
	mkdir -p docs/javascripts
	cp node_modules/mermaid/dist/mermaid.min.js $@

assets: docs/javascripts/mermaid.min.js

# Without $$K8SDOCTEST_CRDS or both ../shared/crds and ../shared/crds-next, fetch (or complete) the pinned CRD sets in crds/.
crds-available: $(VENV)/.installed
	@if [ -z "$$K8SDOCTEST_CRDS" ] && { [ -d crds ] || [ ! -d ../shared/crds ] || [ ! -d ../shared/crds-next ]; }; then $(MAKE) crds; fi

## verify: static verification of every block in docs/ -> build/verification.json
verify: crds-available
	$(BIN)/k8sdoctest verify docs --no-cache --report $(REPORT)

## site: verify, then build site/ (strict: a warning or an unverified block fails)
site: verify assets
	$(BIN)/mkdocs build --strict

## test: lint and every test (doc blocks, unit tests, site build)
test: crds-available assets
	$(BIN)/ruff check k8sdoctest tests conftest.py bench hooks
	$(BIN)/mypy k8sdoctest
	$(BIN)/pytest

## test-live: the live tier on kind (needs Docker and the internet); CNI=calico or CNI=cilium, default both
CNI ?=
test-live: crds-available
	CNI=$(CNI) $(BIN)/pytest -m live

## site-from-report: build site/ from an existing build/verification.json (CI: the merged report);
## the hook re-verifies every block statically, so the pinned CRDs must be there too
site-from-report: crds-available assets
	$(BIN)/mkdocs build --strict

## serve: the built site on http://127.0.0.1:8000
serve: site
	$(BIN)/mkdocs serve -a 127.0.0.1:8000

## crds: download the pinned upstream CRDs into crds/ and check their sha256
crds: $(VENV)/.installed
	$(BIN)/k8sdoctest crds --dest $(CRDS_DIR)

## bench: speed of the static tier (docs per second, scaling, peak memory)
bench: $(VENV)/.installed
	$(BIN)/python bench/compare.py

lint: $(VENV)/.installed
	$(BIN)/ruff check k8sdoctest tests conftest.py bench hooks

clean:
	rm -rf site build .pytest_cache
