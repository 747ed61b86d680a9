"""9. Recherche à N2 compétences : taille de l'index, premier résultat dans Chromium à 390 px
(mesures de ``benchmarks/recherche.py``, lançable seul)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..contexte import Contexte
from ..machine import load_text

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # benchmarks/, for recherche.py

import recherche  # noqa: E402

NUMERO = 9
BESOINS = (3,)  # the site built at the largest size


def mesurer(ctx: Contexte) -> None:
    site, n = ctx.site_grand, ctx.synthetiques[-1][0]
    rows, notes = recherche.rows(site, n, ctx.reps)
    ctx.report.add(f"9. Recherche à {n} compétences", ["mesure", "valeur", "objectif", "rapport"],
                   rows, notes + [f"Charge moyenne (1 min) à la fin : {load_text()}."])
