# Contrepoint: `make html` sets everything up and builds the site into output/;
# `make test` runs every test. `make help` lists the rest.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PELICAN := $(BIN)/pelican
INPUTDIR := content
OUTPUTDIR := output
CONFFILE := pelicanconf.py
PUBLISHCONF := publishconf.py
PELICANOPTS ?=
PORT ?= 8000
BIND ?= 127.0.0.1
READY := $(VENV)/.ready
RUN := PYTHONPATH=plugins $(BIN)/python
SEARCH_INDEX := $(BIN)/python -m pagefind --site $(OUTPUTDIR) --silent

.PHONY: help html clean regenerate serve devserver publish test check suggest eval bench browser-deps

help:
	@echo "make html        set up .venv and build the site into $(OUTPUTDIR)/"
	@echo "make test        run every test (installs Chromium and vnu.jar if missing)"
	@echo "make check       validate comments, positions and annotations, write nothing"
	@echo "make clean       remove the generated site and the cache"
	@echo "make regenerate  rebuild on every change"
	@echo "make serve       serve $(OUTPUTDIR)/ on http://$(BIND):$(PORT)/"
	@echo "make devserver   rebuild on change and serve"
	@echo "make publish     build the deployable site with $(PUBLISHCONF)"
	@echo "make suggest     list sentences likely to state a position"
	@echo "make eval        evaluate stance detection against the gold file"
	@echo "make bench       benchmark the build (see bench/README.md)"

$(READY): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

html: $(READY)
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) --fatal warnings $(PELICANOPTS)
	$(SEARCH_INDEX)

clean:
	rm -rf $(OUTPUTDIR) cache

regenerate: $(READY)
	$(PELICAN) -r $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)

serve: $(READY)
	$(PELICAN) -l $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -b $(BIND) -p $(PORT)

devserver: $(READY)
	$(PELICAN) -lr $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -b $(BIND) -p $(PORT) $(PELICANOPTS)

publish: $(READY)
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(PUBLISHCONF) --fatal warnings $(PELICANOPTS)
	$(SEARCH_INDEX)

check: $(READY)
	$(RUN) -m contrepoint.check $(INPUTDIR)

suggest: $(READY)
	$(RUN) -m contrepoint.stance.suggest $(INPUTDIR)

eval: $(READY)
	$(RUN) -m contrepoint.stance.evaluate

bench: $(READY)
	$(RUN) -m bench $(BENCHOPTS)

browser-deps:
	bash scripts/install-browser-deps.sh

test: $(READY) browser-deps
	$(BIN)/python -m pytest $(PYTESTOPTS)
