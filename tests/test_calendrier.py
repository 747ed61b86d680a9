"""The promotion's calendar (generator/calendrier.py), on the programme of the valid case
« programme-seances »: 12 weeks from Monday 7 September 2026, 1 school week then 3 field
weeks, week 9 closed, week 10 a school week moved."""

from __future__ import annotations

import datetime as dt

import pytest

from generator import calendrier
from generator.calendrier import Calendrier

from .modele import framework


@pytest.fixture(scope="module")
def cal(tmp_path_factory) -> Calendrier:
    return Calendrier(framework(tmp_path_factory.mktemp("cal"), "valid/programme-seances"))


def test_semaines_ecole_suivent_le_rythme_et_les_exceptions(cal: Calendrier) -> None:
    programme = cal.programme
    assert programme is not None
    assert calendrier.semaines_ecole(programme) == [1, 5, 10]
    assert calendrier.lieu_semaine(programme, 9) == "interruption"
    assert calendrier.lieu_semaine(programme, 2) == "terrain"
    assert calendrier.nombre_semaines(programme) == 12


def test_semaine_d_une_date(cal: Calendrier) -> None:
    programme = cal.programme
    assert programme is not None
    assert calendrier.semaine_de_date(programme, "2026-09-07") == 1
    assert calendrier.semaine_de_date(programme, "2026-09-13") == 1
    assert calendrier.semaine_de_date(programme, "2026-09-14") == 2
    assert calendrier.semaine_de_date(programme, "2026-08-31") == 0  # before: not week 1
    assert calendrier.lundi(programme, 10) == dt.date(2026, 11, 9)


def test_seances_dans_l_ordre_du_calendrier(cal: Calendrier) -> None:
    assert [s.id for s in cal.seances] == [
        "accueil-promotion", "visite-structure", "semaine-reportee"]
    assert [cal.semaine_de(s) for s in cal.seances] == [1, 6, 10]


def test_quand(cal: Calendrier) -> None:
    accueil, visite, reportee = cal.seances
    assert cal.quand(accueil) == "Semaine 1 (école), mardi 8 septembre 2026"
    assert cal.quand(visite) == "Semaine 6 (terrain), mardi 13 octobre 2026"
    assert cal.quand(reportee) == "Semaine 10 (école), semaine du 9 novembre 2026"
    assert cal.quand_debut() == "lundi 7 septembre 2026"


def test_semaines_du_calendrier(cal: Calendrier) -> None:
    semaines = cal.semaines
    assert [s.numero for s in semaines] == list(range(1, 13))
    assert semaines[8].lieu_libelle == "interruption"
    assert semaines[8].motif == "Fermeture de fin d'année"
    assert [s.id for s in semaines[0].seances] == ["accueil-promotion"]
    assert semaines[1].seances == ()


def test_periodes_et_groupes(cal: Calendrier) -> None:
    assert cal.periodes == [(1, 4), (5, 9), (10, 12)]
    assert [(titre, [s.id for s in seances]) for titre, seances in cal.groupes_seances] == [
        ("Période 1 : semaines 1 à 4 (septembre 2026)", ["accueil-promotion"]),
        ("Période 2 : semaines 5 à 9 (octobre 2026)", ["visite-structure"]),
        ("Période 3 : semaines 10 à 12 (novembre 2026)", ["semaine-reportee"]),
    ]


def test_sans_programme(tmp_path) -> None:
    cal = Calendrier(framework(tmp_path))
    assert not cal.a_des_seances
    assert cal.semaines == [] and cal.periodes == [] and cal.groupes_seances == []
    assert cal.quand_debut() == ""
    assert cal.lundi(3) is None
