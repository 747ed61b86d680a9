"""Coverage of the compétences by the séances (generator/couverture.py), on the valid case
« programme-seances »: accueil (3 h 30, cp01 and cp02), visite (2 h, cp02), semaine
reportée (1 h, cp01)."""

from __future__ import annotations

import pytest

from generator import couverture as couverture_mod
from generator.couverture import Couverture, part_heures

from .modele import framework


@pytest.fixture(scope="module")
def couv(tmp_path_factory) -> Couverture:
    return Couverture(framework(tmp_path_factory.mktemp("couv"), "valid/programme-seances"))


def _ids(items) -> list[str]:
    return [i.id for i in items]


def test_la_duree_d_une_seance_est_partagee_entre_ses_competences(couv: Couverture) -> None:
    accueil = couv.calendrier.seances[0]
    assert accueil.id == "accueil-promotion"
    assert part_heures(accueil) == 1.75


def test_lignes(couv: Couverture) -> None:
    rows = [(c.id, _ids(seances), heures, vises) for c, seances, heures, vises in couv.lignes]
    assert rows == [
        ("cp01", ["accueil-promotion", "semaine-reportee"], 2.75, 1),
        ("cp02", ["accueil-promotion", "visite-structure"], 3.75, 1),
    ]
    assert couv.competences_non_couvertes == []
    assert couv.heures_totales == 6.5
    ccp = couv.fw.ccps[0]
    assert couv.heures_du_ccp(ccp) == 6.5
    assert [row[0].id for row in couv.couverture_du_ccp(ccp)] == ["cp01", "cp02"]
    assert couv.nb_seances(couv.competences["cp01"]) == 2


def test_criteres_vises(couv: Couverture) -> None:
    accueil, _, reportee = couv.calendrier.seances
    assert [(c.id, _ids(criteres), nommes)
            for c, criteres, nommes in couv.criteres_vises(accueil)] == [
        ("cp01", ["cp01-c1"], True), ("cp02", ["cp02-c1"], True)]
    # None named for cp01: all its criteria, flagged as not named.
    [(comp, criteres, nommes)] = couv.criteres_vises(reportee)
    assert comp.id == "cp01" and not nommes
    assert _ids(criteres) == _ids(comp.criteres)


def test_un_seul_tableau_tant_qu_il_tient(couv: Couverture) -> None:
    [(ccp, competences, seances)] = couv.blocs_couverture
    assert ccp is None
    assert _ids(competences) == ["cp01", "cp02"]
    assert _ids(seances) == _ids(couv.calendrier.seances)


def test_un_tableau_par_ccp_au_dela(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(couverture_mod, "COUVERTURE_COLONNES_MAX", 1)
    couv = Couverture(framework(tmp_path, "valid/programme-seances"))
    [(ccp, competences, seances)] = couv.blocs_couverture
    assert ccp is not None and ccp.id == "ccp1"
    assert _ids(competences) == ["cp01", "cp02"]
    assert _ids(seances) == ["accueil-promotion", "visite-structure", "semaine-reportee"]


def test_sans_seance_rien_n_est_couvert(tmp_path) -> None:
    couv = Couverture(framework(tmp_path))
    assert _ids(couv.competences_non_couvertes) == ["cp01", "cp02"]
    assert couv.heures_totales == 0
