"""The tools in the labels script (``outils`` of exports/referentiel-cip.js), read by « Suivi de
l'équipe »: the tools whose form situates levels, in the order of the salarié's path, each
level field tied to the activity written before it and to who situates it."""

from __future__ import annotations

from dataclasses import replace

from generator.export.script import labels
from generator.pipeline import validate_framework
from generator.render import suivi_equipe

from .site_helpers import REAL_FRAMEWORK


def test_tools_with_levels_in_the_order_of_the_path() -> None:
    fw = validate_framework(REAL_FRAMEWORK).framework
    outils = {o["id"]: o for o in labels(fw)["outils"]}
    ordre = [o["id"] for o in labels(fw)["outils"]]
    assert "analyse-poste" not in outils  # no level to follow
    assert ordre.index("grille-positionnement") < ordre.index("grille-evaluation-production") \
        < ordre.index("attestation-competences")
    prod = outils["grille-evaluation-production"]
    assert prod["cle"] == "outil-grille-evaluation-production"
    assert prod["page"] == "referentiel/grilles/outil-grille-evaluation-production.html"
    assert (prod["personne"], prod["date"]) == ("nom-salarie", "date-evaluation")
    criteres = {c["id"]: c for c in prod["criteres"]}
    assert criteres["niveau-encadrant-1"]["ligne"] == "activite-1"
    assert criteres["niveau-encadrant-1"]["evalue_par"] == "encadrant"
    assert criteres["niveau-salarie-1"]["ligne"] == "activite-1"
    assert criteres["niveau-salarie-1"]["evalue_par"] == "salarie"
    assert criteres["securite"]["ligne"] is None
    assert outils["attestation-competences"]["date"] == "date-attestation"
    assert {c["type"] for c in outils["attestation-competences"]["criteres"]} == {"niveau_atteint"}


def test_no_team_page_without_tools_that_situate_levels() -> None:
    fw = validate_framework(REAL_FRAMEWORK).framework
    assert suivi_equipe(fw)
    sans = replace(fw, outils=tuple(o for o in fw.outils if o.formulaire is None))
    assert not suivi_equipe(sans)
    assert labels(sans)["outils"] == []
