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

# the browser's local day, as the export names its file (AAAA-MM-JJ)
TODAY = ("(() => { const d = new Date(), n = x => String(x).padStart(2, '0'); "
         "return d.getFullYear() + '-' + n(d.getMonth() + 1) + '-' + n(d.getDate()); })()")

pytest_plugins = ["tests.conftest_site", "tests.conftest_browser"]
pytestmark = pytest.mark.browser

REAL = FrameworkData(REAL_FRAMEWORK)
COMP = REAL.competences[0]
CRITERES = [c["id"] for c in COMP["criteres"]]
NIVEAUX = yaml.safe_load((REAL_FRAMEWORK / "echelle.yml").read_text(encoding="utf-8"))["niveaux"]
MAITRISE = [n["id"] for n in NIVEAUX if n["maitrise"]]
SOUS = [n["id"] for n in NIVEAUX if not n["maitrise"]]
VERSION = str(yaml.safe_load((REAL_FRAMEWORK / "titre.yml").read_text(encoding="utf-8"))["version"])


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
    # grid, stagiaire and day: twelve exports saved in one folder never overwrite each other
    assert download.suggested_filename == \
        f"competence-{COMP['id']}-tuteur-camille-martin-{page.evaluate(TODAY)}.json"
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


@pytest.mark.parametrize("width, height", [(390, 844), (1366, 900)])
def test_each_observation_field_names_its_criterion(real_site: BuiltSite, offline: Offline,
                                                    width: int, height: int) -> None:
    """What a screen reader says on the free-text field of a row: the column's title and the
    row (« Observations — C1 »), on the phone (title shown above the field) as on a wide screen
    (title in the column header)."""
    page = offline.open(grid(real_site, "evaluateur"))
    page.set_viewport_size({"width": width, "height": height})
    field = page.locator(f'textarea[name="{CRITERES[0]}-observations"]')
    titre = page.locator("table.grille-table thead th").last.inner_text().strip()
    expect(page.get_by_role("textbox", name=f"{titre} — C1", exact=True)).to_have_count(1)
    expect(field).to_have_accessible_name(f"{titre} — C1")
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


# -- import: never lose answers without asking, never claim a save that failed ---------------

def import_file(page, path: Path) -> None:
    page.get_by_label("Importer des réponses (fichier JSON)").set_input_files(str(path))


def answer_confirm(page, answer: bool) -> None:
    """Record the page's questions and give ``answer`` (the page asks through window.confirm)."""
    page.evaluate("""a => { window.questions = [];
        window.confirm = q => { window.questions.push(q); return a; }; }""", answer)


def export_doc(valeurs, version: str | None = None, **extra) -> dict:
    doc = {"format": "referentiel-cip/grille", "cle": f"competence-{COMP['id']}-evaluateur",
           "version": version or VERSION, "enregistre_le": "2026-01-05T10:00:00Z",
           "valeurs": valeurs}
    doc.update(extra)
    return doc


def test_import_with_null_values_is_refused_with_a_message(real_site: BuiltSite,
                                                           offline: Offline,
                                                           tmp_path: Path) -> None:
    bad = tmp_path / "null.json"
    bad.write_text(json.dumps(export_doc(None)), encoding="utf-8")
    page = offline.open(grid(real_site, "evaluateur"))
    fill_some(page)
    import_file(page, bad)
    expect(page.locator(".grille-etat")).to_contain_text(
        "Import impossible : « null.json » ne contient pas de réponses lisibles.")
    assert_filled(page)
    offline.assert_clean()


@pytest.mark.parametrize("case", ["autre-version", "vide"])
def test_import_asks_before_replacing_answers(real_site: BuiltSite, offline: Offline,
                                              tmp_path: Path, case: str) -> None:
    if case == "vide":
        doc, said = export_doc({}), "ne contient aucune réponse"
    else:
        doc = export_doc({"stagiaire": "Autre Personne"}, version="2016")
        said = "autre version du référentiel (« 2016 »"
    path = tmp_path / f"{case}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    page = offline.open(grid(real_site, "evaluateur"))
    fill_some(page)
    answer_confirm(page, False)
    import_file(page, path)
    expect(page.locator(".grille-etat")).to_contain_text("Import annulé")
    questions = page.evaluate("window.questions")
    assert len(questions) == 1 and said in questions[0], questions
    assert_filled(page)
    page.reload()  # nothing was replaced in storage either
    assert_filled(page)

    answer_confirm(page, True)
    import_file(page, path)
    expect(page.locator(".grille-etat")).to_contain_text("Réponses importées")
    expected = "" if case == "vide" else "Autre Personne"
    expect(page.get_by_label("Nom et prénom du stagiaire")).to_have_value(expected)
    offline.assert_clean()


def test_import_into_an_empty_grid_from_the_same_version_does_not_ask(
        real_site: BuiltSite, offline: Offline, tmp_path: Path) -> None:
    path = tmp_path / "ok.json"
    path.write_text(json.dumps(export_doc({"stagiaire": "Camille Martin"})), encoding="utf-8")
    page = offline.open(grid(real_site, "evaluateur"))
    import_file(page, path)  # a dialog would fail assert_clean
    expect(page.locator(".grille-etat")).to_contain_text("Réponses importées")
    expect(page.get_by_label("Nom et prénom du stagiaire")).to_have_value("Camille Martin")
    offline.assert_clean()


def test_an_import_that_cannot_be_saved_says_so(real_site: BuiltSite, offline: Offline,
                                                tmp_path: Path) -> None:
    big = "x" * 200_000
    path = tmp_path / "gros.json"
    path.write_text(json.dumps(export_doc({"stagiaire": "Grand Fichier",
                                           f"{CRITERES[0]}-observations": big})),
                    encoding="utf-8")
    page = offline.open(grid(real_site, "evaluateur"))
    fill_some(page)
    page.evaluate("""() => { const setItem = Storage.prototype.setItem;
        Storage.prototype.setItem = function (k, v) {
          if (v.length > 100000) throw new DOMException('plein', 'QuotaExceededError');
          return setItem.call(this, k, v); }; }""")
    answer_confirm(page, True)
    import_file(page, path)
    etat = page.locator(".grille-etat")
    expect(etat).to_contain_text("pas enregistrées dans ce navigateur")
    expect(etat).to_contain_text("espace de ce navigateur réservé au site est plein")
    expect(etat).not_to_contain_text("Réponses importées")
    offline.assert_clean()


def test_a_long_observation_is_printed_in_full(real_site: BuiltSite, offline: Offline) -> None:
    page = offline.open(grid(real_site, "auto-evaluation"))
    words = [f"repere{i:03d}" for i in range(300)]
    page.locator(f'textarea[name="{CRITERES[0]}-observations"]').fill(" ".join(words))
    page.emulate_media(media="print")
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    missing = [w for w in words if w not in text]
    assert not missing, f"{len(missing)} mots absents du PDF, dont {missing[:5]}"
    offline.assert_clean()
