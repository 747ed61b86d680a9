"""« Suivi de la promotion » read at a glance, in Chromium at 390×844 and 1366×900 with a
hundred stagiaires loaded: the header row and the Stagiaire and Source columns stay in view
after scrolling the table both ways; filter by name and sort by gap or level; a partial
evaluation says so (« Acquis — 2 critères sur 5 ») and does not count as reached; axe finds
nothing serious with the data loaded.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from .browser_helpers import AXE_OPTIONS, open_offline
from .site_helpers import REAL_FRAMEWORK, BuiltSite, FrameworkData

pytest_plugins = ["tests.conftest_site", "tests.conftest_browser"]
pytestmark = pytest.mark.browser

REAL = FrameworkData(REAL_FRAMEWORK)
COMP = REAL.competences[0]
CRITERES = [c["id"] for c in COMP["criteres"]]
ECHELLE = yaml.safe_load((REAL_FRAMEWORK / "echelle.yml").read_text(encoding="utf-8"))["niveaux"]
NIVEAUX = [n["id"] for n in ECHELLE]
NIVEAUX_LIBELLES = [n["libelle"] for n in ECHELLE]
CCPS = sorted({c["ccp"] for c in REAL.competences})
SIZES = {"telephone": (390, 844), "ordinateur": (1366, 900)}
N = 100


def grille(cle: str, stagiaire: str, date: str, niveaux: dict[str, str]) -> dict:
    return {"format": "referentiel-cip/grille", "cle": cle, "version": "2023",
            "enregistre_le": f"{date}T09:00:00.000Z", "fichier": f"{cle}-{stagiaire}.json",
            "valeurs": {"stagiaire": stagiaire, "date": date, **niveaux}}


def promotion(dest: Path, n: int = N) -> Path:
    """``n`` stagiaires, every compétence through the CCP grids (evaluator and
    self-assessment), in one promotion file; plus one partial evaluation."""
    exports = []
    for i in range(n):
        nom = f"Stagiaire {i:03d}"
        for ccp in CCPS:
            comps = [c["id"] for c in REAL.competences if c["ccp"] == ccp]
            ev = {c: NIVEAUX[(i + k) % len(NIVEAUX)] for k, c in enumerate(comps)}
            auto = {c: NIVEAUX[(i * 3 + k) % len(NIVEAUX)] for k, c in enumerate(comps)}
            exports.append(grille(f"ccp-{ccp}-evaluateur", nom, "2026-03-01", ev))
            exports.append(grille(f"ccp-{ccp}-auto-evaluation", nom, "2026-03-01", auto))
    exports.append(grille(f"competence-{COMP['id']}-evaluateur", "Zoé Partielle", "2026-03-02",
                          {c: "acquis" for c in CRITERES[:2]}))
    path = dest / "promotion.json"
    path.write_text(json.dumps({"format": "referentiel-cip/promotion", "version_format": 1,
                                "nom": "Cent", "exports": exports}), encoding="utf-8")
    return path


def open_loaded(page: Page, site: BuiltSite, path: Path) -> None:
    page.goto((site.site / "referentiel" / "suivi-promotion.html").as_uri())
    expect(page.locator("#promotion")).to_have_attribute("data-etat", "pret")
    page.evaluate("document.querySelector('#promotion').dataset.etat = 'attente'")
    page.get_by_label("Choisir les exports des grilles").set_input_files(str(path))
    expect(page.locator("#promotion")).to_have_attribute("data-etat", "pret", timeout=60_000)


def at(page: Page, x: float, y: float) -> dict:
    return page.evaluate("""([x, y]) => { const e = document.elementFromPoint(x, y);
        const th = e && e.closest('th, td');
        return th ? {tag: th.tagName, scope: th.getAttribute('scope') || '',
                     cls: th.className, text: th.textContent.trim().slice(0, 40)} : null; }""",
                         [x, y])


def assert_axe_clean(page: Page, axe) -> None:
    results = axe.run(page, options=AXE_OPTIONS)
    serious = [f"{v['id']} : {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
               for v in results.response["violations"]
               if v["impact"] in ("serious", "critical")]
    assert not serious, "\n".join(serious)


def test_header_and_first_columns_stay_after_scrolling(
        real_site: BuiltSite, browser: Browser, axe, tmp_path: Path) -> None:
    size = SIZES["ordinateur"]
    path = promotion(tmp_path, 25)  # enough to scroll both ways
    for state in open_offline(browser):
        page = state.page
        page.set_viewport_size({"width": size[0], "height": size[1]})
        open_loaded(page, real_site, path)
        cadre = page.locator("#promo-cadre-matrice")
        cadre.scroll_into_view_if_needed()
        cadre.evaluate("c => { c.scrollTop = 3000; c.scrollLeft = 3000; }")
        page.wait_for_timeout(100)
        box = cadre.bounding_box()
        assert box
        # header row at the top of the frame, stagiaire then source on the left
        haut = at(page, box["x"] + box["width"] - 20, box["y"] + 8)
        assert haut and haut["tag"] == "TH" and haut["scope"] in ("col", "colgroup"), haut
        coin = at(page, box["x"] + 5, box["y"] + 8)
        assert coin and coin["text"] == "Stagiaire", coin
        gauche = at(page, box["x"] + 5, box["y"] + box["height"] / 2)
        assert gauche and gauche["scope"] == "rowgroup" and "Stagiaire" in gauche["text"], gauche
        largeur = page.locator("#promo-matrice thead th").first.bounding_box()["width"]
        source = at(page, box["x"] + largeur + 5, box["y"] + box["height"] / 2)
        assert source and "promo-source" in source["cls"], source
        assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
        # axe on one stagiaire's rows: the others are made the same way
        page.get_by_label("Stagiaire (une partie du nom)").fill("Stagiaire 000")
        expect(page.locator("#promo-matrice tbody[data-stagiaire]")).to_have_count(1)
        assert_axe_clean(page, axe)
        state.assert_clean()


def test_on_a_phone_each_stagiaire_is_a_card_read_without_swiping(
        real_site: BuiltSite, browser: Browser, axe, tmp_path: Path) -> None:
    """390 px: no wide table to swipe; one card per stagiaire whose name, the source of each
    level and at least one compétence with its level are on screen, the page no wider than
    the phone."""
    path = promotion(tmp_path, 25)
    for state in open_offline(browser):
        page = state.page
        page.set_viewport_size({"width": 390, "height": 844})
        open_loaded(page, real_site, path)
        expect(page.locator("#promo-cadre-matrice")).to_be_hidden()
        carte = page.locator('.promo-carte[data-stagiaire="Stagiaire 000"]')
        carte.scroll_into_view_if_needed()
        page.evaluate("document.querySelector('.promo-carte').scrollIntoView()")
        nom = carte.get_by_role("heading", name="Stagiaire 000")
        ligne = carte.locator(f'tr[data-competence="{REAL.competences[0]["id"]}"]')
        source = ligne.locator('[data-source="evaluateur"] .promo-carte-source')
        niveau = ligne.locator('[data-source="evaluateur"] .promo-niv')
        for locator in (nom, ligne.locator("th"), source, niveau):
            expect(locator).to_be_in_viewport()
            box = locator.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        expect(source).to_have_text("Évaluateur")
        expect(niveau).to_contain_text(NIVEAUX_LIBELLES[0])
        expect(ligne.locator('[data-source="ecart"]')).to_contain_text("Écart")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # the partial evaluation reads the same on a card
        page.get_by_label("Stagiaire (une partie du nom)").fill("zoe")
        expect(page.locator(".promo-carte")).to_have_count(1)
        expect(page.locator(".promo-carte")).to_contain_text(
            f"Acquis — 2 critères sur {len(CRITERES)}")
        assert_axe_clean(page, axe)  # one card: the others are made the same way
        page.get_by_label("Stagiaire (une partie du nom)").fill("")
        expect(page.locator(".promo-carte")).to_have_count(26)  # and Zoé
        state.assert_clean()


def montres(page: Page) -> list[dict]:
    """The stagiaires drawn in the big table (those in view and a margin), in order."""
    return page.locator("#promo-matrice tbody[data-stagiaire]").evaluate_all(
        "els => els.map(e => ({nom: e.dataset.stagiaire, ecart: Number(e.dataset.ecart ?? -1), "
        "niveau: Number(e.dataset.niveau ?? 99)}))")


def au_bout(page: Page) -> None:
    """Scroll the big table's frame to its end (twice: the rows drawn there refine the height
    kept for the others)."""
    for _ in range(2):
        page.locator("#promo-cadre-matrice").evaluate("c => { c.scrollTop = c.scrollHeight; }")
        page.wait_for_timeout(200)


def test_filter_and_sort_a_hundred_stagiaires(real_site: BuiltSite, browser: Browser,
                                              tmp_path: Path) -> None:
    path = promotion(tmp_path)
    for state in open_offline(browser):
        page = state.page
        page.set_viewport_size({"width": 1366, "height": 900})
        page.set_default_timeout(120_000)  # a hundred stagiaires on a shared, loaded machine
        open_loaded(page, real_site, path)
        corps = page.locator("#promo-matrice tbody[data-stagiaire]")
        # only the stagiaires in view (and a margin) are in the page: filters stay quick
        assert 0 < corps.count() < 40
        expect(page.locator("#promo-resume")).to_contain_text(f"pour {N + 1} stagiaires")
        page.get_by_label("Stagiaire (une partie du nom)").fill("stagiaire 04")
        expect(corps).to_have_count(10)
        expect(page.locator("#promo-etat")).to_have_text("10 stagiaires affichés.")
        page.get_by_label("Stagiaire (une partie du nom)").fill("")
        expect(page.locator("#promo-etat")).to_have_text(f"{N + 1} stagiaires affichés.")
        cadre = page.locator("#promo-cadre-matrice")
        cadre.scroll_into_view_if_needed()

        page.get_by_label("Trier les stagiaires").select_option("ecart")
        cadre.evaluate("c => { c.scrollTop = 0; }")
        debut = montres(page)
        ecarts = [m["ecart"] for m in debut]
        assert ecarts == sorted(ecarts, reverse=True)
        au_bout(page)
        fin = montres(page)
        assert [m["ecart"] for m in fin] == sorted((m["ecart"] for m in fin), reverse=True)
        assert debut[0]["ecart"] > fin[-1]["ecart"]
        assert fin[-1]["nom"] == "Zoé Partielle"  # no gap at all: last
        page.get_by_label("Trier les stagiaires").select_option("niveau")
        cadre.evaluate("c => { c.scrollTop = 0; }")
        page.wait_for_timeout(200)
        niveaux = [m["niveau"] for m in montres(page)]
        assert niveaux == sorted(niveaux)
        au_bout(page)
        assert niveaux[0] < montres(page)[-1]["niveau"]
        # sorted by name and scrolled to the end: the last stagiaire is drawn, in view, under
        # the header that stays
        page.get_by_label("Trier les stagiaires").select_option("nom")
        au_bout(page)
        dernier = page.locator('#promo-matrice tbody[data-stagiaire="Zoé Partielle"] th')
        expect(dernier.first).to_be_in_viewport()
        box = cadre.bounding_box()
        assert box
        haut = at(page, box["x"] + box["width"] - 20, box["y"] + 8)
        assert haut and haut["tag"] == "TH" and haut["scope"] in ("col", "colgroup"), haut
        state.assert_clean()


def test_a_partial_evaluation_says_so_and_is_not_reached(real_site: BuiltSite, browser: Browser,
                                                         tmp_path: Path) -> None:
    path = promotion(tmp_path, 3)
    for state in open_offline(browser):
        page = state.page
        open_loaded(page, real_site, path)
        case = page.locator('#promo-matrice tbody[data-stagiaire="Zoé Partielle"] '
                            f'tr[data-source="evaluateur"] td[data-competence="{COMP["id"]}"]')
        expect(case).to_contain_text(f"Acquis — 2 critères sur {len(CRITERES)}")
        expect(case.locator(".promo-partiel")).to_be_visible()
        expect(page.locator("#stagiaires-competences + .promo-aide")).to_contain_text(
            "n'est comptée atteinte que si tous ses critères ont été évalués")
        ligne = page.locator(f"#comp-{COMP['id']} td.promo-nombre")
        counts = [int(t) for t in ligne.all_inner_texts()]
        assert counts[len(NIVEAUX) + 2] == 1  # « Évaluations partielles »
        state.assert_clean()


def test_reading_many_files_shows_progress(real_site: BuiltSite, browser: Browser,
                                           tmp_path: Path) -> None:
    paths = []
    for i in range(30):
        path = tmp_path / f"{i:02d}.json"
        path.write_text(json.dumps(grille(f"competence-{COMP['id']}-evaluateur", f"Nom {i:02d}",
                                          "2026-03-01", {CRITERES[0]: "acquis"})), encoding="utf-8")
        paths.append(str(path))
    for state in open_offline(browser):
        page = state.page
        page.goto((real_site.site / "referentiel" / "suivi-promotion.html").as_uri())
        expect(page.locator("#promotion")).to_have_attribute("data-etat", "pret")
        page.evaluate("""() => { window.VUES = [];
            const b = document.getElementById('promo-progression');
            new MutationObserver(() => VUES.push([b.hidden, b.value, b.max]))
              .observe(b, {attributes: true}); }""")
        page.get_by_label("Choisir les exports des grilles").set_input_files(paths)
        expect(page.locator("#promo-etat")).to_contain_text("30 exports ajoutés")
        vues = page.evaluate("VUES")
        # shown while reading, with the count of files read against the total
        assert any(not hidden and 0 < value <= 30 and top == 30
                   for hidden, value, top in vues), vues
        expect(page.get_by_role("progressbar", name="Lecture des fichiers")).to_be_hidden()
        state.assert_clean()
