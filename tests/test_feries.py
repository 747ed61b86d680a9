"""French public holidays (generator/feries.py) and the rules on facts (generator/checks/
jours_feries.py, autorite.py), each tested alone on a small model."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.checks import CheckContext, autorite, jours_feries
from generator.feries import ferie, paques
from generator.feries import jours_feries as feries_de

from .modele import unchecked

PROGRAMME = """\
id: promotion
intitule: Promotion
debut: {date: "2027-05-17", sources: [equipe-pedagogique]}
duree: {semaines: 12, sources: [equipe-pedagogique]}
rythme: {ecole: 1, terrain: 1, sources: [equipe-pedagogique]}
sources: [equipe-pedagogique]
"""
SEANCE = """\
id: {id}
intitule: Séance
date: "{date}"
duree: 2
lieu: {lieu}
formateur: Formatrice
objectifs: [Objectif]
deroule:
  - {{titre: Étape, duree: 120}}
competences: [cp01]
sources: [equipe-pedagogique]
"""


@pytest.mark.parametrize("annee, dimanche", [
    (2024, dt.date(2024, 3, 31)), (2025, dt.date(2025, 4, 20)), (2026, dt.date(2026, 4, 5)),
    (2027, dt.date(2027, 3, 28)), (2038, dt.date(2038, 4, 25)), (2285, dt.date(2285, 3, 22)),
])
def test_paques_gregorien(annee: int, dimanche: dt.date) -> None:
    assert paques(annee) == dimanche


def test_onze_jours_feries_dont_ceux_qui_suivent_paques() -> None:
    jours = feries_de(2027)
    assert len(jours) == 11
    assert jours[dt.date(2027, 3, 29)] == "lundi de Pâques"
    assert jours[dt.date(2027, 5, 6)] == "Ascension"
    assert jours[dt.date(2027, 5, 17)] == "lundi de Pentecôte"
    assert ferie(dt.date(2026, 11, 11)) == "armistice de 1918"
    assert ferie(dt.date(2027, 5, 18)) is None


def run(rule, tmp_path: Path, files: dict[str, str]) -> list[str]:
    fw, declared = unchecked(tmp_path, files=files)
    return sorted(d.format() for d in rule(CheckContext(fw, declared)))


def test_seance_a_l_ecole_un_jour_ferie(tmp_path: Path) -> None:
    files = {
        "programme.yml": PROGRAMME,
        # week 1 (from Monday 17 May 2027, lundi de Pentecôte) is a school week; only a séance
        # at the school counts, a field séance on 14 July is no error
        "seances/pentecote.yml": SEANCE.format(id="pentecote", date="2027-05-17", lieu="ecole"),
        "seances/lendemain.yml": SEANCE.format(id="lendemain", date="2027-05-18", lieu="ecole"),
        "seances/terrain.yml": SEANCE.format(id="terrain", date="2027-07-14", lieu="terrain"),
    }
    assert run(jours_feries.seances_jours_feries, tmp_path, files) == [
        "framework/seances/pentecote.yml:3:7: error[seance.ferie]: $.date: séance à l'école le "
        "lundi 17 mai 2027, jour férié (lundi de Pentecôte) : choisissez un autre jour de la "
        "semaine",
    ]


def test_confiance_a_sans_texte_officiel(tmp_path: Path) -> None:
    base = (Path(__file__).parent / "cases/base/framework/sources.yml").read_text("utf-8")
    sources = base + """\
  - id: page-organisme
    titre: Page d'un organisme de formation
    titre_court: Page formation d'un organisme
    nature: organisme_formation
    consulte_le: "2026-11-29"
    confiance: B
"""
    glossaire = """\
termes:
  - {id: un, sigle: UN, definition: Officiel et organisme.,
     sources: [arrete-2023, page-organisme], confiance: A}
  - {id: deux, sigle: DEUX, definition: Organisme seul en A.,
     sources: [page-organisme], confiance: A}
  - {id: trois, sigle: TROIS, definition: Organisme seul en B hérité., sources: [page-organisme]}
  - {id: quatre, sigle: QUATRE, definition: Organisme seul en C.,
     sources: [page-organisme], confiance: C}
"""
    out = run(autorite.confiance_des_faits, tmp_path,
              {"sources.yml": sources, "glossaire.yml": glossaire})
    assert [line.split(": ")[1] for line in out] == [
        "error[confiance.texte_officiel]", "warning[confiance.sources_faibles]",
    ]
    assert "$.termes[1].confiance" in out[0] and "$.termes[2].sources" in out[1]
