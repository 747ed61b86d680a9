# Makefile du référentiel CIP (GNU make).
# Cibles principales : venv, site, check, test, lint, serve, bench, mutation, clean.

# Interpréteur système utilisé pour créer l'environnement virtuel.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Fichier témoin : l'installation n'est refaite que si pyproject.toml change.
VENV_STAMP := $(VENV)/.installe
# Dossier des pages Markdown générées (ignoré par git).
GENERATED_DIR := content/referentiel
SITE_DIR := site

# Python garde ses modules compilés (__pycache__/, ignoré par git) : un environnement qui
# l'interdit (PYTHONDONTWRITEBYTECODE) ferait recompiler le générateur à chacun des centaines
# de processus qu'ouvrent les tests et les bancs (0,26 s → 0,18 s pour un « validate »).
unexport PYTHONDONTWRITEBYTECODE

# Fait taire les bannières de Material / ProperDocs au sujet de MkDocs 2.0.
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.DEFAULT_GOAL := help
.PHONY: help venv site check test lint serve bench mutation clean

help: ## Affiche cette aide
	@echo "Cibles disponibles :"
	@grep -E '^[a-zA-Z_.-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  %-8s %s\n", $$1, $$2}'

# Crée l'environnement virtuel et installe le projet (mode éditable) avec ses
# dépendances de test. Refait uniquement si pyproject.toml est plus récent que le témoin.
$(VENV_STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

$(VENV): $(VENV_STAMP)

venv: $(VENV_STAMP) ## Crée .venv et installe le projet avec les extras de test

# Un site par référentiel : le titre CIP (framework/) dans site/, chaque autre certification
# (frameworks/<id>/, par exemple le CAP AEPE) dans site-<id>/. Chaque site a ses pages, sa
# recherche, ses PDF et son application hors ligne ; les réponses enregistrées sont rangées sous
# l'identifiant du référentiel.
AUTRES_REFERENTIELS := $(patsubst frameworks/%/titre.yml,%,$(wildcard frameworks/*/titre.yml))

site: $(VENV_STAMP) ## Valide les données puis construit les sites (site/, site-<id>/)
	$(PY) -m generator validate
	$(PY) -m generator build
	@for id in $(AUTRES_REFERENTIELS); do \
		echo "$(PY) -m generator validate --framework frameworks/$$id"; \
		$(PY) -m generator validate --framework frameworks/$$id || exit 1; \
		echo "$(PY) -m generator build --framework frameworks/$$id --site-dir site-$$id"; \
		$(PY) -m generator build --framework frameworks/$$id --site-dir site-$$id || exit 1; \
	done

# Ruff tourne aussi dans « make test » (tests/test_structure.py) ; cette cible le lance seul.
lint: $(VENV_STAMP) ## Vérifie le style du code (ruff)
	$(VENV)/bin/ruff check generator tests benchmarks

# Tests répartis sur TEST_JOBS processus (pytest-xdist ; « auto » : un par cœur), chacun avec
# son Chromium ; les sites de test sont construits une fois par passage (tests/conftest_site.py).
# « worksteal » : un processus qui a fini prend des tests à l'autre (les durées vont de quelques
# millisecondes à plus d'une minute : sans cela, la fin du passage n'occupe souvent qu'un cœur).
TEST_JOBS ?= auto
TEST_DIST ?= worksteal

# La boucle d'édition (≤ 60 s) : ruff, puis tout ce qui ne construit ni ne sert de site
# (schémas, cas, tests unitaires Python et modules navigateur) ; CIP_SANS_SITE=1 fait échouer
# un test non marqué « site » qui construirait quand même.
check: $(VENV_STAMP) ## Boucle rapide pendant l'édition : ruff, schémas, cas, tests unitaires
	$(VENV)/bin/ruff check generator tests benchmarks
	CIP_SANS_SITE=1 $(PY) -m pytest -q -m "not site" -n $(TEST_JOBS) --dist $(TEST_DIST)

# Le code de sortie de pytest est conservé tel quel : 5 (aucun test exécuté) fait échouer la cible.
test: $(VENV_STAMP) ## Lance toute la suite de tests (y compris les tests navigateur)
	NO_MKDOCS_2_WARNING=1 $(PY) -m pytest -q -n $(TEST_JOBS) --dist $(TEST_DIST) --durations=10

# « make serve FRAMEWORK=frameworks/cap-aepe » sert le site d'une autre certification.
serve: $(VENV_STAMP) ## Sert le site en local avec rechargement automatique
	$(PY) -m generator serve $(if $(FRAMEWORK),--framework $(FRAMEWORK))

# Mesures complètes (plusieurs minutes ; toutes les rubriques de benchmarks/banc/rubriques/) ;
# BENCH_ARGS=--rapide pour vérifier que le banc tourne, BENCH_ARGS="--rubriques 1,7" pour quelques-unes.
bench: $(VENV_STAMP) ## Lance les mesures de performance (résultats dans benchmarks/)
	$(PY) benchmarks/run.py $(BENCH_ARGS)

# Test de mutation de load, validate et checks (configuration : [tool.mutmut] de pyproject.toml).
# Incrémental : les fonctions modifiées depuis le dernier passage sont rejouées, puis les
# survivants des passages précédents avec les tests du jour ; au-delà de MUTATION_BUDGET secondes
# le passage s'arrête, « make mutation » le reprend où il en était (bilan : tests/MUTATION.md).
MUTATION_BUDGET ?= 1800
MUTATION_JOBS ?= 2
mutation: $(VENV_STAMP) ## Test de mutation du cœur : score et mutants survivants
	$(PY) -m pip install --quiet -e '.[mutation]'
	$(PY) tests/mutation_preparer.py
	$(PY) tests/mutation_rapport.py --a-rejouer > .mutmut.avant
	nice -n 10 timeout $(MUTATION_BUDGET) $(VENV)/bin/mutmut run --max-children $(MUTATION_JOBS) \
		> .mutmut.log 2>&1 || echo "Budget de $(MUTATION_BUDGET) s atteint : relancez pour continuer."
	@# survivants d'un passage précédent dans une fonction inchangée : rejoués avec les tests du jour
	$(PY) tests/mutation_rapport.py --a-rejouer .mutmut.avant > .mutmut.rejouer
	test ! -s .mutmut.rejouer || nice -n 10 timeout $(MUTATION_BUDGET) $(VENV)/bin/mutmut run \
		--max-children $(MUTATION_JOBS) $$(cat .mutmut.rejouer) >> .mutmut.log 2>&1 \
		|| echo "Budget de $(MUTATION_BUDGET) s atteint : relancez pour continuer."
	@$(PY) tests/mutation_rapport.py

clean: ## Supprime le site, les pages générées et le témoin d'installation
	rm -rf $(SITE_DIR) $(addprefix site-,$(AUTRES_REFERENTIELS)) $(GENERATED_DIR) .cache mutants .mutmut.log .mutmut.avant .mutmut.rejouer
	rm -f $(VENV_STAMP)
