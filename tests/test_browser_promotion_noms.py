"""Names as people type them, on the built « Suivi de la promotion » page in Chromium (phone
and laptop): « N'Diaye » and « N’Diaye » (and no accent) are one stagiaire, shown as merged;
a near name is proposed, merged by a click, undone, and the merge survives a reload and the
promotion file opened in a fresh browser.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .browser_helpers import Offline, open_offline
from .site_helpers import REAL_FRAMEWORK, BuiltSite, FrameworkData
from .test_browser_promotion import load

pytest_plugins = ["tests.conftest_site", "tests.conftest_browser"]
pytestmark = pytest.mark.browser

REAL = FrameworkData(REAL_FRAMEWORK)
COMP = REAL.competences[0]
CRITERES = [c["id"] for c in COMP["criteres"]]
SIZES = {"telephone": (390, 844), "ordinateur": (1366, 900)}


def export(dest: Path, nom: str, variante: str, stagiaire: str, date: str, niveau: str) -> Path:
    cle = f"competence-{COMP['id']}-{variante}"
    doc = {"format": "referentiel-cip/grille", "cle": cle, "version": "2023", "variante": variante,
           "enregistre_le": f"{date}T10:00:00.000Z",
           "valeurs": {"stagiaire": stagiaire, "date": date, **{c: niveau for c in CRITERES}}}
    path = dest / nom
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def fichiers(tmp_path: Path) -> list[Path]:
    return [
        export(tmp_path, "a.json", "evaluateur", "Élodie N'Diaye", "2026-03-01", "en-cours"),
        export(tmp_path, "b.json", "auto-evaluation", "Élodie N’Diaye", "2026-03-02", "acquis"),
        export(tmp_path, "c.json", "tuteur", "elodie n’diaye", "2026-03-03", "acquis"),
        export(tmp_path, "d.json", "evaluateur", "Yanis Benali", "2026-03-01", "acquis"),
        export(tmp_path, "e.json", "auto-evaluation", "Yanis Benalli", "2026-03-02", "acquis"),
    ]


def open_page(offline: Offline, site: BuiltSite, size: tuple[int, int]) -> Page:
    offline.page.set_viewport_size({"width": size[0], "height": size[1]})
    page = offline.open(site.site / "referentiel" / "suivi-promotion.html")
    expect(page.locator("#promotion")).to_have_attribute("data-etat", "pret")
    return page


def stagiaires(page: Page) -> list[str]:
    """The stagiaires shown: groups of rows of the big table, or cards on a phone."""
    return page.locator("#promotion [data-stagiaire]").evaluate_all(
        "els => els.map(e => e.dataset.stagiaire)")


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_variants_merge_and_a_near_name_is_merged_undone_and_kept(
        real_site: BuiltSite, offline: Offline, browser: Browser, fichiers: list[Path],
        tmp_path: Path, size: tuple[int, int]) -> None:
    page = open_page(offline, real_site, size)
    load(page, fichiers)
    zone = page.locator("#promo-identites")
    # three spellings, one stagiaire, shown as such; the gap is computed across them
    assert stagiaires(page) == ["Élodie N'Diaye", "Yanis Benali", "Yanis Benalli"]
    expect(zone).to_contain_text("elodie n’diaye = Élodie N'Diaye = Élodie N’Diaye")
    ecart = page.locator('#promo-matrice tbody[data-stagiaire="Élodie N\'Diaye"] '
                         f'tr[data-source="ecart"] td[data-competence="{COMP["id"]}"]')
    if size[0] < 500:  # a card: the gap on the compétence's line
        ecart = page.locator('.promo-carte[data-stagiaire="Élodie N\'Diaye"] '
                             f'tr[data-competence="{COMP["id"]}"] [data-source="ecart"]')
    expect(ecart).to_contain_text("+1")
    # the near name is proposed, merged on request
    expect(zone).to_contain_text("« Yanis Benali » et « Yanis Benalli » (une lettre d'écart)")
    zone.get_by_role("button", name="Fusionner sous « Yanis Benali »").click()
    expect(page.locator("#promo-etat")).to_contain_text("fusionné avec « Yanis Benali »")
    assert stagiaires(page) == ["Élodie N'Diaye", "Yanis Benali"]
    expect(zone).to_contain_text("Yanis Benali = Yanis Benalli (fusion choisie")
    # kept across a reload, and in the promotion file opened in a fresh browser
    page.reload()
    expect(page.locator("#promotion")).to_have_attribute("data-etat", "pret")
    assert stagiaires(page) == ["Élodie N'Diaye", "Yanis Benali"]
    with page.expect_download() as info:
        page.get_by_role("button", name="Exporter la promotion (JSON)").click()
    saved = tmp_path / "promotion.json"
    info.value.save_as(saved)
    for other in open_offline(browser):
        page2 = open_page(other, real_site, size)
        load(page2, [saved])
        assert stagiaires(page2) == ["Élodie N'Diaye", "Yanis Benali"]
        other.assert_clean()
    # undone: two stagiaires again, and the proposal comes back
    zone.get_by_role("button", name="Annuler la fusion").click()
    assert stagiaires(page) == ["Élodie N'Diaye", "Yanis Benali", "Yanis Benalli"]
    expect(zone.get_by_role("button", name="Deux personnes")).to_be_visible()
    zone.get_by_role("button", name="Deux personnes").click()
    expect(zone).not_to_contain_text("Yanis Benalli »")
    page.reload()
    expect(page.locator("#promotion")).to_have_attribute("data-etat", "pret")
    expect(page.locator("#promo-identites button", has_text="Deux personnes")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    offline.assert_clean()
