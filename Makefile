# The two commands of the README: `make demo` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup demo test system-deps bench clean messages

# A virtual environment with cssgraph (editable) and its test tools, rebuilt when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed

# Validate the Verviers convention and print its indicator trace, on the embedded store.
demo: setup
	$(BIN)/cssgraph validate data
	$(BIN)/cssgraph query indicator-trace --columns sector,strategicObjectiveNumber,strategicObjective,indicator

# What the tests check cssgraph with, from Debian: Raptor's rapper (an independent C parser),
# Apache Jena (an independent SHACL engine and SPARQL client), Chromium (pages in a real browser),
# Apache and nginx (the published static site served with the rules cssgraph writes), Virtuoso
# (a second SPARQL store that `cssgraph load` fills). RUNLEVEL=1: the packages' own services are
# not started (the tests start private instances on loopback). Needs root; waits up to 10 minutes
# for another apt or dpkg (an unattended upgrade) to release the package lock.
system-deps:
	@{ command -v rapper && [ -f /usr/share/java/jena-shacl.jar ] && command -v chromium \
	   && [ -x /usr/sbin/apache2 ] && [ -x /usr/sbin/nginx ] && command -v virtuoso-t; } >/dev/null || \
	  { apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
	    raptor2-utils libapache-jena-java chromium apache2 nginx-light virtuoso-opensource >/dev/null; }

test: setup system-deps
	$(BIN)/ruff check cssgraph tests bench scripts
	$(BIN)/ruff format --check cssgraph tests bench scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: setup system-deps
	@command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq wrk >/dev/null
	$(BIN)/python bench/bench_parse_trace.py
	$(BIN)/python bench/bench_validate.py
	$(BIN)/python bench/bench_extract.py
	$(BIN)/python bench/bench_robustness.py
	$(BIN)/python bench/bench_serve.py
	$(BIN)/python bench/bench_fairness.py
	$(BIN)/python bench/bench_diff.py
	$(BIN)/python bench/bench_cities.py

clean:
	rm -rf $(VENV) .pytest_cache

# After changing the interface's words: the catalogues gain the new messages (empty, to translate
# in each locale/<lang>/LC_MESSAGES/cssgraph.po) and lose the ones no longer used. `make test`
# fails while one is untranslated (tests/test_i18n.py).
messages: setup
	$(BIN)/pybabel extract --no-location --sort-output -w 100 -F babel.cfg -k translate:2 -k translate_plural:2,3 -k marked --project cssgraph \
	  -o cssgraph/locale/cssgraph.pot .
	for lang in fr nl en; do $(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -w 100 -D cssgraph -l $$lang \
	  -i cssgraph/locale/cssgraph.pot -d cssgraph/locale; done
