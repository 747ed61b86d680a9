"""« Suivi de la promotion » in Chromium, from disk with the network refused. The exports are
made by filling the real grid pages of the built site and clicking « Exporter mes réponses »
(three stagiaires, two dates), then loaded together on the page: levels and gaps in the table,
bad files listed with their reason while nothing loaded is lost, the promotion kept across a
reload and reloaded from its own JSON file, the CSV for a French spreadsheet, the print on A4
landscape, axe at phone and desktop sizes.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pypdf
import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from .browser_helpers import AXE_OPTIONS, Offline, open_offline
from .site_helpers import REAL_FRAMEWORK, BuiltSite, FrameworkData

pytest_plugins = ["tests.conftest_site", "tests.conftest_browser"]
pytestmark = pytest.mark.browser

REAL = FrameworkData(REAL_FRAMEWORK)
COMP = REAL.competences[0]
CRITERES = [c["id"] for c in COMP["criteres"]]
NIVEAUX = yaml.safe_load((REAL_FRAMEWORK / "echelle.yml").read_text(encoding="utf-8"))["niveaux"]
LIBELLE = {n["id"]: n["libelle"] for n in NIVEAUX}
RANG = {n["id"]: i for i, n in enumerate(NIVEAUX)}
BAS, MOYEN, ATTEINT, HAUT = (n["id"] for n in NIVEAUX[:4])
CCP2 = next(c for c in REAL.competences if c["id"] == "cp09")
DATES = ("2026-01-15", "2026-03-12")
HOSTILE = "Léa <img src=x onerror=alert(1)> Roux"

# (stagiaire, date) → {grid key: {criterion or compétence id: level}}; the last date is the latest.
SAISIES = {
    ("Camille Martin", DATES[0]): {
        f"competence-{COMP['id']}-evaluateur": {c: BAS for c in CRITERES},
        f"competence-{COMP['id']}-auto-evaluation": {c: MOYEN for c in CRITERES}},
    ("Camille Martin", DATES[1]): {
        f"competence-{COMP['id']}-evaluateur": {**{c: ATTEINT for c in CRITERES},
                                                CRITERES[1]: MOYEN},
        f"competence-{COMP['id']}-auto-evaluation": {c: HAUT for c in CRITERES},
        "ccp-ccp2-evaluateur": {"cp09": BAS}},
    ("Yanis Benali", DATES[0]): {
        f"competence-{COMP['id']}-evaluateur": {c: MOYEN for c in CRITERES}},
    ("Yanis Benali", DATES[1]): {
        f"competence-{COMP['id']}-evaluateur": {c: HAUT for c in CRITERES},
        f"competence-{COMP['id']}-auto-evaluation": {c: ATTEINT for c in CRITERES}},
    (HOSTILE, DATES[0]): {f"competence-{COMP['id']}-tuteur": {CRITERES[0]: MOYEN}},
    (HOSTILE, DATES[1]): {
        f"competence-{COMP['id']}-evaluateur": {CRITERES[0]: ATTEINT},
        f"competence-{COMP['id']}-auto-evaluation": {CRITERES[0]: ATTEINT}},
}


def seances_of(competence: str) -> list[dict]:
    return [s for s in REAL._folder("seances") if competence in s.get("competences", [])]


def fill_and_export(page: Page, site: BuiltSite, cle: str, stagiaire: str, date: str,
                    niveaux: dict[str, str], dest: Path) -> Path:
    """Fill the real grid page as a user does, then export it (a real download)."""
    url = (site.site / "referentiel" / "grilles" / f"{cle}.html").as_uri()
    page.goto(url)
    page.evaluate("localStorage.clear()")
    page.goto(url)
    if stagiaire:
        page.get_by_label("Nom et prénom du stagiaire").fill(stagiaire)
    page.get_by_label("Date", exact=True).fill(date)
    for ligne, niveau in niveaux.items():
        page.locator(f'input[type="radio"][name="{ligne}"][value="{niveau}"]').check()
    with page.expect_download() as info:
        page.get_by_role("button", name="Exporter mes réponses (JSON)").click()
    path = dest / f"{len(list(dest.iterdir())):02d}-{cle}.json"
    info.value.save_as(path)
    return path


@pytest.fixture(scope="module")
def exports(browser: Browser, real_site: BuiltSite,
            tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    dest = tmp_path_factory.mktemp("exports-grilles")
    context = browser.new_context(accept_downloads=True, locale="fr-FR")
    page = context.new_page()
    nommes = [fill_and_export(page, real_site, cle, stagiaire, date, niveaux, dest)
              for (stagiaire, date), grilles in SAISIES.items() for cle, niveaux in grilles.items()]
    sans_nom = [fill_and_export(page, real_site, f"competence-{COMP['id']}-tuteur", "", DATES[1],
                                {CRITERES[0]: HAUT}, dest)]
    context.close()
    return {"nommes": nommes, "sans_nom": sans_nom}


def bad_files(exports: dict[str, list[Path]], dest: Path) -> dict[str, str]:
    """file name → the reason the page must give."""
    (dest / "notes.txt").write_text("pas du JSON", encoding="utf-8")
    (dest / "autre-outil.json").write_text(json.dumps({"type": "moodle", "cours": 3}),
                                            encoding="utf-8")
    (dest / "enorme.json").write_text(json.dumps({"x": "a" * (6 * 1024 * 1024)}), encoding="utf-8")
    (dest / "formulaire-outil.json").write_text(json.dumps({
        "format": "referentiel-cip/grille", "cle": "outil-livret-suivi", "version": "2023",
        "valeurs": {"stagiaire": "X"}}), encoding="utf-8")
    doublon = dest / "copie.json"
    doublon.write_bytes(exports["nommes"][0].read_bytes())
    return {"notes.txt": "n'est pas un fichier JSON valide", "autre-outil.json": "autre outil",
            "enorme.json": "trop gros", "formulaire-outil.json": "formulaire d'un outil",
            "copie.json": "doublon"}


def open_page(offline: Offline, site: BuiltSite) -> Page:
    page = offline.open(site.site / "referentiel" / "suivi-promotion.html")
    expect(page.locator("#promotion")).to_have_attribute("data-etat", "pret")
    return page


def load(page: Page, files: list[Path]) -> None:
    page.evaluate("document.querySelector('#promotion').dataset.etat = 'attente'")
    page.get_by_label("Choisir les exports des grilles").set_input_files([str(f) for f in files])
    expect(page.locator("#promotion")).to_have_attribute("data-etat", "pret")


def cell(page: Page, stagiaire: str, source: str, competence: str):
    return page.locator(f'#promo-matrice tbody[data-stagiaire="{stagiaire}"] '
                        f'tr[data-source="{source}"] td[data-competence="{competence}"]')


def expected_level(stagiaire: str, cle_type: str, source: str) -> str:
    latest = SAISIES[(stagiaire, DATES[1])] if (stagiaire, DATES[1]) in SAISIES else {}
    niveaux = latest.get(f"{cle_type}-{source}")
    return min(niveaux.values(), key=RANG.__getitem__)


def assert_table(page: Page) -> None:
    comp = COMP["id"]
    for stagiaire in ("Camille Martin", "Yanis Benali", HOSTILE):
        for source in ("evaluateur", "auto-evaluation"):
            niveau = expected_level(stagiaire, f"competence-{comp}", source)
            expect(cell(page, stagiaire, source, comp)).to_contain_text(LIBELLE[niveau])
    # gaps: self-assessment minus evaluator, in levels
    expect(cell(page, "Camille Martin", "ecart", comp)).to_contain_text(
        f"+{RANG[HAUT] - RANG[MOYEN]}")
    expect(cell(page, "Yanis Benali", "ecart", comp)).to_contain_text(
        f"−{RANG[HAUT] - RANG[ATTEINT]}")
    expect(cell(page, HOSTILE, "ecart", comp)).to_contain_text("0")
    expect(cell(page, "Camille Martin", "evaluateur", "cp09")).to_contain_text(LIBELLE[BAS])
    expect(cell(page, "Camille Martin", "tuteur", comp)).to_contain_text("non évalué")
    expect(cell(page, HOSTILE, "tuteur", comp)).to_contain_text(LIBELLE[MOYEN])


def test_exports_of_the_real_grids_fill_the_table(real_site: BuiltSite, offline: Offline,
                                                  exports) -> None:
    page = open_page(offline, real_site)
    load(page, exports["nommes"])
    assert_table(page)
    # markup in a name stays text: no image element was created
    expect(page.locator("#promo-matrice img")).to_have_count(0)
    expect(page.locator("#promo-matrice")).to_contain_text(HOSTILE)
    # per compétence: counts per level (evaluator's latest level), criteria never assessed
    row = page.locator(f"#comp-{COMP['id']}")
    expect(row).to_contain_text(COMP["intitule"])
    cells = row.locator("td.promo-nombre")
    counts = [int(t) for t in cells.all_inner_texts()]
    niveaux = [expected_level(s, f"competence-{COMP['id']}", "evaluateur")
               for s in ("Camille Martin", "Yanis Benali", HOSTILE)]
    assert counts[:len(NIVEAUX)] == [niveaux.count(n["id"]) for n in NIVEAUX]
    # one click from the compétence's column to the séances that work it
    page.locator("#promo-matrice thead a", has_text=str(COMP["numero"])).first.click()
    assert page.url.endswith(f"#comp-{COMP['id']}")
    seance_links = row.locator(".promo-seances a")
    assert seance_links.count() == len(seances_of(COMP["id"]))
    seance_links.first.click()
    expect(page.locator("article h1")).to_be_visible()
    assert "/programme/" in page.url or "seance" in page.url
    offline.assert_clean()


def test_levels_over_time_for_one_stagiaire(real_site: BuiltSite, offline: Offline,
                                            exports) -> None:
    page = open_page(offline, real_site)
    load(page, exports["nommes"])
    page.get_by_label("Stagiaire", exact=True).select_option("Camille Martin")
    table = page.locator("#promo-historique")
    expect(table.locator("thead th")).to_have_text(["Compétence", "15/01/2026", "12/03/2026"])
    row = table.locator("tbody tr").first
    expect(row.locator("td").nth(0)).to_contain_text(LIBELLE[BAS])
    expect(row.locator("td").nth(1)).to_contain_text(LIBELLE[MOYEN])
    expect(row.locator("td").nth(1)).to_contain_text(LIBELLE[HAUT])


def test_bad_files_are_listed_and_nothing_loaded_is_lost(real_site: BuiltSite, offline: Offline,
                                                         exports, tmp_path: Path) -> None:
    page = open_page(offline, real_site)
    load(page, exports["nommes"])
    reasons = bad_files(exports, tmp_path)
    load(page, [tmp_path / name for name in reasons] + exports["sans_nom"])
    rejets = page.locator("#promo-rejets tbody tr")
    expect(rejets).to_have_count(len(reasons))
    for name, reason in reasons.items():
        expect(rejets.filter(has=page.locator("th", has_text=name))).to_contain_text(reason)
    assert_table(page)
    expect(page.locator("#promo-resume")).to_contain_text(
        f"{len(exports['nommes']) + 1} exports chargés pour 3 stagiaires, dont 1 sans nom")
    # the « sans nom » export is assigned on the page
    sans_nom = page.locator("#promo-sans-nom tbody tr")
    expect(sans_nom).to_have_count(1)
    sans_nom.locator("input").fill("Camille Martin")
    sans_nom.get_by_role("button", name="Attribuer").click()
    expect(page.locator("#promo-sans-nom tbody tr")).to_have_count(0)
    expect(cell(page, "Camille Martin", "tuteur", COMP["id"])).to_contain_text(LIBELLE[HAUT])
    offline.assert_clean()


def test_another_version_is_matched_by_criterion_id(real_site: BuiltSite, offline: Offline,
                                                    exports, tmp_path: Path) -> None:
    doc = json.loads(exports["nommes"][0].read_text(encoding="utf-8"))
    doc["version"] = "2016"
    doc["valeurs"]["stagiaire"] = "Noé Ancien"
    doc["valeurs"]["cp01-c99"] = ATTEINT
    old = tmp_path / "ancienne-version.json"
    old.write_text(json.dumps(doc), encoding="utf-8")
    page = open_page(offline, real_site)
    load(page, [old])
    expect(cell(page, "Noé Ancien", "evaluateur", COMP["id"])).to_contain_text(LIBELLE[BAS])
    inconnus = page.locator("#promo-inconnus tbody tr")
    expect(inconnus).to_have_count(1)
    expect(inconnus).to_contain_text("ancienne-version.json")
    expect(inconnus).to_contain_text("cp01-c99 : critère inconnu dans cette version")
    expect(inconnus).to_contain_text("2016")


def test_reload_keeps_the_promotion_and_its_json_rebuilds_it(real_site: BuiltSite,
                                                             offline: Offline, exports,
                                                             browser: Browser,
                                                             tmp_path: Path) -> None:
    page = open_page(offline, real_site)
    page.get_by_label("Nom de la promotion").fill("Promo 2026")
    page.get_by_label("Nom de la promotion").press("Enter")
    load(page, exports["nommes"])
    page.reload()
    expect(page.locator("#promotion")).to_have_attribute("data-etat", "pret")
    expect(page.get_by_label("Nom de la promotion")).to_have_value("Promo 2026")
    assert_table(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Exporter la promotion (JSON)").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert json.loads(saved.read_text(encoding="utf-8"))["format"] == "referentiel-cip/promotion"
    # another computer: nothing stored, the promotion file alone rebuilds the view
    for other in open_offline(browser):
        page2 = open_page(other, real_site)
        load(page2, [saved])
        assert_table(page2)
        expect(page2.get_by_label("Nom de la promotion")).to_have_value("Promo 2026")
    # « Effacer » asks first: refused, nothing changes; accepted, the promotion is gone
    page.evaluate("window.confirm = () => false")
    page.get_by_role("button", name="Effacer la promotion").click()
    assert_table(page)
    page.evaluate("window.confirm = () => true")
    page.get_by_role("button", name="Effacer la promotion").click()
    expect(page.locator("#promo-matrice tbody")).to_have_count(0)
    page.reload()
    expect(page.locator("#promo-matrice tbody")).to_have_count(0)


def test_csv_for_a_french_spreadsheet(real_site: BuiltSite, offline: Offline, exports,
                                      tmp_path: Path) -> None:
    page = open_page(offline, real_site)
    load(page, exports["nommes"])
    with page.expect_download() as info:
        page.get_by_role("button", name="Exporter le tableau (CSV)").click()
    path = tmp_path / "promotion.csv"
    info.value.save_as(path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").split("\r\n")[:-1]
    rows = [line.split(";") for line in lines]
    assert rows[0][:5] == ["Stagiaire", "CCP", "Compétence", "Intitulé de la compétence",
                           "Évaluateur"]
    assert len(rows) == 1 + 3 * len(REAL.competences)
    camille = next(r for r in rows if r[0] == "Camille Martin" and r[2] == str(COMP["numero"]))
    assert camille[4] == LIBELLE[MOYEN] and camille[5] == DATES[1]
    assert camille[-1] == str(RANG[HAUT] - RANG[MOYEN])
    # filtered on CCP 2: only its compétences
    page.get_by_label("CCP", exact=True).select_option("ccp2")
    with page.expect_download() as info:
        page.get_by_role("button", name="Exporter le tableau (CSV)").click()
    info.value.save_as(path)
    lines = path.read_bytes().decode("utf-8-sig").split("\r\n")[:-1]
    ccp2 = [c for c in REAL.competences if c["ccp"] == "ccp2"]
    assert len(lines) == 1 + 3 * len(ccp2)


def test_print_fits_a4_landscape(real_site: BuiltSite, offline: Offline, exports) -> None:
    page = open_page(offline, real_site)
    load(page, exports["nommes"])
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".promo-depot", ".promo-actions"):
        expect(page.locator(selector).first).to_be_hidden()
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pdf.pages}
    assert sizes == {(842, 595)}, sizes
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Camille Martin" in text and "Yanis Benali" in text
    # the whole table is printed: the last compétence's column is on the page
    assert LIBELLE[BAS] in text


@pytest.mark.parametrize("width,height", [(390, 844), (1366, 900)])
def test_accessible_and_no_sideways_scroll(real_site: BuiltSite, browser: Browser, axe, exports,
                                           width: int, height: int) -> None:
    for state in open_offline(browser):
        state.page.set_viewport_size({"width": width, "height": height})
        page = open_page(state, real_site)
        load(page, exports["nommes"] + exports["sans_nom"])
        scroll = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert scroll <= 0, f"la page défile de côté de {scroll} px à {width} px"
        results = axe.run(page, options=AXE_OPTIONS)
        serious = [f"{v['id']} : {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
                   for v in results.response["violations"]
                   if v["impact"] in ("serious", "critical")]
        assert not serious, "\n".join(serious)
        state.assert_clean()


@pytest.mark.parametrize("width,height", [(1366, 900)])
def test_the_wide_table_says_it_scrolls_and_keeps_its_title_readable(
        real_site: BuiltSite, browser: Browser, exports, width: int, height: int) -> None:
    """The table of every compétence is wider than the screen: like the site's other wide
    tables it is announced (« faites-le glisser ») and its title stays whole inside its frame,
    even scrolled to the right, instead of running off the screen. (On a phone, one card per
    stagiaire replaces it: test_browser_promotion_lecture.)"""
    for state in open_offline(browser):
        state.page.set_viewport_size({"width": width, "height": height})
        page = open_page(state, real_site)
        load(page, exports["nommes"])
        frame = page.locator(".promo-defile:has(#promo-matrice)")
        assert frame.evaluate("f => f.scrollWidth > f.clientWidth + 1")
        hint = page.locator(".cip-defile-indice + .promo-defile #promo-matrice")
        expect(hint).to_have_count(1)
        expect(page.locator(".cip-defile-indice").first).to_contain_text("faites-le glisser")
        caption = page.locator("#promo-matrice caption")
        for left in (0, 10_000):
            frame.evaluate("(f, x) => { f.scrollLeft = x; }", left)
            inside = caption.evaluate("""c => { const r = c.getBoundingClientRect(),
                f = c.closest('.promo-defile').getBoundingClientRect();
                return r.left >= f.left - 1 && r.right <= f.right + 1; }""")
            assert inside, f"titre du tableau coupé (défilement {left})"
            # the stagiaire's name stays on screen, whatever compétence is looked at
            names = page.locator("#promo-matrice tbody th[scope=rowgroup]")
            assert names.count() >= 2
            for i in range(names.count()):
                assert names.nth(i).evaluate("""c => {
                    window.scrollBy(0, c.getBoundingClientRect().top - 100);
                    const r = c.getBoundingClientRect(),
                        f = c.closest('.promo-defile').getBoundingClientRect();
                    return r.left >= f.left - 1 && r.left < f.left + 2
                        && document.elementFromPoint(r.left + 4, r.top + 4) === c; }"""), \
                    f"nom du stagiaire caché (défilement {left})"
        page.emulate_media(media="print")
        expect(page.locator(".cip-defile-indice").first).to_be_hidden()
        state.assert_clean()


def test_keyboard_reaches_the_file_choice_and_the_filters(real_site: BuiltSite,
                                                          offline: Offline, exports) -> None:
    page = open_page(offline, real_site)
    load(page, exports["nommes"])
    page.get_by_label("Choisir les exports des grilles").focus()
    seen = set()
    for _ in range(30):
        page.keyboard.press("Tab")
        seen.add(page.evaluate("document.activeElement.id || document.activeElement.name || ''"))
    assert {"promo-nom", "promo-filtre-ccp", "promo-source"} <= seen
    page.get_by_label("Tuteur").uncheck()
    expect(page.locator('#promo-matrice tr[data-source="tuteur"]')).to_have_count(0)


def test_a_full_browser_storage_is_said_and_the_table_stays(real_site: BuiltSite,
                                                              offline: Offline, exports) -> None:
    page = open_page(offline, real_site)
    page.evaluate("""() => { Storage.prototype.setItem = function () {
        throw new DOMException('plein', 'QuotaExceededError'); }; }""")
    load(page, exports["nommes"])
    assert_table(page)
    expect(page.locator("#promo-etat")).to_contain_text("l'espace de ce navigateur")
    expect(page.locator("#promo-etat")).to_contain_text("Exportez la promotion")
    offline.assert_clean()


def test_files_dropped_on_the_page_are_loaded(real_site: BuiltSite, offline: Offline,
                                              exports) -> None:
    page = open_page(offline, real_site)
    texts = [p.read_text(encoding="utf-8") for p in exports["nommes"]]
    page.evaluate("document.querySelector('#promotion').dataset.etat = 'attente'")
    page.evaluate("""texts => { const dt = new DataTransfer();
        texts.forEach((t, i) => dt.items.add(new File([t], 'depot-' + i + '.json',
                                                      {type: 'application/json'})));
        document.querySelector('#promo-depot').dispatchEvent(
            new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true})); }""",
                  texts)
    expect(page.locator("#promotion")).to_have_attribute("data-etat", "pret")
    assert_table(page)
    offline.assert_clean()


def test_home_and_navigation_lead_to_the_page(real_site: BuiltSite) -> None:
    home = (real_site.site / "index.html").read_text(encoding="utf-8")
    assert 'href="referentiel/suivi-promotion.html"' in home
    page = (real_site.site / "referentiel" / "suivi-promotion.html").read_text(encoding="utf-8")
    assert "rien n'est envoyé nulle part" in page.replace("&#39;", "'").replace("’", "'")
    assert 'src="exports/referentiel-cip.js"' in page
