# One obvious name per task. Every target creates .venv and installs what it needs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXAMPLES_VENV := .venv-examples
EXAMPLES_STAMP := $(EXAMPLES_VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
# The engine `make site` and `make serve` use: mkdocs (default), properdocs or zensical.
ENGINE ?= mkdocs

.PHONY: site serve test check schema bench audit audit-content evidence linkcheck examples-env node clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

$(EXAMPLES_STAMP): requirements-examples.txt
	$(PY) -m venv $(EXAMPLES_VENV)
	$(EXAMPLES_VENV)/bin/pip install -q --upgrade pip
	$(EXAMPLES_VENV)/bin/pip install -q -r requirements-examples.txt
	touch $(EXAMPLES_STAMP)

examples-env: $(EXAMPLES_STAMP)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.installed

node: node_modules/.installed

## Build the site into site/ with ENGINE, in strict mode in a temporary folder, then swapped in.
site: $(STAMP)
	$(BIN)/generator site --engine $(ENGINE) --out site

## Preview on http://127.0.0.1:8000 under site_url's path. With MkDocs or ProperDocs the hook
## regenerates on every saved YAML or template and only changed pages are rebuilt. Zensical
## runs no hooks: rerun `generator build` after an edit (it serves and writes into site/).
## A content error at start is printed; the last generated config is served.
serve: $(STAMP)
	-$(BIN)/generator build
	$(BIN)/$(ENGINE) serve $(if $(filter zensical,$(ENGINE)),,--dirty) \
		-f $$(test -f mkdocs.generated.yml && echo mkdocs.generated.yml || echo mkdocs.yml) \
		-a 127.0.0.1:8000

## Every test: unit, golden, build, serve, examples, browser and accessibility.
test: $(STAMP) $(EXAMPLES_STAMP) node_modules/.installed
	$(BIN)/pytest

check: $(STAMP)
	$(BIN)/generator check
	$(BIN)/ruff check generator tests
	$(BIN)/mypy

schema: $(STAMP)
	$(BIN)/generator schema --out schema

bench: $(STAMP)
	$(BIN)/python bench/run.py

audit: $(STAMP) node_modules/.installed site
	$(BIN)/python scripts/audit.py

## Content freshness: newest/oldest verified dates, secondary sources, claims older than 90 days.
audit-content: $(STAMP)
	$(BIN)/python scripts/audit_content.py

evidence: $(EXAMPLES_STAMP)
	$(EXAMPLES_VENV)/bin/python scripts/evidence.py

linkcheck: site
	$(BIN)/python -m generator.tools.linkcheck site --online

clean:
	rm -rf site generated/* .pytest_cache test-artifacts
