"""« Mon dossier » in Chromium, from disk with the network refused: a stagiaire fills grids and
the Dossier professionnel, exports everything in one file (valid against the schema kept in the
repository), reloads it into a fresh browser (asked sheet by sheet before replacing different
answers), and the trainer's class view reads dossiers and single exports mixed.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from playwright.sync_api import Browser, Page, expect

from .browser_helpers import TIMEOUT_MS, files_only
from .conftest import ROOT
from .site_helpers import REAL_FRAMEWORK, BuiltSite, FrameworkData

pytest_plugins = ["tests.conftest_site", "tests.conftest_browser"]
pytestmark = pytest.mark.browser

REAL = FrameworkData(REAL_FRAMEWORK)
COMP = REAL.competences[0]
CRITERES = [c["id"] for c in COMP["criteres"]]
SCHEMA = json.loads((ROOT / "content" / "schemas" / "mon-dossier.schema.json").read_text(
    encoding="utf-8"))


def fresh(browser: Browser, width: int = 390, height: int = 844) -> Page:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR",
                                  accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    files_only(context)
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda e: page.errors.append(str(e)))  # type: ignore[attr-defined]
    return page


def grille(site: BuiltSite, cle: str) -> str:
    return (site.site / "referentiel" / "grilles" / f"{cle}.html").as_uri()


def index(site: BuiltSite) -> str:
    return (site.site / "referentiel" / "grilles" / "index.html").as_uri()


def fill_as_stagiaire(page: Page, site: BuiltSite) -> None:
    page.goto(index(site))
    expect(page.locator("#mon-dossier-actions details.cip-profil")).to_have_attribute("open", "")
    page.get_by_label("Nom et prénom", exact=True).fill("Camille Martin")
    page.get_by_label("Nom et prénom", exact=True).press("Tab")
    page.get_by_label("Je suis").select_option("stagiaire")
    page.goto(grille(site, f"competence-{COMP['id']}-auto-evaluation"))
    for c in CRITERES:
        page.locator(f'input[type="radio"][name="{c}"]').nth(2).check()
    page.goto(grille(site, "ccp-ccp1-auto-evaluation"))
    page.locator('form#grille input[type="radio"]').first.check()
    page.goto((site.site / "referentiel" / "dossier-professionnel.html").as_uri())
    page.get_by_label("Nom de naissance").fill("Martin")


def export_dossier(page: Page, site: BuiltSite, dest: Path) -> Path:
    page.goto(index(site))
    with page.expect_download() as info:
        page.get_by_role("button", name="Exporter « Mon dossier » (JSON)").click()
    path = dest / info.value.suggested_filename
    info.value.save_as(path)
    expect(page.locator(".cip-mon-dossier-etat")).to_contain_text("3 feuilles exportées")
    return path


def import_dossier(page: Page, site: BuiltSite, path: Path) -> str:
    page.goto(index(site))
    page.get_by_label("Recharger « Mon dossier » dans ce navigateur").set_input_files(str(path))
    etat = page.locator(".cip-mon-dossier-etat")
    expect(etat).not_to_be_empty()
    return etat.inner_text()


def test_mon_dossier_round_trips_into_a_fresh_browser(real_site: BuiltSite, browser: Browser,
                                                      tmp_path: Path) -> None:
    page = fresh(browser)
    fill_as_stagiaire(page, real_site)
    path = export_dossier(page, real_site, tmp_path)
    assert path.name.startswith("mon-dossier-camille-martin-") and path.suffix == ".json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(doc, SCHEMA)
    assert doc["personne"]["nom"] == "Camille Martin"
    cles = sorted(f["cle"] for f in doc["feuilles"])
    assert cles[:2] == ["ccp-ccp1-auto-evaluation", f"competence-{COMP['id']}-auto-evaluation"]
    formats = [f["format"] for f in doc["feuilles"]]
    assert formats.count("referentiel-cip/dossier-professionnel") == 1
    auto = next(f for f in doc["feuilles"] if f["cle"].startswith("competence-"))
    assert auto["variante"] == "auto-evaluation"
    assert auto["rempli_par"] == {"nom": "Camille Martin", "role": "stagiaire"}
    assert auto["valeurs"]["stagiaire"] == "Camille Martin"

    other = fresh(browser, 1366, 900)
    assert import_dossier(other, real_site, path) == "3 feuilles importées."
    other.goto(grille(real_site, f"competence-{COMP['id']}-auto-evaluation"))
    expect(other.get_by_label("Nom et prénom du stagiaire")).to_have_value("Camille Martin")
    for c in CRITERES:
        expect(other.locator(f'input[type="radio"][name="{c}"]').nth(2)).to_be_checked()
    other.goto((real_site.site / "referentiel" / "dossier-professionnel.html").as_uri())
    expect(other.get_by_label("Nom de naissance")).to_have_value("Martin")
    # a sheet changed since: asked before it is replaced; refused, it is kept
    other.get_by_label("Nom de naissance").fill("Martin-Roux")
    questions: list[str] = []

    def answer(dialog) -> None:
        questions.append(dialog.message)
        dialog.dismiss()

    other.on("dialog", answer)
    assert import_dossier(other, real_site, path) == (
        "0 feuille importée, 1 feuille gardée telle quelle, 2 feuilles déjà identiques.")
    assert len(questions) == 1 and "remplacer les réponses de ce navigateur" in questions[0]
    other.goto((real_site.site / "referentiel" / "dossier-professionnel.html").as_uri())
    expect(other.get_by_label("Nom de naissance")).to_have_value("Martin-Roux")
    # pwa's entry point: the same document, one call
    assert other.evaluate("typeof CIP.dossier.exporter") == "function"
    assert not page.errors and not other.errors  # type: ignore[attr-defined]
    page.context.close()
    other.context.close()


def test_the_class_view_reads_dossiers_and_single_exports_mixed(
        real_site: BuiltSite, browser: Browser, tmp_path: Path) -> None:
    page = fresh(browser)
    fill_as_stagiaire(page, real_site)
    dossier = export_dossier(page, real_site, tmp_path)
    seul = tmp_path / "seul.json"
    seul.write_text(json.dumps({
        "format": "referentiel-cip/grille", "cle": f"competence-{COMP['id']}-evaluateur",
        "version": "2023", "variante": "evaluateur", "enregistre_le": "2026-03-01T10:00:00Z",
        "valeurs": {"stagiaire": "Camille Martin", "date": "2026-03-01",
                    **{c: "en-cours" for c in CRITERES}}}), encoding="utf-8")
    page.goto((real_site.site / "referentiel" / "suivi-promotion.html").as_uri())
    expect(page.locator("#promotion")).to_have_attribute("data-etat", "pret")
    page.get_by_label("Choisir les exports des grilles").set_input_files([str(dossier), str(seul)])
    expect(page.locator("#promo-etat")).to_contain_text("3 exports ajoutés")
    expect(page.locator("#promo-rejets tbody tr")).to_have_count(0)
    # at 390 px, one card per stagiaire: each level on the compétence's line, its source named
    stagiaire = page.locator('.promo-carte[data-stagiaire="Camille Martin"]')
    expect(stagiaire).to_have_count(1)
    ligne = stagiaire.locator(f'tr[data-competence="{COMP["id"]}"]')
    expect(ligne.locator('[data-source="evaluateur"]')).to_contain_text("Évaluateur")
    expect(ligne.locator('[data-source="evaluateur"]')).to_contain_text("En cours")
    expect(ligne.locator('[data-source="auto-evaluation"]')).to_have_count(1)
    assert not page.errors  # type: ignore[attr-defined]
    page.context.close()
