"""The pure functions of « Suivi de la promotion » (content/javascripts/promotion.js), called in
Chromium on a blank page with the shared modules added: reading a grid export, matching it by
criterion id, duplicates, the latest level per source, gaps, counts per compétence, levels over
time, CSV rows and the promotion file that reloads everything. No built site needed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from .browser_helpers import BlankTab
from .conftest import ROOT
from .test_browser_cip import add_modules

pytest_plugins = ["tests.conftest_browser"]
pytestmark = pytest.mark.browser

PROMOTION_JS = ROOT / "content" / "javascripts" / "promotion.js"
IDENTITE_JS = ROOT / "content" / "javascripts" / "promotion-identite.js"

LABELS = {
    "version": "2023",
    "niveaux": [{"id": "non-acquis", "libelle": "Non acquis", "maitrise": False},
                {"id": "en-cours", "libelle": "En cours d'acquisition", "maitrise": False},
                {"id": "acquis", "libelle": "Acquis", "maitrise": True},
                {"id": "maitrise", "libelle": "Maîtrisé", "maitrise": True}],
    "ccps": [{"id": "ccp1", "numero": 1, "intitule": "Accueillir", "competences": ["cp01", "cp02"]},
             {"id": "ccp2", "numero": 2, "intitule": "Accompagner", "competences": ["cp03"]}],
    "competences": [
        {"id": "cp01", "ccp": "ccp1", "numero": 1, "intitule": "Informer", "page": "c1.html",
         "criteres": [{"id": "cp01-c1", "numero": "C1", "libelle": "Exact"},
                      {"id": "cp01-c2", "numero": "C2", "libelle": "Adapté"},
                      {"id": "cp01-c3", "numero": "C3", "libelle": "Repéré"}],
         "seances": []},
        {"id": "cp02", "ccp": "ccp1", "numero": 2, "intitule": "Analyser", "page": "c2.html",
         "criteres": [{"id": "cp02-c1", "numero": "C1", "libelle": "Écoute"}], "seances": []},
        {"id": "cp03", "ccp": "ccp2", "numero": 3, "intitule": "Suivre", "page": "c3.html",
         "criteres": [{"id": "cp03-c1", "numero": "C1", "libelle": "Contrat"}], "seances": []},
    ],
}


def grille(cle: str, stagiaire: str | None, date: str, niveaux: dict, version: str = "2023",
           enregistre: str = "2026-03-01T10:00:00.000Z") -> dict:
    valeurs = {"date": date, **niveaux, "cp01-c1-observations": "texte libre"}
    if stagiaire is not None:
        valeurs["stagiaire"] = stagiaire
    return {"format": "referentiel-cip/grille", "cle": cle, "version": version,
            "enregistre_le": enregistre, "valeurs": valeurs, "grille": cle, "titre": "t"}


@pytest.fixture
def page(blank_tab: BlankTab) -> Iterator[Page]:
    p = blank_tab.fresh()
    add_modules(p)  # the shared modules, in their load order
    p.add_script_tag(path=str(IDENTITE_JS))
    p.add_script_tag(path=str(PROMOTION_JS))
    p.evaluate("labels => { window.REF = CIP.promotion.referentiel(labels); }", LABELS)
    yield p
    assert not blank_tab.errors, blank_tab.errors


def lire(page: Page, doc) -> dict:
    return page.evaluate("d => CIP.promotion.lireExport(REF, 'f.json', d)", doc)


def charger(page: Page, lus: list[dict]) -> dict:
    """A new promotion with these read files ({name, data} / {name, error}); returns what
    ajouter answered (counts and reasons)."""
    return page.evaluate("""lus => { window.PROMO = CIP.promotion.creer('Promo');
        const r = CIP.promotion.ajouter(REF, PROMO, lus);
        return {ajoutes: r.ajoutes.length, rejetes: r.rejetes}; }""", lus)


def test_an_export_is_read_and_matched_by_criterion_id(page: Page) -> None:
    lu = lire(page, grille("competence-cp01-evaluateur", "  Camille \n Martin ", "2026-03-01",
                           {"cp01-c1": "acquis", "cp01-c2": "en-cours"}))
    assert lu["ok"]
    e = lu["export"]
    assert (e["stagiaire"], e["date"], e["source"], e["type"], e["entite"]) == (
        "Camille Martin", "2026-03-01", "evaluateur", "competence", "cp01")
    assert e["niveaux"] == {"cp01-c1": "acquis", "cp01-c2": "en-cours"}
    assert e["inconnus"] == [] and e["bizarres"] == []


def test_an_export_without_a_date_field_takes_the_export_date(page: Page) -> None:
    doc = grille("competence-cp01-tuteur", "A", "", {"cp01-c1": "acquis"},
                 enregistre="2026-02-03T08:00:00.000Z")
    assert lire(page, doc)["export"]["date"] == "2026-02-03"


@pytest.mark.parametrize("doc,raison", [
    ({"type": "moodle"}, "autre outil"),
    ([1, 2], "autre outil"),
    ("texte", "autre outil"),
    ({"format": "referentiel-cip/grille", "cle": "outil-livret-suivi", "valeurs": {}},
     "formulaire d'un outil"),
    ({"format": "referentiel-cip/grille", "cle": "<b>x</b>", "valeurs": {}}, "grille non reconnue"),
    ({"format": "referentiel-cip/grille", "cle": "competence-cp01-evaluateur", "valeurs": None},
     "pas de réponses lisibles"),
    ({"format": "referentiel-cip/grille", "cle": "competence-cp01-evaluateur",
      "valeurs": {"stagiaire": "A"}}, "aucun niveau"),
    ({"format": "referentiel-cip/grille", "cle": "competence-cp01-evaluateur",
      "valeurs": {"cp01-c1": "excellent"}}, "niveaux inconnus"),
])
def test_what_is_not_a_grid_export_is_refused_with_a_reason(page: Page, doc, raison: str) -> None:
    lu = lire(page, doc)
    assert not lu["ok"]
    assert raison in lu["raison"]


def test_another_version_keeps_known_criteria_and_lists_the_others(page: Page) -> None:
    doc = grille("competence-cp01-evaluateur", "A", "2026-01-01",
                 {"cp01-c1": "acquis", "cp01-c9": "acquis", "cp01-c2": "top"}, version="2016")
    e = lire(page, doc)["export"]
    assert e["version"] == "2016"
    assert e["niveaux"] == {"cp01-c1": "acquis"}
    assert e["inconnus"] == ["cp01-c9"]
    assert e["bizarres"] == ["cp01-c2 : « top »"]


def test_hostile_keys_and_values_stay_data(page: Page) -> None:
    text = ('{"format":"referentiel-cip/grille","cle":"competence-cp01-evaluateur",'
            '"valeurs":{"__proto__":{"x":1},"constructor":"acquis","stagiaire":"<img src=x>",'
            '"cp01-c1":"acquis"}}')
    e = page.evaluate("t => CIP.promotion.lireExport(REF, 'f', JSON.parse(t)).export", text)
    assert e["stagiaire"] == "<img src=x>"
    assert e["niveaux"] == {"cp01-c1": "acquis"}
    assert e["inconnus"] == ["constructor"]
    assert page.evaluate("({}).x === undefined")


def test_read_errors_and_duplicates_are_listed_and_the_rest_is_added(page: Page) -> None:
    a = grille("competence-cp01-evaluateur", "Camille", "2026-01-01", {"cp01-c1": "acquis"})
    same_lowercase = {**a, "valeurs": {**a["valeurs"], "stagiaire": "camille"}}
    r = charger(page, [{"name": "a.json", "data": a},
                       {"name": "x.txt", "error": "« x.txt » n'est pas un fichier JSON valide."},
                       {"name": "copie.json", "data": a},
                       {"name": "CAMILLE.json", "data": same_lowercase},
                       {"name": "b.json", "data": grille("competence-cp01-evaluateur", "Camille",
                                                         "2026-02-01", {"cp01-c1": "acquis"})}])
    assert r["ajoutes"] == 2
    assert [x["fichier"] for x in r["rejetes"]] == ["x.txt", "copie.json", "CAMILLE.json"]
    assert "pas un fichier JSON" in r["rejetes"][0]["raison"]
    assert "doublon" in r["rejetes"][1]["raison"] and "a.json" in r["rejetes"][1]["raison"]


@pytest.mark.parametrize("ordre", ["matin d'abord", "après-midi d'abord"])
def test_a_grid_saved_again_later_the_same_day_replaces_the_earlier_export(page: Page,
                                                                          ordre: str) -> None:
    """The evaluator exports half a grid in the morning, finishes and exports it again in the
    afternoon (same person, grid and date): the later save is kept, whatever the order the
    files are loaded in, and the other one is listed with the reason."""
    matin = grille("competence-cp01-evaluateur", "Zoé N’Diaye", "2026-03-02",
                   {"cp01-c1": "acquis"}, enregistre="2026-03-02T09:00:00.000Z")
    soir = grille("competence-cp01-evaluateur", "Zoé N'Diaye", "2026-03-02",
                  {"cp01-c1": "non-acquis", "cp01-c2": "acquis"},
                  enregistre="2026-03-02T16:30:00.000Z")
    lus = [{"name": "matin.json", "data": matin}, {"name": "soir.json", "data": soir}]
    if ordre == "après-midi d'abord":
        lus.reverse()
    r = charger(page, lus)
    kept = page.evaluate("PROMO.exports.map(e => [e.fichier, e.niveaux])")
    assert kept == [["soir.json", {"cp01-c1": "non-acquis", "cp01-c2": "acquis"}]]
    assert r["ajoutes"] == 1
    assert [x["fichier"] for x in r["rejetes"]] == ["matin.json"]
    if ordre == "matin d'abord":
        assert r["rejetes"][0]["raison"] == (
            "remplacé par « soir.json », enregistré plus tard : « Zoé N'Diaye », même grille et "
            "même date (2026-03-02)")
    else:
        assert r["rejetes"][0]["raison"] == (
            "doublon : « Zoé N’Diaye », même grille et même date (2026-03-02) que « soir.json », "
            "enregistré plus tard : c'est lui qui est gardé")
    # loaded again later, the morning file still does not come back
    again = page.evaluate("""d => CIP.promotion.ajouter(REF, PROMO, [{name: 'matin.json',
        data: d}]).rejetes.map(x => x.raison)""", matin)
    assert len(again) == 1 and again[0].startswith("doublon : ")
    assert page.evaluate("PROMO.exports.map(e => e.fichier)") == ["soir.json"]
    # the name shown is the kept export's spelling, even when the view was drawn before
    assert page.evaluate("CIP.promotion.stagiaires(PROMO)") == ["Zoé N'Diaye"]


def test_a_replacement_shows_the_name_as_the_kept_export_spells_it(page: Page) -> None:
    charger(page, [{"name": "matin.json", "data": grille(
        "competence-cp01-evaluateur", "Zoé N’Diaye", "2026-03-02", {"cp01-c1": "acquis"},
        enregistre="2026-03-02T09:00:00.000Z")}])
    assert page.evaluate("CIP.promotion.stagiaires(PROMO)") == ["Zoé N’Diaye"]  # view drawn
    soir = grille("competence-cp01-evaluateur", "Zoé N'Diaye", "2026-03-02",
                  {"cp01-c1": "acquis"}, enregistre="2026-03-02T16:30:00.000Z")
    page.evaluate("d => CIP.promotion.ajouter(REF, PROMO, [{name: 'soir.json', data: d}])", soir)
    assert page.evaluate("CIP.promotion.stagiaires(PROMO)") == ["Zoé N'Diaye"]


def test_a_name_typed_in_capitals_is_not_the_one_shown(page: Page) -> None:
    """Each spelling read once: the one shown is the most careful, and a name typed all in
    capitals (more capital letters) is not more careful than « Zoé N’Diaye »."""
    lus = [{"name": f"{i}.json", "data": grille("competence-cp01-evaluateur", nom,
                                                f"2026-03-0{i + 1}", {"cp01-c1": "acquis"})}
           for i, nom in enumerate(["ZOÉ N’DIAYE ", "zoe ndiaye", "Zoé N’Diaye", "ZOE NDIAYE"])]
    charger(page, lus)
    assert page.evaluate("CIP.promotion.stagiaires(PROMO)") == ["Zoé N’Diaye"]


def test_latest_level_per_source_and_gap(page: Page) -> None:
    charger(page, [
        {"name": "1", "data": grille("competence-cp01-evaluateur", "A", "2026-01-01",
                                     {"cp01-c1": "non-acquis"})},
        # the compétence's level is the lowest of its assessed criteria
        {"name": "2", "data": grille("competence-cp01-evaluateur", "A", "2026-03-01",
                                     {"cp01-c1": "maitrise", "cp01-c2": "en-cours"})},
        {"name": "3", "data": grille("competence-cp01-auto-evaluation", "A", "2026-02-01",
                                     {"cp01-c1": "maitrise", "cp01-c2": "maitrise"})},
        # a CCP grid gives the compétence's level directly
        {"name": "4", "data": grille("ccp-ccp1-tuteur", "A", "2026-02-01",
                                     {"cp02": "acquis", "cp01": "acquis"})},
    ])
    cell = page.evaluate("""() => { const t = CIP.promotion.derniers(REF, PROMO).A;
        return {eval: t.cp01.evaluateur.rang, date: t.cp01.evaluateur.date,
                auto: t.cp01['auto-evaluation'].rang, tut: t.cp02.tuteur.rang,
                ecart: CIP.promotion.ecart(t.cp01), ecart2: CIP.promotion.ecart(t.cp02),
                retenu: CIP.promotion.retenu(t.cp01, ['tuteur', 'auto-evaluation']).rang}; }""")
    assert cell == {"eval": 1, "date": "2026-03-01", "auto": 3, "tut": 2, "ecart": 2,
                    "ecart2": None, "retenu": 2}


def test_counts_per_competence_and_criteria_nobody_was_assessed_on(page: Page) -> None:
    charger(page, [
        {"name": "1", "data": grille("competence-cp01-evaluateur", "A", "2026-01-01",
                                     {"cp01-c1": "acquis", "cp01-c2": "acquis"})},
        {"name": "2", "data": grille("competence-cp01-evaluateur", "B", "2026-01-01",
                                     {"cp01-c1": "en-cours"})},
        {"name": "3", "data": grille("competence-cp01-auto-evaluation", "C", "2026-01-01",
                                     {"cp01-c3": "maitrise"})},
    ])
    rows = page.evaluate("""s => CIP.promotion.parCompetence(REF, PROMO, s).map(l => ({
        id: l.competence.id, effectifs: l.effectifs, nonEvalues: l.nonEvalues,
        nonAtteint: l.nonAtteint, partiels: l.partiels,
        jamais: l.criteresNonEvalues.map(c => c.id)}))""", ["evaluateur"])
    # A's « Acquis » covers 2 criteria of 3: partial, so not reached
    assert rows[0] == {"id": "cp01", "effectifs": [0, 1, 1, 0], "nonEvalues": 1, "nonAtteint": 2,
                       "partiels": 2, "jamais": ["cp01-c3"]}
    assert rows[1]["nonEvalues"] == 3 and rows[1]["jamais"] == ["cp02-c1"]
    everyone = page.evaluate("""s => CIP.promotion.parCompetence(REF, PROMO, s)[0]""",
                             ["evaluateur", "tuteur", "auto-evaluation"])
    assert everyone["effectifs"] == [0, 1, 1, 1] and everyone["criteresNonEvalues"] == []


def test_levels_over_time(page: Page) -> None:
    charger(page, [
        {"name": "1", "data": grille("competence-cp01-evaluateur", "A", "2026-03-01",
                                     {"cp01-c1": "acquis"})},
        {"name": "2", "data": grille("competence-cp01-evaluateur", "A", "2026-01-01",
                                     {"cp01-c1": "non-acquis"})},
        {"name": "3", "data": grille("ccp-ccp2-auto-evaluation", "a", "2026-01-01",
                                     {"cp03": "acquis"})},
    ])
    h = page.evaluate("() => CIP.promotion.historique(REF, PROMO, 'A')")
    assert h["dates"] == ["2026-01-01", "2026-03-01"]
    assert h["lignes"]["cp01"] == {"2026-01-01": {"evaluateur": 0},
                                   "2026-03-01": {"evaluateur": 2}}
    assert h["lignes"]["cp03"] == {"2026-01-01": {"auto-evaluation": 2}}


def test_csv_rows_follow_the_filters(page: Page) -> None:
    charger(page, [
        {"name": "1", "data": grille("competence-cp01-evaluateur", "Zoé", "2026-01-01",
                                     {"cp01-c1": "en-cours"})},
        {"name": "2", "data": grille("competence-cp01-auto-evaluation", "Zoé", "2026-01-02",
                                     {"cp01-c1": "maitrise"})},
        {"name": "3", "data": grille("competence-cp03-tuteur", "Adam", "2026-01-01",
                                     {"cp03-c1": "acquis"})},
    ])
    rows = page.evaluate("""() => CIP.promotion.lignesCSV(REF, PROMO,
        {ccp: '', sources: ['evaluateur', 'tuteur', 'auto-evaluation']})""")
    assert rows[0] == ["Stagiaire", "CCP", "Compétence", "Intitulé de la compétence",
                       "Évaluateur", "Date (évaluateur)", "Tuteur", "Date (tuteur)",
                       "Auto-évaluation", "Date (auto-évaluation)",
                       "Écart auto-évaluation − évaluateur (niveaux)"]
    assert len(rows) == 1 + 2 * 3
    assert rows[1][0] == "Adam" and rows[3] == ["Adam", 2, 3, "Suivre", "", "", "Acquis",
                                               "2026-01-01", "", "", ""]
    assert rows[4] == ["Zoé", 1, 1, "Informer", "En cours d'acquisition", "2026-01-01", "", "",
                       "Maîtrisé", "2026-01-02", 2]
    ccp2 = page.evaluate("""() => CIP.promotion.lignesCSV(REF, PROMO,
        {ccp: 'ccp2', sources: ['tuteur']})""")
    assert ccp2[0][4:] == ["Tuteur", "Date (tuteur)"]
    assert [r[2] for r in ccp2[1:]] == [3, 3]
    text = page.evaluate("r => CIP.files.toCSV(r)", rows)
    assert text.startswith("\ufeffStagiaire;CCP;")


def test_promotion_file_reloads_everything_including_unknown_criteria(page: Page) -> None:
    charger(page, [
        {"name": "a.json", "data": grille("competence-cp01-evaluateur", "A", "2026-01-01",
                                          {"cp01-c1": "acquis", "cp01-c9": "acquis"},
                                          version="2016")},
        {"name": "b.json", "data": grille("competence-cp01-tuteur", None, "2026-01-01",
                                          {"cp01-c1": "en-cours"})},
    ])
    doc = page.evaluate("() => JSON.parse(JSON.stringify(CIP.promotion.enJSON(PROMO)))")
    assert doc["format"] == "referentiel-cip/promotion" and doc["nom"] == "Promo"
    assert "texte libre" not in json.dumps(doc)  # free text is not kept, only levels
    again = page.evaluate("""d => { const p = CIP.promotion.creer('x');
        const r = CIP.promotion.ajouter(REF, p, [{name: 'promo.json', data: d}]);
        return {nom: p.nom, n: r.ajoutes.length, rejets: r.rejetes.length,
                exports: p.exports.map(e => [e.fichier, e.stagiaire, e.version, e.inconnus,
                                             e.niveaux])}; }""", doc)
    assert again["nom"] == "Promo" and again["n"] == 2 and again["rejets"] == 0
    assert again["exports"][0] == ["a.json", "A", "2016", ["cp01-c9"], {"cp01-c1": "acquis"}]
    assert again["exports"][1][1] == ""
    # the same file once more: every export is a duplicate, the nameless one too
    twice = page.evaluate("""d => CIP.promotion.ajouter(REF, PROMO, [{name: 'p', data: d}])
        .rejetes.map(r => r.raison)""", doc)
    assert len(twice) == 2 and all("doublon" in r for r in twice)
    assert "export sans nom identique" in twice[1] and "b.json" in twice[1]


def test_a_nameless_export_is_assigned_unless_it_would_be_a_duplicate(page: Page) -> None:
    charger(page, [
        {"name": "a.json", "data": grille("competence-cp01-tuteur", "Camille", "2026-01-01",
                                          {"cp01-c1": "acquis"})},
        {"name": "b.json", "data": grille("competence-cp01-tuteur", None, "2026-01-01",
                                          {"cp01-c1": "en-cours"})},
        {"name": "c.json", "data": grille("competence-cp01-tuteur", "", "2026-02-01",
                                          {"cp01-c1": "en-cours"})},
    ])
    said = page.evaluate("""() => [
        CIP.promotion.attribuer(PROMO, PROMO.exports[1], '  '),
        CIP.promotion.attribuer(PROMO, PROMO.exports[1], 'camille'),
        CIP.promotion.attribuer(PROMO, PROMO.exports[2], 'Camille'),
        CIP.promotion.stagiaires(PROMO)]""")
    assert said[0] == "Indiquez le nom du stagiaire."
    assert "a déjà cette grille à cette date" in said[1] and "a.json" in said[1]
    assert said[2] is None and said[3] == ["Camille"]


def test_a_nameless_export_loaded_twice_is_a_duplicate(page: Page) -> None:
    sans_nom = grille("competence-cp01-tuteur", None, "2026-01-01", {"cp01-c1": "en-cours"})
    autre = grille("competence-cp01-tuteur", None, "2026-01-01", {"cp01-c1": "acquis"})
    r = charger(page, [{"name": "b.json", "data": sans_nom},
                       {"name": "b (1).json", "data": sans_nom},
                       {"name": "autre.json", "data": autre}])
    assert r["ajoutes"] == 2  # another nameless export of the same grid and day is kept
    assert [x["fichier"] for x in r["rejetes"]] == ["b (1).json"]
    assert r["rejetes"][0]["raison"] == ("doublon : export sans nom identique (même grille, "
                                         "même date, mêmes niveaux) que « b.json »")
    # once named, the first one no longer hides a nameless copy of itself
    named = page.evaluate("""d => { CIP.promotion.attribuer(PROMO, PROMO.exports[0], 'Camille');
        return CIP.promotion.ajouter(REF, PROMO, [{name: 'b (2).json', data: d}])
            .ajoutes.length; }""", sans_nom)
    assert named == 1


@pytest.mark.parametrize("date,raison", [
    ("2062-03-01", "date dans le futur (01/03/2062) : sans doute une faute de frappe"),
    ("9999-12-31", "date dans le futur (31/12/9999)"),
    ("2026-02-31", "date impossible (« 2026-02-31 » n'existe pas)"),
    ("2025-02-29", "date impossible (« 2025-02-29 » n'existe pas)"),
    ("2026-13-01", "date impossible"),
])
def test_an_impossible_or_future_date_is_refused_and_never_the_latest(page: Page, date: str,
                                                                      raison: str) -> None:
    reel = grille("competence-cp01-evaluateur", "A", "2026-03-01", {"cp01-c1": "en-cours"})
    faux = grille("competence-cp01-evaluateur", "A", date, {"cp01-c1": "maitrise"})
    r = charger(page, [{"name": "reel.json", "data": reel}, {"name": "faux.json", "data": faux}])
    assert r["ajoutes"] == 1 and [x["fichier"] for x in r["rejetes"]] == ["faux.json"]
    assert raison in r["rejetes"][0]["raison"]
    assert "corrigez-la dans la grille" in r["rejetes"][0]["raison"]
    latest = page.evaluate("""() => { const d = CIP.promotion.derniers(REF, PROMO);
        return d.A.cp01.evaluateur.date; }""")
    assert latest == "2026-03-01"


def test_a_future_save_date_is_refused_when_the_grid_has_no_date(page: Page) -> None:
    doc = grille("competence-cp01-tuteur", "A", "", {"cp01-c1": "acquis"},
                 enregistre="2062-01-01T08:00:00.000Z")
    assert "date dans le futur" in lire(page, doc)["raison"]
    today = page.evaluate("""() => { const d = new Date(), n = x => String(x).padStart(2, '0');
        return d.getFullYear() + '-' + n(d.getMonth() + 1) + '-' + n(d.getDate()); }""")
    assert page.evaluate("d => CIP.promotion.dateInvalide(d)", today) is None


def test_short_labels_and_shapes(page: Page) -> None:
    got = page.evaluate("""() => [
        ['Non acquis', "En cours d'acquisition", 'Acquis', 'Maîtrisé']
            .map(CIP.promotion.libelleCourt),
        [0, 1, 2, 3].map(r => CIP.promotion.forme(r, 4)),
        [0, 1, 2].map(r => CIP.promotion.forme(r, 3))]""")
    assert got[0] == ["Non acquis", "En cours…", "Acquis", "Maîtrisé"]
    assert len(set(got[1])) == 4  # four levels, four shapes
    assert got[2][0] != got[2][2]
