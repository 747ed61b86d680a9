"""Typed text is never lost, in Chromium, opened from disk with the network refused.

The site is built from the real framework (it has a Dossier professionnel) with a compétence
title that closes a script and opens an HTML comment, and a source title holding markup
(site_helpers.hostile_dp_framework). A stagiaire types in the DP page and in the grids: the
page's script survives any authored text, a page whose script cannot start says so, two tabs
of one page keep both texts, an import asks before replacing typed text, and the self-
assessment of a compétence survives the evaluator's grid of the same compétence.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect

from .browser_helpers import Offline
from .conftest_site import require_ok, shared_build
from .site_helpers import (
    HOSTILE_SCRIPT,
    REAL_FRAMEWORK,
    BuiltSite,
    FrameworkData,
    hostile_dp_framework,
)

pytest_plugins = ["tests.conftest_browser"]
pytestmark = [pytest.mark.browser, pytest.mark.site]

REAL = FrameworkData(REAL_FRAMEWORK)
CCP1 = sorted(REAL.ccps, key=lambda c: c["numero"])[0]["id"]
COMP = sorted(REAL.competences, key=lambda c: c["id"])[0]
CRITERES = [c["id"] for c in COMP["criteres"]]
VERSION = str(yaml.safe_load((REAL_FRAMEWORK / "titre.yml").read_text("utf-8"))["version"])
NIVEAU = yaml.safe_load((REAL_FRAMEWORK / "echelle.yml").read_text("utf-8"))["niveaux"][1]["id"]
PANNE = "Cette page n'a pas pu démarrer : vos réponses ne sont pas enregistrées."
_INJECTED = ", ".join(f"{where} {what}" for where in ("article", "[role=tooltip]")
                      for what in ("img[src='x']", "[onerror]", "b"))


@pytest.fixture(scope="session")
def saisie_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """Built once per test run (shared by the xdist workers), read-only."""
    return require_ok(shared_build(tmp_path_factory, "site-saisie",
                                   lambda root: hostile_dp_framework(root / "cadre"),
                                   extra_args=["--skip-pdf"]))


def dp_path(site: BuiltSite) -> Path:
    return site.site / "referentiel" / "dossier-professionnel.html"


def grid_path(site: BuiltSite, variante: str) -> Path:
    return site.site / "referentiel" / "grilles" / f"competence-{COMP['id']}-{variante}.html"


def field(page: Page, name: str):
    return page.locator(f'[name="{name}"]')


def second_tab(offline: Offline) -> tuple[Page, list[str]]:
    """Another tab of the same browser (same storage), its errors and dialogs recorded."""
    page = offline.page.context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("dialog", lambda dialog: (problems.append(dialog.message), dialog.dismiss()))
    return page, problems


def answer_confirm(page: Page, answer: bool) -> None:
    page.evaluate("""a => { window.questions = [];
        window.confirm = q => { window.questions.push(q); return a; }; }""", answer)


# -- authored text cannot stop a page; a page that cannot start says so ----------------------------

def test_a_title_closing_the_script_leaves_the_dp_saving(saisie_site: BuiltSite,
                                                         offline: Offline) -> None:
    html = dp_path(saisie_site).read_text(encoding="utf-8")
    island = html.split('id="dp-modele">', 1)[1].split("</script>", 1)[0]
    assert "<" not in island and ">" not in island and "&" not in island
    page = offline.open(dp_path(saisie_site))
    modele = page.evaluate("JSON.parse(document.getElementById('dp-modele').textContent)")
    titres = [c["intitule"] for a in modele["activites"] for c in a["competences"]]
    assert HOSTILE_SCRIPT in titres  # read back as typed
    expect(page.locator(".dp-bilan li", has_text="<!-- note -->").first).to_be_visible()
    field(page, f"{CCP1}-ex1-intitule").fill("Mon premier exemple")
    page.reload()
    expect(field(page, f"{CCP1}-ex1-intitule")).to_have_value("Mon premier exemple")
    expect(page.locator(".cip-panne")).to_have_count(0)
    offline.assert_clean()  # alert(7) would be a dialog


def test_dp_source_titles_show_their_markup_as_text_on_hover(saisie_site: BuiltSite,
                                                             offline: Offline) -> None:
    """Material's tooltips insert a title as HTML: the source title's markup stays text."""
    page = offline.open(dp_path(saisie_site))
    targets = page.locator(".dp-formulaire a[href*='#source-'][title*='onerror']")
    assert targets.count() >= 3
    for index in range(3):
        targets.nth(index).hover()
        page.wait_for_timeout(300)
        expect(page.locator(_INJECTED)).to_have_count(0)
    expect(page.get_by_role("tooltip").last).to_contain_text("<img src=x onerror=alert(8)>")
    offline.assert_clean()


def test_a_dp_whose_data_cannot_be_read_says_so(saisie_site: BuiltSite,
                                                offline: Offline) -> None:
    html = dp_path(saisie_site).read_text(encoding="utf-8")
    start = html.index('id="dp-modele">') + len('id="dp-modele">')
    broken = html[:start] + '{"intitule": "<\\!-- note"}' + html[html.index("</script>", start):]
    # the page as an older build wrote it, served in place of the shared site's file
    offline.page.route(dp_path(saisie_site).as_uri(), lambda route: route.fulfill(
        body=broken, content_type="text/html; charset=utf-8"))
    page = offline.open(dp_path(saisie_site))
    banner = page.get_by_role("alert").filter(has_text=PANNE)
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Rechargez la page")
    offline.assert_clean()


def test_a_grid_whose_script_did_not_load_says_so(saisie_site: BuiltSite,
                                                  offline: Offline) -> None:
    # the site's script as it would be if the grids' module failed as it loads (the modules
    # before and after it still run: cip.js puts up the banner)
    code = (saisie_site.site / "javascripts" / "cip-site.js").read_text("utf-8")
    start = code.index("/* grilles.js */\ntry {\n") + len("/* grilles.js */\ntry {\n")
    broken = code[:start] + "throw new Error('grilles');\n" + code[code.index("} catch", start):]
    offline.page.route("**/javascripts/cip-site.js", lambda route: route.fulfill(
        body=broken, content_type="text/javascript; charset=utf-8"))
    page = offline.open(grid_path(saisie_site, "evaluateur"))
    expect(page.get_by_role("alert").filter(has_text=PANNE)).to_be_visible()
    assert offline.errors == ["grilles"]
    offline.errors.clear()
    offline.page.unroute("**/javascripts/cip-site.js")
    page.reload()
    expect(page.locator("form.grille-remplissable[data-cip-pret]")).to_have_count(1)
    expect(page.get_by_role("alert").filter(has_text=PANNE)).to_have_count(0)


# -- two tabs of one page ------------------------------------------------------------------------

def test_two_tabs_of_the_dp_keep_both_texts(saisie_site: BuiltSite, offline: Offline) -> None:
    first = offline.open(dp_path(saisie_site))
    second, problems = second_tab(offline)
    second.goto(dp_path(saisie_site).as_uri())
    field(first, f"{CCP1}-ex1-intitule").fill("Écrit dans le premier onglet")
    field(second, "garde-prenom").fill("Écrit dans le second onglet")
    # the second tab shows what the first one saved, without a reload
    expect(field(second, f"{CCP1}-ex1-intitule")).to_have_value("Écrit dans le premier onglet")
    field(first, f"{CCP1}-ex1-taches").fill("Encore le premier onglet")
    for page in (second, first):
        page.reload()
        expect(field(page, f"{CCP1}-ex1-intitule")).to_have_value("Écrit dans le premier onglet")
        expect(field(page, "garde-prenom")).to_have_value("Écrit dans le second onglet")
        expect(field(page, f"{CCP1}-ex1-taches")).to_have_value("Encore le premier onglet")
    assert not problems, problems
    offline.assert_clean()


def test_two_tabs_of_a_grid_keep_both_answers(saisie_site: BuiltSite, offline: Offline) -> None:
    first = offline.open(grid_path(saisie_site, "tuteur"))
    second, problems = second_tab(offline)
    second.goto(grid_path(saisie_site, "tuteur").as_uri())
    first.get_by_label("Nom et prénom du stagiaire").fill("Camille Martin")
    second.locator(f'textarea[name="{CRITERES[0]}-observations"]').fill("Vu au chantier")
    for page in (first, second):
        page.reload()
        expect(page.get_by_label("Nom et prénom du stagiaire")).to_have_value("Camille Martin")
        expect(page.locator(f'textarea[name="{CRITERES[0]}-observations"]')).to_have_value(
            "Vu au chantier")
    assert not problems, problems
    offline.assert_clean()


# -- an import asks before replacing typed text ---------------------------------------------------

def _export(page: Page, button: str, tmp_path: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    return saved


def test_dp_import_asks_before_replacing_typed_text(saisie_site: BuiltSite, offline: Offline,
                                                     tmp_path: Path) -> None:
    page = offline.open(dp_path(saisie_site))
    field(page, "garde-prenom").fill("Camille")
    saved = _export(page, "Exporter mon dossier (JSON)", tmp_path)  # same version, not empty
    field(page, "garde-prenom").fill("Texte tapé depuis")
    answer_confirm(page, False)
    page.get_by_label("Importer un dossier (fichier JSON)").set_input_files(str(saved))
    expect(page.locator(".dp-etat")).to_contain_text(
        "Import annulé : vos réponses n'ont pas changé.")
    questions = page.evaluate("window.questions")
    assert len(questions) == 1 and "Remplacer vos réponses actuelles" in questions[0], questions
    expect(field(page, "garde-prenom")).to_have_value("Texte tapé depuis")
    page.reload()
    expect(field(page, "garde-prenom")).to_have_value("Texte tapé depuis")
    answer_confirm(page, True)
    page.get_by_label("Importer un dossier (fichier JSON)").set_input_files(str(saved))
    expect(page.locator(".dp-etat")).to_contain_text("Réponses importées")
    expect(field(page, "garde-prenom")).to_have_value("Camille")
    offline.assert_clean()


def test_grid_import_asks_before_replacing_typed_answers(saisie_site: BuiltSite,
                                                         offline: Offline,
                                                         tmp_path: Path) -> None:
    page = offline.open(grid_path(saisie_site, "evaluateur"))
    nom = page.get_by_label("Nom et prénom du stagiaire")
    nom.fill("Camille Martin")
    saved = _export(page, "Exporter mes réponses (JSON)", tmp_path)
    nom.fill("Dominique Petit")
    answer_confirm(page, False)
    page.get_by_label("Importer des réponses (fichier JSON)").set_input_files(str(saved))
    expect(page.locator(".grille-etat")).to_contain_text("Import annulé")
    questions = page.evaluate("window.questions")
    assert len(questions) == 1 and "Remplacer vos réponses actuelles" in questions[0], questions
    page.reload()
    expect(nom).to_have_value("Dominique Petit")
    answer_confirm(page, True)
    page.get_by_label("Importer des réponses (fichier JSON)").set_input_files(str(saved))
    expect(nom).to_have_value("Camille Martin")
    offline.assert_clean()


# -- variants of one compétence's grid ------------------------------------------------------------

def test_self_assessment_survives_the_evaluator_grid_of_the_same_competence(
        saisie_site: BuiltSite, offline: Offline) -> None:
    page = offline.open(grid_path(saisie_site, "auto-evaluation"))
    page.get_by_label("Nom et prénom du stagiaire").fill("Camille Martin")
    page.locator(f'textarea[name="{CRITERES[0]}-observations"]').fill("Je m'estime à l'aise")
    page.locator(f'input[type="radio"][name="{CRITERES[0]}"]').first.check()
    page = offline.open(grid_path(saisie_site, "evaluateur"))
    page.get_by_label("Nom et prénom du stagiaire").fill("Camille Martin (évaluée)")
    page.locator(f'textarea[name="{CRITERES[0]}-observations"]').fill("Observé le 3 mars")
    page.locator(f'input[type="radio"][name="{CRITERES[0]}"]').last.check()
    page.reload()
    expect(page.locator(f'textarea[name="{CRITERES[0]}-observations"]')).to_have_value(
        "Observé le 3 mars")
    page = offline.open(grid_path(saisie_site, "auto-evaluation"))
    expect(page.get_by_label("Nom et prénom du stagiaire")).to_have_value("Camille Martin")
    expect(page.locator(f'textarea[name="{CRITERES[0]}-observations"]')).to_have_value(
        "Je m'estime à l'aise")
    expect(page.locator(f'input[type="radio"][name="{CRITERES[0]}"]').first).to_be_checked()
    keys = page.evaluate("Object.keys(localStorage)")
    assert len([k for k in keys if f"competence-{COMP['id']}-" in k]) == 2, keys
    offline.assert_clean()



# -- the class view ------------------------------------------------------------------------------

PROMO_KEY, PROMO_LIST = "referentiel-cip:promotion:", "referentiel-cip:promotions"


def promo_path(site: BuiltSite) -> Path:
    return site.site / "referentiel" / "suivi-promotion.html"


def saved_promotion(nom: str, exports: int, stagiaires: int) -> dict:
    """A promotion file as the class view saves it: ``exports`` grid exports spread over
    ``stagiaires`` people, one criterion assessed in each."""
    grids = [(c["id"], c["criteres"][0]["id"]) for c in REAL.competences]
    docs = []
    for i in range(exports):
        comp, critere = grids[i % len(grids)]
        jour = f"2026-{1 + i % 11:02d}-{1 + i % 28:02d}"
        docs.append({"format": "referentiel-cip/grille", "cle": f"competence-{comp}-evaluateur",
                     "version": VERSION, "enregistre_le": f"{jour}T10:00:00.000Z",
                     "fichier": f"export-{i}.json",
                     "valeurs": {"stagiaire": f"Stagiaire {i % stagiaires:04d}", "date": jour,
                                 critere: NIVEAU}})
    return {"format": "referentiel-cip/promotion", "version_format": 1, "nom": nom,
            "enregistre_le": "2026-11-30T10:00:00.000Z", "exports": docs}


def store_promotion(page: Page, doc: dict) -> str:
    text = json.dumps(doc)
    page.evaluate("""([cle, liste, nom, texte]) => { localStorage.setItem(cle + nom, texte);
        localStorage.setItem(liste, JSON.stringify([nom]));
        localStorage.setItem('referentiel-cip:promotion-ouverte', nom); }""",
                  [PROMO_KEY, PROMO_LIST, doc["nom"], text])
    return text


def test_a_huge_saved_promotion_is_reopened_only_if_asked(saisie_site: BuiltSite,
                                                          offline: Offline) -> None:
    page = offline.open(promo_path(saisie_site))
    text = store_promotion(page, saved_promotion("Promotion", 3000, 1000))
    page.add_init_script("window.confirm = q => { (window.questions = window.questions || [])"
                         ".push(q); return false; };")
    page.reload()
    expect(page.locator("#promotion[data-etat=pret]")).to_have_count(1)  # within 15 s
    questions = page.evaluate("window.questions")
    assert questions == ["La promotion « Promotion » enregistrée dans ce navigateur est très "
                         "grande (3000 exports, 1000 stagiaires) : l'afficher peut bloquer cette "
                         "page plusieurs minutes. L'ouvrir maintenant ?"]
    expect(page.locator("#promo-etat")).to_contain_text(
        "La promotion « Promotion » n'a pas été ouverte ; elle reste enregistrée")
    expect(page.locator("#promo-resume")).to_contain_text("0 export")
    # a file loaded meanwhile goes into another promotion: the big one is kept as it was
    expect(page.locator("#promo-nom")).to_have_value("Nouvelle promotion")
    small = saved_promotion("Petite", 2, 2)
    page.locator("#promo-fichiers").set_input_files(files=[{
        "name": "petite.json", "mimeType": "application/json",
        "buffer": json.dumps(small).encode()}])
    expect(page.locator("#promo-resume")).to_contain_text("2 exports chargés pour 2 stagiaires")
    assert page.evaluate("k => localStorage.getItem(k)", PROMO_KEY + "Promotion") == text
    offline.assert_clean()


def test_a_promotion_of_a_usual_size_reopens_without_asking(saisie_site: BuiltSite,
                                                            offline: Offline) -> None:
    page = offline.open(promo_path(saisie_site))
    store_promotion(page, saved_promotion("Promo 2026", 300, 12))
    page.reload()
    expect(page.locator("#promo-resume")).to_contain_text("300 exports chargés pour 12 stagiaires")
    offline.assert_clean()  # no dialog


def test_two_tabs_of_the_class_view_keep_both_loads(saisie_site: BuiltSite,
                                                    offline: Offline) -> None:
    first = offline.open(promo_path(saisie_site))
    expect(first.locator("#promotion[data-etat=pret]")).to_have_count(1)
    second, problems = second_tab(offline)
    second.goto(promo_path(saisie_site).as_uri())
    expect(second.locator("#promotion[data-etat=pret]")).to_have_count(1)
    a = saved_promotion("x", 1, 1)["exports"][0]
    b = {**a, "valeurs": {**a["valeurs"], "stagiaire": "Autre Personne"}}
    for page, doc, name in ((first, a, "a.json"), (second, b, "b.json")):
        page.locator("#promo-fichiers").set_input_files(files=[{
            "name": name, "mimeType": "application/json", "buffer": json.dumps(doc).encode()}])
        expect(page.locator("#promotion[data-etat=pret]")).to_have_count(1)
    for page in (first, second):
        page.reload()
        expect(page.locator("#promo-resume")).to_contain_text("2 exports chargés pour 2 stagiaires")
    assert not problems, problems
    offline.assert_clean()


def test_a_class_view_without_its_labels_says_so(saisie_site: BuiltSite,
                                                 offline: Offline) -> None:
    offline.page.route("**/referentiel-cip.js", lambda route: route.abort())
    page = offline.open(promo_path(saisie_site))
    expect(page.get_by_role("alert").filter(has_text=PANNE)).to_be_visible()
    offline.page.unroute("**/referentiel-cip.js")
    page.reload()
    expect(page.locator("#promotion[data-cip-pret]")).to_have_count(1)
    expect(page.get_by_role("alert")).to_have_count(0)
