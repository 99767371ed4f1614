VENV := .venv
PY := $(VENV)/bin/python
# What the bot needs (`make run`); then the test tools on top (`make test`, lint, bench).
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test test-quick lint migrate bench clean catalogs

# Translations: the .po files are in the repository, the compiled .mo files are built here.
LOCALES := domain/locales
CATALOGS := $(wildcard $(LOCALES)/*/LC_MESSAGES/between.po)
COMPILED := $(CATALOGS:.po=.mo)

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip  # a newer pip installs the rest in 2/3 the time
	$(PY) -m pip install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(TEST_STAMP)

$(COMPILED): %.mo: %.po $(STAMP)
	$(VENV)/bin/pybabel --quiet compile --domain between --input-file $< --output-file $@

# The bot creates or upgrades the database as it starts (the sandbox leaves it untouched).
run: $(STAMP) $(COMPILED)
	$(PY) -m bot

test: $(TEST_STAMP) $(COMPILED)
	$(PY) -m pytest -q

# Everything but the tests marked slow (real processes, the browser, random and exhaustive
# sweeps, long simulations, the benchmarks), on SQLite and on every core, for while you
# work. `make test` runs them all, on PostgreSQL too when TEST_DATABASE_URL is set.
test-quick: $(TEST_STAMP) $(COMPILED)
	TEST_DATABASE_URL= $(PY) -m pytest -q -m "not slow" -n auto

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

migrate: $(STAMP)
	$(PY) -m storage.migrate

bench: $(TEST_STAMP) $(COMPILED)
	$(PY) -m bench.run

# After changing a client-facing word: extract every message, then update each language.
catalogs: $(STAMP)
	$(VENV)/bin/pybabel --quiet extract --mapping-file babel.cfg --add-comments Translators: \
		--add-location file --sort-output --project Between --output-file $(LOCALES)/between.pot .
	$(VENV)/bin/pybabel --quiet update --domain between --input-file $(LOCALES)/between.pot \
		--output-dir $(LOCALES) --ignore-obsolete --no-fuzzy-matching
	$(MAKE) $(COMPILED)

clean:
	rm -rf $(VENV) .pytest_cache $(COMPILED)
