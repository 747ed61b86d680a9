"""« Mon profil » and the variant actions in Chromium, from disk with the network refused: a
compétence page offers one named action per variant, each fitting a phone; each opens its own
grid, whose export records that variant and who filled it (from the profile typed once); a
stagiaire's profile on the evaluator's grid is warned; every export's file name carries the
person and the day (tool forms and the Dossier professionnel too).
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .browser_helpers import TIMEOUT_MS, files_only
from .site_helpers import REAL_FRAMEWORK, BuiltSite, FrameworkData

pytest_plugins = ["tests.conftest_site", "tests.conftest_browser"]
pytestmark = pytest.mark.browser

REAL = FrameworkData(REAL_FRAMEWORK)
COMP = REAL.competences[0]
ACTIONS = {"Je m'auto-évalue": "auto-evaluation", "J'évalue un stagiaire": "evaluateur",
           "Tuteur ou encadrant": "tuteur"}
SIZES = {"telephone": (390, 844), "ordinateur": (1366, 900)}


def context_page(browser: Browser, size: tuple[int, int]) -> Page:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="fr-FR",
                                  accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    files_only(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors  # type: ignore[attr-defined]
    return page


def set_profile(page: Page, nom: str, role: str, promotion: str) -> None:
    panneau = page.locator("details.cip-profil")
    if panneau.get_attribute("open") is None:
        panneau.locator("summary").click()
    page.get_by_label("Nom et prénom", exact=True).fill(nom)
    page.get_by_label("Nom et prénom", exact=True).press("Tab")
    page.get_by_label("Je suis").select_option(label=role)
    page.get_by_label("Promotion", exact=True).first.fill(promotion)
    page.get_by_label("Promotion", exact=True).first.press("Tab")
    expect(page.locator(".cip-profil-etat")).to_have_text("Profil enregistré dans ce navigateur.")


def export(page: Page, button: str, dest: Path) -> tuple[str, dict]:
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    path = dest / info.value.suggested_filename
    info.value.save_as(path)
    return info.value.suggested_filename, json.loads(path.read_text(encoding="utf-8"))


TODAY = datetime.date.today().isoformat()


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_each_action_opens_its_variant_and_the_export_records_it(
        real_site: BuiltSite, browser: Browser, size: tuple[int, int], tmp_path: Path) -> None:
    page = context_page(browser, size)
    url = (real_site.site / "referentiel" / "competences" / f"{COMP['id']}.html").as_uri()
    page.goto(url)
    page.evaluate("localStorage.clear()")
    liens = page.locator(".cip-actions a")
    expect(liens).to_have_count(3)
    expect(page.get_by_role("link", name="Remplir la grille")).to_have_count(0)
    for i in range(3):  # large targets that fit the screen
        box = liens.nth(i).bounding_box()
        assert box and box["height"] >= 44 and box["width"] >= 44
        assert box["x"] >= 0 and box["x"] + box["width"] <= size[0]
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    roles = {"auto-evaluation": "Stagiaire", "evaluateur": "Formateur ou jury",
             "tuteur": "Tuteur"}
    for action, variante in ACTIONS.items():
        page.goto(url)
        page.get_by_role("link", name=action).click()
        assert page.url.endswith(f"competence-{COMP['id']}-{variante}.html")
        set_profile(page, "Élodie N’Diaye", roles[variante], "Promo 2026")
        if variante != "auto-evaluation":
            page.get_by_label("Nom et prénom du stagiaire").fill("Yanis Benali")
        page.locator('input[type="radio"]').first.check()
        name, doc = export(page, "Exporter mes réponses (JSON)", tmp_path)
        personne = "elodie-n-diaye" if variante == "auto-evaluation" else "yanis-benali"
        assert name == f"competence-{COMP['id']}-{variante}-{personne}-{TODAY}.json"
        assert doc["variante"] == variante
        role_id = {"Stagiaire": "stagiaire", "Formateur ou jury": "formateur",
                   "Tuteur": "tuteur"}[roles[variante]]
        assert doc["rempli_par"] == {"nom": "Élodie N’Diaye", "role": role_id}
        assert doc["valeurs"]["promotion"] == "Promo 2026"
        if variante == "auto-evaluation":  # the profile offered the name, still editable
            assert doc["valeurs"]["stagiaire"] == "Élodie N’Diaye"
        else:
            assert doc["valeurs"]["evaluateur"].startswith("Élodie N’Diaye, ")
        page.evaluate("localStorage.removeItem('referentiel-cip:profil')")
    assert not page.errors  # type: ignore[attr-defined]
    page.context.close()


def test_a_stagiaire_on_the_evaluator_grid_is_warned(real_site: BuiltSite,
                                                     browser: Browser) -> None:
    page = context_page(browser, SIZES["telephone"])
    grilles = real_site.site / "referentiel" / "grilles"
    page.goto((grilles / f"competence-{COMP['id']}-evaluateur.html").as_uri())
    page.evaluate("localStorage.clear()")
    page.reload()
    note = page.locator("#grille-avertissement")
    expect(note).to_be_hidden()
    set_profile(page, "Camille Martin", "Stagiaire", "Promo 2026")
    expect(note).to_be_visible()
    expect(note).to_contain_text("Votre profil indique « stagiaire »")
    # the evaluator's name is not taken from a stagiaire's profile
    expect(page.get_by_label("Évaluateur (nom et fonction)")).to_have_value("")
    note.get_by_role("link", name="je m'auto-évalue").click()
    assert page.url.endswith(f"competence-{COMP['id']}-auto-evaluation.html")
    expect(page.get_by_label("Nom et prénom du stagiaire")).to_have_value("Camille Martin")
    # a sheet keeps what was typed on it: the profile fills only empty fields
    page.get_by_label("Nom et prénom du stagiaire").fill("Camille Martin-Roux")
    page.reload()
    expect(page.get_by_label("Nom et prénom du stagiaire")).to_have_value("Camille Martin-Roux")
    assert not page.errors  # type: ignore[attr-defined]
    page.context.close()


def test_tool_forms_and_the_dp_are_named_after_the_person(real_site: BuiltSite, browser: Browser,
                                                          tmp_path: Path) -> None:
    page = context_page(browser, SIZES["ordinateur"])
    grilles = real_site.site / "referentiel" / "grilles"
    page.goto((grilles / "outil-grille-positionnement.html").as_uri())
    page.evaluate("localStorage.clear()")
    page.reload()
    set_profile(page, "Paul Encadrant", "Encadrant technique", "Chantier 2026")
    page.get_by_label("Nom et prénom du salarié").fill("Awa N'Diaye")
    name, doc = export(page, "Exporter mes réponses (JSON)", tmp_path)
    assert name == f"outil-grille-positionnement-awa-n-diaye-{TODAY}.json"
    assert doc["variante"] == "formulaire"
    assert doc["rempli_par"] == {"nom": "Paul Encadrant", "role": "encadrant"}
    # the Dossier professionnel: the person's name, or the profile's when none is typed yet
    page.goto((real_site.site / "referentiel" / "dossier-professionnel.html").as_uri())
    expect(page.locator("details.cip-profil summary")).to_contain_text("Paul Encadrant")
    page.get_by_label("Nom de naissance").fill("Martin")
    page.get_by_label("Prénom", exact=True).fill("Camille")
    name, doc = export(page, "Exporter mon dossier (JSON)", tmp_path)
    assert re.fullmatch(rf"dossier-professionnel-martin-camille-{TODAY}\.json", name), name
    assert doc["rempli_par"]["nom"] == "Paul Encadrant"
    assert not page.errors  # type: ignore[attr-defined]
    page.context.close()
