"""11. Suivi de la promotion à 100 stagiaires dans Chromium : lecture et rendu de 1 400 exports
contre la simple lecture des mêmes fichiers, puis chaque changement du formateur (filtre,
tri, CCP, source) au grand tableau (1366 px) et aux cartes (390 px) ; mesures de
``benchmarks/promotion_filtre.py``, lançable seul."""

from __future__ import annotations

import sys
from pathlib import Path

from ..contexte import Contexte
from ..machine import load_text
from .promotion import CHROMIUM, lignes_chargement

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # benchmarks/, for promotion_filtre

import promotion_filtre  # noqa: E402

NUMERO = 11
BESOINS = (2,)  # the real site built by the generator
TITRE = "11. Suivi de la promotion à 100 stagiaires (chargement, filtres et tris)"


def mesurer(ctx: Contexte) -> None:
    header = ["mesure", "médiane", "objectif", "atteint"]
    if not Path(CHROMIUM).exists():
        ctx.report.add(TITRE, header, [["tout", "non mesurable", "", ""]],
                       [f"{CHROMIUM} introuvable (paquet Debian « chromium »)."])
        return
    stagiaires = 20 if ctx.quick else 100
    reps = 1 if ctx.quick else max(3, ctx.reps)
    try:
        rows = lignes_chargement(ctx.site_reel, ctx.work / "exports-promotion-cent",
                                 (stagiaires, 14, 1), reps,
                                 f"chargement + rendu ({{added}} exports, {stagiaires} stagiaires)")
        resultats = promotion_filtre.mesurer(ctx.site_reel, stagiaires, reps)
    except Exception as exc:  # noqa: BLE001 — Playwright's errors: the section says why
        ctx.report.add(TITRE, header, [["tout", "échec", "", ""]],
                       [f"Non mesurable : {str(exc).splitlines()[0][:300]}"])
        return
    for nom, med, pire, med_image, pire_image, objectif, ok in promotion_filtre.lignes(resultats):
        rows.append([nom, f"{med} (pire {pire}) ; image peinte : {med_image} (pire {pire_image})",
                     f"image peinte, pire cas {objectif}", ok])
    elements = " ; ".join(f"{k} : {v}" for k, v in
                          ((k, r["elements"]) for k, r in resultats.items()))
    ctx.report.add(TITRE, header, rows, [
        f"Chargement : {stagiaires} stagiaires × 14 grilles (compétences, trois sources), au "
        "format écrit par les grilles à remplir ; noms numérotés (« Stagiaire 01 Nom-Composé »), "
        "donc des milliers de paires de noms proches à proposer : le pire cas. Même méthode que "
        f"la rubrique 6 (contexte Chromium neuf, 1366 × 900), médiane de {reps} essai(s).",
        f"Changements : fichier promotion de {stagiaires} stagiaires (chaque CCP, évaluateur et "
        f"auto-évaluation), {reps} série(s) par largeur ; chaque mesure va de l'évènement "
        "(input ou change) à la mise en page, puis à l'image suivante peinte (ce que voit "
        "l'utilisateur ; Chromium sans carte graphique, peinture logicielle). Éléments dans la "
        "page une fois chargée : "
        f"{elements} (seuls les stagiaires visibles et une marge y sont).",
        f"Charge moyenne (1 min) à la fin : {load_text()}."])
