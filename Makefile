# The commands a newcomer needs. `make run` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Every interface language is a translations/<code>.po file; nothing else lists them.
LANGUAGES := $(basename $(notdir $(wildcard translations/*.po)))

.PHONY: run test lint fmt clean pot po mo dist bench lock dist-windows test-windows index

# Every dependency comes from the hash-locked lists in requirements/ (requirements/README.md): a changed file
# on the registry stops the install instead of slipping in. The project itself goes in without its dependencies.
LOCKED := requirements/app.txt requirements/dev.txt

$(STAMP): pyproject.toml $(LOCKED)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps $(addprefix -r ,$(LOCKED))
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# PYTHONDONTWRITEBYTECODE: not even the first modules imported leave __pycache__ behind.
run: $(STAMP) index
	PYTHONDONTWRITEBYTECODE=1 $(BIN)/safelib $(ARGS)

# The bundled packs' search index in index/, as the bundle carries it: a source run's first search opens it instead of
# building it in memory (5 s). Kept when current; rebuilt when the packs' text or the program version changed.
index: $(STAMP)
	$(BIN)/python -m safelib.core.search.prebuilt

test: $(STAMP)
	$(BIN)/ruff check src tests packaging benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench: $(STAMP)
	PYTHONPATH=src:. $(BIN)/python -m benchmarks $(ARGS)

dist: $(STAMP)
	$(BIN)/python packaging/build.py

# The Windows bundle, built and run under Wine (docs/windows.md): dist/windows/safelib.
dist-windows:
	bash packaging/windows/wine.sh dist

# Run what make dist-windows built: version, search, pack verify, two smoke runs, a Sorani screenshot, a kit with
# dist/safelib (make dist) beside it; then check its DLL imports against the stated minimum Windows, and audit
# what a session leaves in Wine's registry and user profile.
test-windows: $(STAMP)
	bash packaging/windows/wine.sh test
	SAFELIB_WINDOWS_BUNDLE=dist/windows/safelib $(BIN)/python -m pytest -q tests/packaging/test_windows_imports.py
	bash packaging/windows/wine.sh audit

# Pin every dependency again, with the hashes of each release's files for every platform (requirements/README.md).
lock:
	$(PYTHON) -m venv build/lock-tools
	build/lock-tools/bin/pip install --quiet pip-tools
	cd requirements && for list in app dev; do \
		../build/lock-tools/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-header \
			--no-emit-index-url --no-emit-find-links $$list.in -o $$list.txt || exit 1; \
	done

lint: $(STAMP)
	$(BIN)/ruff check src tests packaging benchmarks
	$(BIN)/ruff format --check src tests packaging benchmarks
	$(BIN)/mypy

fmt: $(STAMP)
	$(BIN)/ruff check --fix src tests packaging benchmarks
	$(BIN)/ruff format src tests packaging benchmarks

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache

# Interface translations (translations/README.md explains the steps for translators).
KEYWORDS := -k _ -k N_ -k ngettext:1,2 -k pgettext:1c,2
pot: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg $(KEYWORDS) --no-location --sort-output \
		--project=safelib --copyright-holder="safelib project" -o translations/safelib.pot .

po: pot
	for lang in $(LANGUAGES); do \
		$(BIN)/pybabel update -i translations/safelib.pot -o translations/$$lang.po -l $${lang%%-x-*} --no-fuzzy-matching --ignore-obsolete; \
	done

mo: $(STAMP)
	for lang in $(LANGUAGES); do \
		mkdir -p build/translations/$$lang/LC_MESSAGES; \
		$(BIN)/pybabel compile --statistics -i translations/$$lang.po -o build/translations/$$lang/LC_MESSAGES/safelib.mo -l $${lang%%-x-*}; \
	done
