"""A tool that aims at the compétences of a linked certification, in the built site and in
Chromium: the base framework linked to tests/referentiels/lie-mini (its positionnement grid
aims at the whole bloc « ep1 »). The encadrante opens the grid on a phone (390 × 844), positions
the salarié on the linked compétences, finds her answers after a reload and in the exported
file, and prints the sheet on A4."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import Browser, expect

from .browser_helpers import AXE_OPTIONS, files_only
from .conftest import CASES, assemble_case
from .site_helpers import BuiltSite, shared_build

pytest_plugins = ["tests.conftest_site", "tests.conftest_browser"]

GRILLE = "referentiel/grilles/outil-grille-positionnement.html"
OUTIL = "referentiel/outils/grille-positionnement.html"


@pytest.fixture(scope="module")
def lie_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    built = shared_build(
        tmp_path_factory, "site-lie",
        lambda root: assemble_case(CASES / "valid" / "referentiel-lie", root / "cadre"),
        extra_args=["--skip-pdf"])
    assert built.proc.returncode == 0, built.proc.stderr
    return built


def _text(path: Path) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")).split())


@pytest.mark.site
def test_the_built_grid_and_tool_page_show_the_linked_competences(lie_site: BuiltSite) -> None:
    grille = _text(lie_site.site / GRILLE)
    assert "Pour un salarié qui prépare le CAP DEMO" in grille
    assert ("Bloc de compétences 1 : Accompagner le développement du jeune enfant 1. Réaliser "
            "les soins du "
            "quotidien de l'enfant C1. Les règles d'hygiène sont respectées critère officiel "
            "Source : Arrêté du CAP DEMO C2. Les gestes sont expliqués à l'enfant critère "
            "proposé") in grille
    assert "2. Mettre en œuvre des activités d'éveil" in grille
    outil = _text(lie_site.site / OUTIL)
    assert "Pour un salarié qui prépare le CAP DEMO" in outil
    assert "C1. L'activité est adaptée à l'âge de l'enfant critère officiel" in outil


@pytest.fixture
def phone(browser: Browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR",
                                  has_touch=True, is_mobile=True)
    page = context.new_page()
    remote: list[str] = []
    errors: list[str] = []
    files_only(context, remote)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert (remote, errors) == ([], [])


@pytest.mark.browser
def test_an_encadrante_positions_a_salarie_on_the_linked_competences_on_a_phone(
        lie_site: BuiltSite, phone, tmp_path: Path) -> None:
    page = phone
    page.goto((lie_site.site / GRILLE).as_uri())
    section = page.locator("#visees-lie-mini")
    expect(section.get_by_text("Pour un salarié qui prépare le CAP DEMO")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    cibles = section.locator(".grille-cible")
    assert cibles.count() == 4  # two compétences, the two levels of the scale
    for i in range(cibles.count()):
        box = cibles.nth(i).bounding_box()
        assert box and box["height"] >= 44 and box["x"] + box["width"] <= 390, box
    page.get_by_label("Nom et prénom du salarié").fill("Awa Diallo")
    section.get_by_label("Acquis", exact=True).first.tap()
    section.get_by_label("Ce qui justifie ce niveau").first.fill("Change un enfant seule")
    page.reload()
    expect(page.locator('input[name="lie-mini:soins"][value="acquis"]')).to_be_checked()
    expect(page.locator('textarea[name="lie-mini:soins:observations"]')).to_have_value(
        "Change un enfant seule")

    with page.expect_download() as info:
        page.get_by_role("button", name="Exporter mes réponses (JSON)").click()
    saved = tmp_path / "export.json"
    info.value.save_as(saved)
    valeurs = json.loads(saved.read_text(encoding="utf-8"))["valeurs"]
    assert valeurs["lie-mini:soins"] == "acquis"
    assert valeurs["lie-mini:soins:observations"] == "Change un enfant seule"

    page.emulate_media(media="print")
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
            for p in pdf.pages} == {(595, 842)}
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Pour un salarié qui prépare le CAP DEMO" in text
    assert "Réaliser les soins du quotidien de l'enfant" in text
    assert "Change un enfant seule" in text


@pytest.mark.browser
@pytest.mark.parametrize("path, zone", [(GRILLE, "#visees-lie-mini"), (OUTIL, "article")])
def test_the_linked_competences_pass_the_accessibility_checker(lie_site: BuiltSite, phone, axe,
                                                              path: str, zone: str) -> None:
    phone.goto((lie_site.site / path).as_uri())
    soins = phone.locator(zone).get_by_text("Réaliser les soins du quotidien")
    expect(soins.first).to_be_attached()
    results = axe.run(phone, context={"include": [[zone]]},
                      options=AXE_OPTIONS)
    assert [(v["id"], v["impact"]) for v in results.response["violations"]] == []
