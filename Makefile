# The commands a newcomer needs. `make run` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Every interface language is a translations/<code>.po file; nothing else lists them.
LANGUAGES := $(basename $(notdir $(wildcard translations/*.po)))

.PHONY: run test lint fmt clean pot po mo dist bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,packaging]'
	touch $(STAMP)

# PYTHONDONTWRITEBYTECODE: not even the first modules imported leave __pycache__ behind.
run: $(STAMP)
	PYTHONDONTWRITEBYTECODE=1 $(BIN)/safelib $(ARGS)

test: $(STAMP)
	$(BIN)/ruff check src tests packaging benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench: $(STAMP)
	PYTHONPATH=src:. $(BIN)/python -m benchmarks $(ARGS)

dist: $(STAMP)
	$(BIN)/python packaging/build.py

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
