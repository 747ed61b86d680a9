"""French wording (generator/libelles.py): what pages, sheets and messages print."""

from __future__ import annotations

import datetime as dt

import pytest

from generator import libelles
from generator.model import Personne


@pytest.mark.parametrize(("nombre", "attendu"), [
    (0, "0 erreur"), (1, "1 erreur"), (2, "2 erreurs"), (125, "125 erreurs"),
])
def test_pluriel_regulier(nombre: int, attendu: str) -> None:
    assert libelles.pluriel(nombre, "erreur") == attendu


def test_pluriel_irregulier() -> None:
    assert libelles.pluriel(3, "CCP", "CCP") == "3 CCP"
    assert libelles.pluriel(2, "étape du parcours", "étapes du parcours") == \
        "2 étapes du parcours"
    assert libelles.pluriel(1, "étape du parcours", "étapes du parcours") == \
        "1 étape du parcours"


@pytest.mark.parametrize(("heures", "attendu"), [
    (3.5, "3 h 30"), (0.75, "45 min"), (12, "12 h"), (1 + 5 / 60, "1 h 05"), (0, "0 min"),
])
def test_heures(heures: float, attendu: str) -> None:
    assert libelles.heures(heures) == attendu


def test_minutes() -> None:
    assert libelles.minutes(105) == "1 h 45"
    assert libelles.minutes(120) == "2 h"


def test_dates() -> None:
    assert libelles.date_fr("2026-09-07") == "7 septembre 2026"
    assert libelles.date_fr("2026-10-01") == "1er octobre 2026"
    assert libelles.date_fr(dt.date(2026, 9, 8), jour=True) == "mardi 8 septembre 2026"
    assert libelles.mois_fr(dt.date(2027, 2, 3)) == "février 2027"
    assert libelles.date_courte(None) == "—"
    assert libelles.date_courte("2026-12-25") == "25 décembre 2026"


def test_quand() -> None:
    lundi = dt.date(2026, 10, 5)
    assert libelles.quand(5, "ecole", "2026-10-06", lundi) == \
        "Semaine 5 (école), mardi 6 octobre 2026"
    assert libelles.quand(5, "terrain", None, lundi) == \
        "Semaine 5 (terrain), semaine du 5 octobre 2026"
    assert libelles.quand(3, None, None, None) == "Semaine 3"
    assert libelles.quand(None, None, None, None) == "Non datée"


def test_titre_periode() -> None:
    assert libelles.titre_periode(2, 5, 8, dt.date(2026, 10, 5)) == \
        "Période 2 : semaines 5 à 8 (octobre 2026)"
    assert libelles.titre_periode(3, 9, 9, None) == "Période 3 : semaine 9"


def test_personne() -> None:
    acteurs = {"cip": "Conseiller en insertion professionnelle"}
    assert libelles.personne(Personne(acteur="cip", precision="CIP d'un ACI"), acteurs) == \
        "Conseiller en insertion professionnelle, CIP d'un ACI"
    assert libelles.personne(Personne(acteur="cip"), acteurs) == \
        "Conseiller en insertion professionnelle"
    assert libelles.personne(Personne(nom="Formatrice"), acteurs) == "Formatrice"


def test_filtres_jinja() -> None:
    from generator.render import _environment

    env = _environment()
    rendu = env.from_string("{{ 2 | pluriel('séance') }}, {{ 1.5 | heures }}").render()
    assert rendu == "2 séances, 1 h 30"
