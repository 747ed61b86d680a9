"""Identity in « Suivi de la promotion » (promotion-identite.js and the identity functions of
promotion.js), in Chromium without a built site: names typed with ' or ’, with or without
accents, capitals, spaces or hyphens are one stagiaire; near names (one or two letters, first
and last name swapped) are only proposed; a chosen merge is undone, and it travels in the
promotion file.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from . import test_browser_promotion_js as promotion_js
from .browser_helpers import BlankTab
from .test_browser_promotion_js import charger, grille

pytest_plugins = ["tests.conftest_browser"]
pytestmark = pytest.mark.browser


@pytest.fixture
def page(blank_tab: BlankTab) -> Iterator[Page]:
    """The same blank page as test_browser_promotion_js: shared modules, promotion.js, REF."""
    yield from promotion_js.page.__wrapped__(blank_tab)


def names(page: Page) -> list[str]:
    return page.evaluate("CIP.promotion.stagiaires(PROMO)")


def lus(*noms: str) -> list[dict]:
    return [{"name": f"f{i}.json", "data": grille("competence-cp01-evaluateur", nom,
                                                   f"2026-01-{i + 10:02d}", {"cp01-c1": "acquis"})}
            for i, nom in enumerate(noms)]


@pytest.mark.parametrize("a,b", [
    ("Awa N'Diaye", "Awa N’Diaye"), ("Awa N'Diaye", "Awa Nʼdiaye"),
    ("Élodie Roux", "Elodie Roux"), ("Jean-Marc Petit", "jean marc petit"),
    ("Jean-Marc Petit", "JEANMARC PETIT"),
    ("Zoé Lœuvre", "Zoe Loeuvre"),
])
def test_name_variants_are_one_stagiaire(page: Page, a: str, b: str) -> None:
    charger(page, lus(a, b, a))
    assert names(page) == [a]  # the spelling typed most often
    groupes = page.evaluate("CIP.promotion.rapprochements(PROMO)")
    assert [sorted(g["graphies"]) for g in groupes] == [sorted({a, b})]
    assert not groupes[0]["explicite"]
    table = page.evaluate("Object.keys(CIP.promotion.derniers(REF, PROMO))")
    assert table == [a]


@pytest.mark.parametrize("a,b,raison", [
    ("Yanis Benali", "Yanis Benalli", "une lettre"), ("Yanis Benali", "Yanis Benail", "une lettre"),
    ("Léa Roux", "Léo Roux", "une lettre"),
    ("Christophe Durand", "Cristophe Durant", "deux lettres"),
    ("Camille Martin", "Martin Camille", "inversés"),
])
def test_near_names_are_proposed_not_merged(page: Page, a: str, b: str, raison: str) -> None:
    charger(page, lus(a, b))
    assert sorted(names(page)) == sorted([a, b])
    proches = page.evaluate("CIP.promotion.proches(PROMO)")
    assert len(proches) == 1 and raison in proches[0]["raison"]


@pytest.mark.parametrize("a,b", [("Awa Sow", "Léa Roux"), ("Yanis Benali", "Camille Martin"),
                                 ("Anne Li", "Anne Lin-Roux")])
def test_different_people_are_not_proposed(page: Page, a: str, b: str) -> None:
    charger(page, lus(a, b))
    assert page.evaluate("CIP.promotion.proches(PROMO)") == []


def test_a_merge_is_shown_undone_and_kept_in_the_promotion_file(page: Page) -> None:
    charger(page, lus("Yanis Benali", "Yanis Benalli", "Yanis Benali", "Awa Sow", "Awa Sowe"))
    page.evaluate("CIP.promotion.fusionner(PROMO, 'Yanis Benalli', 'Yanis Benali')")
    assert names(page) == ["Awa Sow", "Awa Sowe", "Yanis Benali"]
    groupes = page.evaluate("CIP.promotion.rapprochements(PROMO)")
    assert [(g["nom"], g["graphies"], g["explicite"]) for g in groupes] == [
        ("Yanis Benali", ["Yanis Benali", "Yanis Benalli"], True)]
    page.evaluate("CIP.promotion.distinguer(PROMO, 'Awa Sow', 'Awa Sowe')")
    assert page.evaluate("CIP.promotion.proches(PROMO)") == []
    # the promotion file carries the merge and the « two people » answer
    copie = page.evaluate("""() => {
        const doc = JSON.parse(JSON.stringify(CIP.promotion.enJSON(PROMO)));
        const p2 = CIP.promotion.creer('x');
        CIP.promotion.ajouter(REF, p2, [{name: 'promotion.json', data: doc}]);
        return {noms: CIP.promotion.stagiaires(p2), proches: CIP.promotion.proches(p2)}; }""")
    assert copie == {"noms": ["Awa Sow", "Awa Sowe", "Yanis Benali"], "proches": []}
    # undone: two stagiaires again, proposed again
    page.evaluate("CIP.promotion.separer(PROMO, 'Yanis Benali')")
    assert names(page) == ["Awa Sow", "Awa Sowe", "Yanis Benali", "Yanis Benalli"]
    assert len(page.evaluate("CIP.promotion.proches(PROMO)")) == 1


def test_a_merge_under_the_other_name_renames(page: Page) -> None:
    charger(page, lus("Yanis Benali", "Yanis Benalli", "Yanis Benali"))
    page.evaluate("CIP.promotion.fusionner(PROMO, 'Yanis Benali', 'Yanis Benalli')")
    assert names(page) == ["Yanis Benalli"]
    historique = page.evaluate("CIP.promotion.historique(REF, PROMO, 'Yanis Benalli')")
    assert len(historique["dates"]) == 3
