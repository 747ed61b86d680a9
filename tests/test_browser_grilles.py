"""The fillable grids in Chromium, opened from disk with the network refused: answers kept in
the browser across a reload, export to and import from a JSON file, keyboard use, the self-
assessment kept apart from the evaluator's grid, and printing on A4 without the site's
navigation.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pypdf
import pytest
import yaml
from playwright.sync_api import Browser, expect

from .browser_helpers import Offline, open_offline
from .site_helpers import REAL_FRAMEWORK, BuiltSite, FrameworkData

pytest_plugins = ["tests.conftest_site", "tests.conftest_browser"]
pytestmark = pytest.mark.browser

REAL = FrameworkData(REAL_FRAMEWORK)
COMP = REAL.competences[0]
CRITERES = [c["id"] for c in COMP["criteres"]]
NIVEAUX = yaml.safe_load((REAL_FRAMEWORK / "echelle.yml").read_text(encoding="utf-8"))["niveaux"]
MAITRISE = [n["id"] for n in NIVEAUX if n["maitrise"]]
SOUS = [n["id"] for n in NIVEAUX if not n["maitrise"]]


def grid(site: BuiltSite, variante: str) -> Path:
    return site.site / "referentiel" / "grilles" / f"competence-{COMP['id']}-{variante}.html"


def radio(page, critere: str, niveau: str):
    return page.locator(f'input[type="radio"][name="{critere}"][value="{niveau}"]')


def fill_some(page) -> None:
    page.get_by_label("Nom et prénom du stagiaire").fill("Camille Martin")
    radio(page, CRITERES[0], MAITRISE[0]).check()
    radio(page, CRITERES[1], SOUS[0]).check()
    page.locator(f'textarea[name="{CRITERES[0]}-observations"]').fill("Atelier CV du 12 mars")


def assert_filled(page) -> None:
    expect(page.get_by_label("Nom et prénom du stagiaire")).to_have_value("Camille Martin")
    expect(radio(page, CRITERES[0], MAITRISE[0])).to_be_checked()
    expect(radio(page, CRITERES[1], SOUS[0])).to_be_checked()
    expect(page.locator(f'textarea[name="{CRITERES[0]}-observations"]')).to_have_value(
        "Atelier CV du 12 mars")


@pytest.fixture
def fresh(browser: Browser):
    """A second offline context: a browser with nothing stored (another computer)."""
    yield from open_offline(browser)


def test_answers_survive_a_reload(real_site: BuiltSite, offline: Offline) -> None:
    page = offline.open(grid(real_site, "auto-evaluation"))
    fill_some(page)
    expect(page.locator(".grille-bilan")).to_contain_text(
        f"Où j'en suis : 1 critère sur {len(CRITERES)}")
    page.reload()
    assert_filled(page)
    expect(page.locator(".grille-etat")).to_contain_text("Réponses retrouvées")
    expect(page.locator(".grille-bilan")).to_contain_text(
        f"1 en dessous, {len(CRITERES) - 2} non renseigné")
    expect(page.locator(".grille-bilan")).to_contain_text("À travailler : C2.")
    offline.assert_clean()


def test_self_assessment_is_kept_apart_from_the_evaluator_grid(real_site: BuiltSite,
                                                               offline: Offline) -> None:
    page = offline.open(grid(real_site, "auto-evaluation"))
    fill_some(page)
    page = offline.open(grid(real_site, "evaluateur"))
    expect(page.get_by_label("Nom et prénom du stagiaire")).to_have_value("")
    for critere in CRITERES:
        expect(page.locator(f'input[name="{critere}"]:checked')).to_have_count(0)
    offline.assert_clean()


def test_export_then_import_restores_the_answers(real_site: BuiltSite, offline: Offline,
                                                 fresh: Offline, tmp_path: Path) -> None:
    page = offline.open(grid(real_site, "tuteur"))
    fill_some(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Exporter mes réponses (JSON)").click()
    download = info.value
    assert download.suggested_filename == f"competence-{COMP['id']}-tuteur.json"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["grille"] == f"competence-{COMP['id']}-tuteur"
    assert data["valeurs"][CRITERES[0]] == MAITRISE[0]
    assert data["valeurs"]["stagiaire"] == "Camille Martin"

    other = fresh.open(grid(real_site, "tuteur"))
    expect(other.get_by_label("Nom et prénom du stagiaire")).to_have_value("")
    other.get_by_label("Importer des réponses (fichier JSON)").set_input_files(str(saved))
    expect(other.locator(".grille-etat")).to_contain_text("Réponses importées")
    assert_filled(other)
    other.reload()  # imported answers are kept like typed ones
    assert_filled(other)
    offline.assert_clean()
    fresh.assert_clean()


def test_import_refuses_another_grid(real_site: BuiltSite, offline: Offline,
                                     tmp_path: Path) -> None:
    wrong = tmp_path / "autre.json"
    wrong.write_text(json.dumps({"format": "referentiel-cip/grille", "grille": "ccp-autre-tuteur",
                                 "valeurs": {"stagiaire": "X"}}), encoding="utf-8")
    page = offline.open(grid(real_site, "evaluateur"))
    page.get_by_label("Importer des réponses (fichier JSON)").set_input_files(str(wrong))
    expect(page.locator(".grille-etat")).to_contain_text("d'une autre grille")
    expect(page.get_by_label("Nom et prénom du stagiaire")).to_have_value("")
    offline.assert_clean()


def test_a_criterion_is_rated_with_the_keyboard(real_site: BuiltSite, offline: Offline) -> None:
    page = offline.open(grid(real_site, "evaluateur"))
    first = radio(page, CRITERES[0], NIVEAUX[0]["id"])
    first.focus()
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    page.keyboard.press("ArrowRight")
    expect(radio(page, CRITERES[0], NIVEAUX[1]["id"])).to_be_checked()
    expect(page.locator(f'input[name="{CRITERES[0]}"]:checked')).to_have_count(1)
    # Every input has an accessible name that says which criterion and which level.
    name = page.evaluate("el => el.labels[0].textContent",
                         radio(page, CRITERES[0], NIVEAUX[1]["id"]).element_handle())
    assert name == f"C1 : {NIVEAUX[1]['libelle']}"
    offline.assert_clean()


def test_print_shows_the_filled_grid_without_navigation(real_site: BuiltSite,
                                                       offline: Offline) -> None:
    page = offline.open(grid(real_site, "auto-evaluation"))
    fill_some(page)
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".grille-actions button",
                     ".grille-ecran"):
        expect(page.locator(selector).first).to_be_hidden()
    expect(page.locator(".grille-table")).to_be_visible()
    expect(radio(page, CRITERES[0], MAITRISE[0])).to_be_checked()
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pdf.pages}
    assert sizes == {(595, 842)}, sizes
    # A compétence has a handful of criteria: its grid, identification and signatures
    # included, fits on two A4 pages.
    assert len(pdf.pages) <= 2, len(pdf.pages)
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "Camille Martin" in " ".join(text.split())
    assert "Rechercher" not in text
    offline.assert_clean()
