"""Les rubriques du banc, une par module.

Ajouter une rubrique :

1. écrire ``benchmarks/banc/rubriques/<nom>.py`` avec ``NUMERO`` (le numéro de sa section
   « ## N. Titre »), ``BESOINS`` (les numéros des rubriques dont elle lit les résultats dans le
   contexte, ex. ``(2,)`` pour le site réel construit) et ``mesurer(ctx)``, qui appelle
   ``ctx.report.add(...)`` une ou plusieurs fois ;
2. l'ajouter à ``RUBRIQUES`` ci-dessous (ordre d'exécution : une rubrique après celles dont
   elle a besoin) ;
3. ajouter son titre à ``tests/test_bench.py``.

Les outils communs : ``banc.mesure`` (une commande dans un processus neuf, médiane),
``banc.projet`` (copie du projet, référentiel synthétique), ``banc.rapport`` (mise en forme).
"""

from __future__ import annotations

from types import ModuleType

from . import (
    apercu,
    application,
    echelle,
    generateur,
    pdf,
    poids,
    promotion,
    promotion_cent,
    recherche,
    suite,
    validation,
)

# Ordre d'exécution ; le fichier de résultats les range par numéro.
RUBRIQUES: list[ModuleType] = [validation, generateur, echelle, poids, recherche, pdf, promotion,
                               promotion_cent, apercu, application, suite]


def par_numero() -> dict[int, ModuleType]:
    return {r.NUMERO: r for r in RUBRIQUES}


def a_mesurer(voulues: set[int]) -> list[ModuleType]:
    """The wanted rubrics and those they need (transitively), in the registry's order."""
    index = par_numero()
    inconnues = voulues - index.keys()
    if inconnues:
        raise ValueError(", ".join(str(n) for n in sorted(inconnues)))
    todo, seen = list(voulues), set()
    while todo:
        n = todo.pop()
        if n not in seen:
            seen.add(n)
            todo += index[n].BESOINS
    return [r for r in RUBRIQUES if r.NUMERO in seen]
