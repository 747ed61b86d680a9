"""The rules of generator/checks/, each family tested alone on a small model: the base
framework (tests/cases/base) with one file changed. The golden CLI cases (test_cases.py) keep
the edges; here, a rule's exact diagnostics and that the loop never stops at the first."""

from __future__ import annotations

from pathlib import Path

from generator.checks import (
    RULES,
    CheckContext,
    Declared,
    check,
    identifiants,
    programme,
    references,
    sorties,
)
from generator.checks import seances as seances_rules
from generator.diagnostics import Diagnostic

from .modele import unchecked

ACCUEIL = Path(__file__).parent / "cases/base/framework/parcours/accueil.yml"

SEANCE = """\
id: {id}
intitule: Séance
{quand}
duree: 2
lieu: ecole
formateur: {formateur}
objectifs: [Objectif]
deroule:
  - {{titre: Étape, duree: {duree}}}
competences: [{competences}]
criteres: [{criteres}]
grilles: [{grilles}]
sources: [equipe-pedagogique]
"""
PROGRAMME = """\
id: promotion
intitule: Promotion
debut: {date: "2026-09-07", sources: [equipe-pedagogique]}
duree: {semaines: 12, sources: [equipe-pedagogique]}
rythme: {ecole: 1, terrain: 3, sources: [equipe-pedagogique]}
exceptions:
  - {semaine: 9, lieu: interruption, motif: Fermeture}
  - {semaine: 14, lieu: ecole, motif: Rattrapage}
sources: [equipe-pedagogique]
"""


def seance(id: str, quand: str = "semaine: 1", formateur: str = "Formatrice",
           duree: int = 120, competences: str = "cp01", criteres: str = "",
           grilles: str = "") -> str:
    return SEANCE.format(id=id, quand=quand, formateur=formateur, duree=duree,
                         competences=competences, criteres=criteres, grilles=grilles)


def run(rule, tmp_path: Path, files: dict[str, str]) -> list[str]:
    fw, declared = unchecked(tmp_path, files=files)
    return sorted(d.format() for d in rule(CheckContext(fw, declared)))


def test_la_base_ne_declenche_aucune_regle(tmp_path: Path) -> None:
    fw, declared = unchecked(tmp_path)
    assert check(fw, declared) == []


def test_identifiants(tmp_path: Path) -> None:
    autre = ACCUEIL.read_text(encoding="utf-8").replace("id: accueil", "id: accueil-bis", 1)
    files = {"parcours/copie.yml": autre}
    nom = run(identifiants.noms_de_fichier, tmp_path / "a", files)
    assert nom == ["framework/parcours/copie.yml:1:5: error[id.filename]: $.id: l'identifiant "
                   "« accueil-bis » n'est pas le nom du fichier « copie » : renommez le fichier "
                   "en « accueil-bis.yml » ou changez l'identifiant"]
    uniques = run(identifiants.identifiants_uniques, tmp_path / "b", files)
    assert uniques == ["framework/parcours/copie.yml:2:8: error[numero.duplicate]: $.ordre: "
                       "rang d'étape « 1 » déjà utilisé (framework/parcours/accueil.yml:2)"]


def test_references_et_symetrie(tmp_path: Path) -> None:
    texte = ACCUEIL.read_text(encoding="utf-8")
    files = {"parcours/accueil.yml": texte.replace("competences: [cp01, cp02]",
                                                   "competences: [cp01, cp03]")
             .replace("outils: [grille-positionnement]", "outils: []")}
    assert run(references.references, tmp_path / "a", files) == [
        "framework/parcours/accueil.yml:15:21: error[ref.unknown]: $.competences[1]: "
        "compétence inconnue « cp03 » (vouliez-vous dire « cp02 » ?)"]
    assert run(references.symetrie_outils_etapes, tmp_path / "b", files) == [
        "framework/outils/grille-positionnement.yml:4:10: warning[ref.asymmetric]: "
        "$.etapes[0]: l'étape « accueil » ne cite pas cet outil dans ses « outils »"]
    sources = {"parcours/accueil.yml": texte.replace("sources: [arrete-2023]\n",
                                                     "sources: [arrete-2032]\n", 1)}
    [diagnostic] = run(references.sources, tmp_path / "c", sources)
    assert "error[ref.unknown]: $.regles[0].sources[0]: source inconnue « arrete-2032 »" \
        in diagnostic


def test_seances(tmp_path: Path) -> None:
    files = {"seances/s1.yml": seance("s1", formateur="{acteur: cpi}", duree=105,
                                      criteres="cp02-c1", grilles="{outil: inconnu}")}
    assert run(seances_rules.references_seances, tmp_path / "a", files) == [
        "framework/seances/s1.yml:12:19: error[ref.unknown]: $.grilles[0].outil: "
        "outil inconnu « inconnu »",
        "framework/seances/s1.yml:6:21: error[ref.unknown]: $.formateur.acteur: "
        "acteur inconnu « cpi » (vouliez-vous dire « cip » ?)",
    ]
    assert run(seances_rules.criteres_seances, tmp_path / "b", files) == [
        "framework/seances/s1.yml:11:12: error[seance.critere]: $.criteres[0]: le critère "
        "« cp02-c1 » évalue la compétence « cp02 », absente des « competences » de la séance"]
    assert run(seances_rules.deroule_seances, tmp_path / "c", files) == [
        "framework/seances/s1.yml:4:8: warning[seance.duree]: $.duree: le déroulé totalise "
        "1 h 45 pour une séance de 2 h"]


def test_programme(tmp_path: Path) -> None:
    files = {
        "programme.yml": PROGRAMME,
        "seances/ecole.yml": seance("ecole", quand="semaine: 2"),
        "seances/date.yml": seance("date", quand='semaine: 5\ndate: "2026-09-09"'),
        "seances/loin.yml": seance("loin", quand='date: "2027-01-04"'),
    }
    assert run(programme.calendrier_seances, tmp_path / "a", files) == [
        "framework/seances/date.yml:4:7: error[seance.date]: $.date: la date 9 septembre "
        "2026 tombe en semaine 1, pas en semaine 5",
        "framework/seances/ecole.yml:3:10: error[seance.lieu]: $.semaine: séance à l'école "
        "en semaine 2, qui est une semaine de terrain ; semaines d'école : 1, 5",
        "framework/seances/loin.yml:3:7: error[seance.semaine]: $.date: la date 4 janvier "
        "2027 est hors du calendrier de la promotion (du 7 septembre 2026 au 29 novembre "
        "2026)",
    ]
    assert run(programme.exceptions, tmp_path / "b", files) == [
        "framework/programme.yml:8:15: error[seance.semaine]: $.exceptions[1].semaine: "
        "semaine 14 hors du calendrier de la promotion (semaines 1 à 12)"]
    assert run(programme.couverture, tmp_path / "c", files) == [
        "framework/programme.yml:1:5: warning[couverture.competence]: $.id: la compétence "
        "« cp02 » n'est travaillée par aucune séance du programme"]


def test_la_boucle_rassemble_chaque_regle(tmp_path: Path) -> None:
    """Every rule runs, whatever the others found (never stop at the first)."""
    fw, declared = unchecked(tmp_path / "a", files={
        "programme.yml": PROGRAMME, "seances/s1.yml": seance("s1", quand="semaine: 2",
                                                             duree=105, criteres="cp02-c1")})
    every = check(fw, declared)
    codes = sorted({d.code for d in every})
    assert codes == ["couverture.competence", "seance.critere", "seance.duree", "seance.lieu",
                     "seance.semaine"]

    def boom(ctx: CheckContext):
        yield Diagnostic("x", 0, 0, "test.regle", "ajoutée")

    assert check(fw, declared, (boom, *RULES))[0].code == "test.regle"
    assert len(check(fw, declared, (*RULES, boom))) == len(every) + 1


def test_les_noms_verifies_sont_ceux_des_pdf_produits() -> None:
    """The output-name rule names exactly the PDFs the rendering makes from ids (every grid,
    blank and fillable, every booklet): a new kind of PDF cannot escape it unnoticed."""
    from generator.grilles import PDF_DIR
    from generator.pipeline import validate_framework
    from generator.render import render_site

    validation = validate_framework(Path(__file__).parent.parent / "framework")
    assert validation.framework is not None
    ctx = CheckContext(validation.framework, Declared())
    checked = sorted(nom for nom, _, _ in sorties.noms_pdf_du_referentiel(ctx))
    made = sorted(i.path.name for i in render_site(validation.framework, []).impressions
                  if i.path.parent == PDF_DIR)
    assert checked == made
