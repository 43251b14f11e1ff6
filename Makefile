# Everything starts from a fresh machine: the first target that needs the
# virtual environment creates it and installs the pinned requirements.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
NODE   := node_modules/.installed-stamp
# The lock files (make lock writes them from the .in files) and the project's own metadata.
REQS   := requirements.txt requirements-dev.txt contact/requirements.txt pyproject.toml

# Keep MkDocs' and Material's end-of-life banners out of every build log.
export DISABLE_MKDOCS_2_WARNING := true
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test build check post import bench lint format function audit clean lock

# Only locked packages whose files match their hashes; then the project itself, whose
# dependencies are all in the lock already (and setuptools, its build backend, too).
$(STAMP): $(REQS)
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

## lock: resolve the .in files into the hashed lock files (see README, "Upgrading")
LOCK := $(VENV)/bin/uv pip compile --quiet --generate-hashes --universal --python-version 3.11.5
lock: $(STAMP)
	$(LOCK) requirements.in -o requirements.txt
	$(LOCK) contact/requirements.in -o contact/requirements.txt
	$(LOCK) requirements-dev.in -c requirements.txt -c contact/requirements.txt -o requirements-dev.txt

# axe-core, the Nu Html Checker and Lighthouse, for the browser tests and audits.
$(NODE): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

## serve: site and contact form on http://127.0.0.1:8000, mail into .mail/; an edit shows at
## once (coachsite/serve; SERVE_ADDR=127.0.0.1:8001 for another port)
SERVE_ADDR ?= 127.0.0.1:8000
serve: $(STAMP)
	$(PY) -m coachsite.serve --dev-addr $(SERVE_ADDR)

## test: every test, as CI runs them
test: $(STAMP) $(NODE)
	$(PY) -m pytest

## build: the production build, as Netlify runs it (a warning fails it)
build: $(STAMP)
	$(PY) -m mkdocs build --strict

## check: frontmatter of every post and page (pre-commit runs it too)
check: $(STAMP)
	$(PY) -m coachsite.frontmatter

## post: a new draft post: make post TITLE="Mijn nieuwe blog"
# The title is data: it reaches Python in the environment, never in a shell command line.
# $(value) keeps make from expanding `$` in it; TITLE itself is not exported, because make
# would expand it (and run any $(shell ...) in it) on the way.
unexport TITLE
post: export NEWPOST_TITLE = $(value TITLE)
post: $(STAMP)
	$(PY) -m coachsite.newpost

## import: an old blog into docs/blog/posts/: make import SOURCE=export.xml [FORCE=1] [DRY_RUN=1]
# The path is data: it reaches Python in the environment, never in a shell command line
# (as TITLE for `make post`).
unexport SOURCE
import: export IMPORT_SOURCE = $(value SOURCE)
import: $(STAMP)
	$(PY) -m coachsite.importer $(if $(FORCE),--force) $(if $(DRY_RUN),--dry-run)

## function: the contact endpoint's AWS Lambda zip, dist/contact-function.zip
function: $(STAMP)
	$(PY) deploy/build_function.py

## audit: Lighthouse scores of home, post and contact page (mobile), into audit/
audit: $(STAMP) $(NODE)
	$(PY) -m bench.audit

## bench: frontmatter check, endpoint, build time, page weight, preview latency, import
bench: $(STAMP)
	$(PY) -m bench.bench_frontmatter
	$(PY) -m bench.bench_contact
	$(PY) -m bench.bench_build --without-speed
	$(PY) -m bench.bench_pageweight
	$(PY) -m bench.bench_serve
	$(PY) -m bench.bench_import

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf site .pytest_cache .cache
