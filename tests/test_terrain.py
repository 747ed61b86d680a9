"""The site where it is used: on a 390 px phone (is_mobile, has_touch), on a printer, and through
the search box. Real Chromium (/usr/bin/chromium) on the session-built site, network refused.

- No page scrolls sideways at 390 × 844; wide tables scroll in their own frame, announced.
- On-screen grids become one card per criterion: the level choices are named, tappable targets of
  at least 44 × 44 CSS px (WCAG 2.5.5); the answers are stored as on a computer.
- A glossary sigle tapped on a phone shows its whole definition and leads to its entry.
- axe: no serious or critical violation at 390 px (at 1366 px: test_browser.py), the 404
  page included.
- A grid filled on a phone prints every word typed; no PDF spends a sheet on its sources or
  signatures alone.
- Search: the page about a thing first for its name or sigle typed without accents; common
  words never « Non trouvé »; previews never glue two cells.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pypdf
import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from .browser_helpers import (
    AXE_OPTIONS,
    TIMEOUT_MS,
    VIOLATIONS,
    Offline,
    files_only,
    open_offline,
    watch_csp,
)
from .pdf_pages import pdf_pages, wasted_pages
from .site_helpers import REAL_FRAMEWORK, BuiltSite, FrameworkData
from .test_browser import search

pytest_plugins = ["tests.conftest_site", "tests.conftest_browser"]
pytestmark = pytest.mark.browser

REAL = FrameworkData(REAL_FRAMEWORK)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
NIVEAUX = yaml.safe_load((REAL_FRAMEWORK / "echelle.yml").read_text(encoding="utf-8"))["niveaux"]
# A tool form with choices to tick (levels or boxes), not only blanks to write in.
OUTIL_FORM = next(o["id"] for o in REAL.outils if o.get("formulaire") and any(
    c["type"] in ("niveau", "niveau_atteint", "case")
    for r in o["formulaire"]["rubriques"] for c in r["champs"]))
GRIDS = {
    "competence": f"referentiel/grilles/competence-{REAL.competences[0]['id']}-evaluateur.html",
    "auto-evaluation":
        f"referentiel/grilles/competence-{REAL.competences[0]['id']}-auto-evaluation.html",
    "ccp": f"referentiel/grilles/ccp-{REAL.ccps[0]['id']}-tuteur.html",
    "outil": f"referentiel/grilles/outil-{OUTIL_FORM}.html",
}


def _context(browser: Browser, phone: bool):
    context = browser.new_context(viewport=PHONE if phone else DESKTOP, is_mobile=phone,
                                  has_touch=phone, locale="fr-FR")
    context.set_default_timeout(TIMEOUT_MS)
    return context, files_only(context)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A fresh page on a 390 × 844 touch phone."""
    context, remote = _context(browser, phone=True)
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert not remote, remote
    assert not errors, errors


@pytest.fixture(scope="module")
def phone_page(browser: Browser) -> Iterator[Page]:
    """One phone page for the read-only checks of the whole module; each page it opens
    records the violations of its security policy (``window.__csp``, and the console's)."""
    context, remote = _context(browser, phone=True)
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    page.csp_console = watch_csp(page)  # type: ignore[attr-defined]
    yield page
    context.close()
    assert not remote, remote


# -- no page scrolls sideways ---------------------------------------------------------------------

PARTS = 3
_WIDTHS = """() => [innerWidth, document.scrollingElement.scrollWidth,
    [...document.querySelectorAll('body *')]
      .filter(e => e.getBoundingClientRect().right > innerWidth + 1
        && !e.closest('.md-typeset__scrollwrap, .md-sidebar, .md-search'))
      .slice(0, 3).map(e => e.tagName + '.' + String(e.className).slice(0, 30))]"""


@pytest.mark.parametrize("part", range(PARTS))
def test_no_page_scrolls_sideways_or_breaks_its_policy_on_a_phone(
        real_site: BuiltSite, phone_page: Page, part: int) -> None:
    """Every built page at 390 px, opened from disk: the page is never wider than the screen
    (a phone would zoom out or scroll sideways), and nothing in it breaks its security policy.
    On a touch phone the layout viewport grows with the content, so the width is compared
    with the 390 px of the screen, not with innerWidth alone. The pages in PARTS parts, which
    the test processes share."""
    wide, broken = [], []
    for path in real_site.html_files()[part::PARTS]:
        phone_page.goto(path.as_uri())
        inner, scroll, culprits = phone_page.evaluate(_WIDTHS)
        name = path.relative_to(real_site.site).as_posix()
        if inner > PHONE["width"] or scroll > PHONE["width"]:
            wide.append((name, scroll, culprits))
        if violations := phone_page.evaluate("() => window.__csp"):
            broken.append((name, violations))
    assert len(real_site.html_files()) > 50
    assert not wide, f"{len(wide)} page(s) défilent de côté à 390 px : {wide[:8]}"
    assert not broken, f"politique de sécurité enfreinte : {broken[:8]}"
    assert phone_page.csp_console == []  # type: ignore[attr-defined]
    phone_page.csp_console.clear()  # type: ignore[attr-defined]


def test_a_wide_table_scrolls_in_its_frame_with_a_hint(real_site: BuiltSite, phone: Page) -> None:
    phone.goto((real_site.site / "referentiel/matrice.html").as_uri())
    frame = phone.locator("article .md-typeset__scrollwrap").first
    expect(frame).to_be_attached()
    overflowing = frame.evaluate("f => f.scrollWidth > f.clientWidth + 1")
    hint = phone.locator("article .cip-defile-indice")
    if overflowing:
        expect(hint.first).to_be_visible()
        expect(hint.first).to_contain_text("faites-le glisser")
        frame.evaluate("f => f.scrollLeft = f.scrollWidth")
        assert frame.evaluate("f => f.scrollLeft") > 0
    else:
        expect(hint).to_have_count(0)


def test_glossary_reads_as_cards_on_a_phone(real_site: BuiltSite, phone: Page) -> None:
    phone.goto((real_site.site / "referentiel/glossaire.html").as_uri())
    assert "survol" not in phone.locator("article").inner_text().lower()
    first = REAL.glossaire[0]
    row = phone.locator(".cip-glossaire tbody tr").first
    expect(row).to_contain_text(first["sigle"])
    box = row.bounding_box()
    assert box and box["width"] <= PHONE["width"], box
    # The definition is shown whole, inside the screen.
    definition = " ".join(first["definition"].split())[:60]
    expect(row).to_contain_text(definition)


# -- glossary sigles on a tap ---------------------------------------------------------------------

def test_tapping_a_sigle_shows_its_whole_definition_and_its_entry(real_site: BuiltSite,
                                                                 phone: Page) -> None:
    pages = {p: p.read_text(encoding="utf-8") for p in real_site.html_files()
             if "glossaire" not in p.name}

    def used(t: dict) -> Path | None:  # a page other than the glossary that uses the sigle
        sigle = t["sigle"].split("/")[0].strip()
        return next((p for p, text in pages.items() if f">{sigle}</abbr>" in text), None)

    # the longest definition among the sigles that the pages use
    terme = max((t for t in REAL.glossaire if used(t)), key=lambda t: len(t["definition"]))
    sigle = terme["sigle"].split("/")[0].strip()
    page_with_it = used(terme)
    phone.goto(page_with_it.as_uri())
    abbr = phone.locator("article abbr", has_text=re.compile(rf"^{re.escape(sigle)}$")).first
    abbr.tap()
    bulle = phone.locator(".cip-bulle")
    expect(bulle).to_be_visible()
    words = " ".join(terme["definition"].split())
    expect(bulle).to_contain_text(words[-40:])  # the end of the definition: nothing cut
    box = bulle.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    bulle.get_by_role("link").click()
    expect(phone).to_have_url(re.compile(r"glossaire\.html#"))
    row = phone.locator(".cip-glossaire tbody tr", has_text=terme["definition"][:30]).first
    expect(row).to_be_in_viewport()


# -- grids on a phone -----------------------------------------------------------------------------

@pytest.mark.parametrize("kind", list(GRIDS))
@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_level_choices_are_large_named_targets(real_site: BuiltSite, browser: Browser,
                                               kind: str, width: str) -> None:
    context, remote = _context(browser, phone=width == "phone")
    page = context.new_page()
    page.goto((real_site.site / GRIDS[kind]).as_uri())
    targets = page.locator("form.grille-remplissable .grille-cible")
    assert targets.count() > 0
    sizes = targets.evaluate_all(
        "ts => ts.map(t => { const r = t.getBoundingClientRect(); return [r.width, r.height]; })")
    small = [s for s in sizes if s[0] < 44 or s[1] < 44]
    assert not small, f"{len(small)} cible(s) de moins de 44 × 44 px : {small[:5]}"
    # The whole target is the control: a tap on its edge checks the choice.
    target = targets.first
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    assert box
    if width == "phone":
        page.touchscreen.tap(box["x"] + box["width"] - 4, box["y"] + box["height"] - 4)
    else:
        page.mouse.click(box["x"] + box["width"] - 4, box["y"] + box["height"] - 4)
    expect(target.locator("input")).to_be_checked()
    if width == "phone" and kind != "outil":
        card = page.locator("table.grille-table tbody tr").first
        for niveau in NIVEAUX:  # level names visible on every card
            expect(card.locator(".grille-cible", has_text=niveau["libelle"]).first).to_be_visible()
        textarea = card.locator("textarea")
        assert textarea.bounding_box()["width"] >= 0.85 * card.bounding_box()["width"]
        expect(card.locator(".grille-obs-titre")).to_be_visible()
    context.close()
    assert not remote, remote


def test_a_grid_filled_on_a_phone_is_stored_as_on_a_computer(real_site: BuiltSite,
                                                             phone: Page) -> None:
    comp = REAL.competences[0]
    critere = comp["criteres"][0]["id"]
    niveau = NIVEAUX[-1]
    phone.goto((real_site.site / GRIDS["competence"]).as_uri())
    phone.locator(f'label[for="{critere}--{niveau["id"]}"]').tap()
    phone.locator(f'textarea[name="{critere}-observations"]').fill("Vu sur le chantier")
    stored = phone.evaluate("""cle => Object.keys(localStorage).filter(k => k.endsWith(cle))
        .map(k => JSON.parse(localStorage.getItem(k)))""",
                            f"competence-{comp['id']}-evaluateur")
    assert len(stored) == 1, stored
    valeurs = stored[0]["valeurs"]
    assert valeurs[critere] == niveau["id"]
    assert valeurs[f"{critere}-observations"] == "Vu sur le chantier"


def test_a_grid_filled_on_a_phone_prints_every_word(real_site: BuiltSite, phone: Page) -> None:
    comp = REAL.competences[0]
    words = [f"chantier{i:03d}" for i in range(250)]
    phone.goto((real_site.site / GRIDS["competence"]).as_uri())
    for n, critere in enumerate(comp["criteres"][:2]):
        phone.locator(f'textarea[name="{critere["id"]}-observations"]').fill(
            " ".join(words[n::2]))
    phone.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".grille-actions button"):
        expect(phone.locator(selector).first).to_be_hidden()
    reader = pypdf.PdfReader(io.BytesIO(phone.pdf(prefer_css_page_size=True)))
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 1 and abs(float(box.height) - 841.9) < 1
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    missing = [w for w in words if w not in text]
    assert not missing, f"{len(missing)} mots absents du PDF, dont {missing[:5]}"


# A form with single-line fields and dates, as an encadrant fills it.
LIGNES_FORM = next(o for o in REAL.outils if o.get("formulaire") and {"texte", "date"} <= {
    c["type"] for r in o["formulaire"]["rubriques"] for c in r["champs"]})


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_long_lines_and_dates_print_in_full_and_in_french(real_site: BuiltSite, browser: Browser,
                                                          width: str) -> None:
    """A single-line field prints cut at its width on screen, and a date in the browser's own
    language (03/06/2026 for 6 March in an English Chromium): the printed grid shows every word
    typed and the date as jj/mm/aaaa, with no date picker."""
    context, remote = _context(browser, phone=width == "phone")
    page = context.new_page()
    page.goto((real_site.site / f"referentiel/grilles/outil-{LIGNES_FORM['id']}.html").as_uri())
    lignes = page.locator("form.grille-remplissable input[type=text]")
    assert lignes.count() >= 1
    typed = []
    for i in range(lignes.count()):
        typed.append(f"debut{i} entretien des espaces verts tonte debroussaillage taille des "
                     f"haies ramassage des feuilles et evacuation des dechets verts fin{i}")
        lignes.nth(i).fill(typed[-1])
    page.locator("form.grille-remplissable input[type=date]").first.fill("2026-03-06")
    page.emulate_media(media="print")
    reader = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    context.close()
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    missing = [w for line in typed for w in (line.split()[0], line.split()[-1]) if w not in text]
    assert not missing, f"mots coupés à l'impression : {missing[:6]}"
    assert "06/03/2026" in text and "03/06/2026" not in text
    assert not remote, remote


# Pages shorter than a sheet: printed from the browser, they must take one sheet, not two.
SHORT_PAGES = ["404.html", "referentiel/outils/index.html", "referentiel/parcours/index.html",
               "referentiel/exporter.html"]


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_printing_a_page_never_adds_a_blank_sheet(real_site: BuiltSite, browser: Browser,
                                                  width: str) -> None:
    context, remote = _context(browser, phone=width == "phone")
    page = context.new_page()
    blank = {}
    for path in SHORT_PAGES:
        page.goto((real_site.site / path).as_uri())
        reader = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
        texts = [" ".join(p.extract_text().split()) for p in reader.pages]
        if any(not t for t in texts):
            blank[path] = [n + 1 for n, t in enumerate(texts) if not t]
    context.close()
    assert not blank, f"feuilles blanches à l'impression : {blank}"
    assert not remote, remote


# -- accessibility on a phone --------------------------------------------------------------------

# On a phone; on a computer, every kind of page (these among them) is checked by
# test_browser.py::test_accessibility.
AXE_PAGES = ["404.html", "index.html", "referentiel/glossaire.html", "referentiel/matrice.html",
             "referentiel/exporter.html", GRIDS["competence"], GRIDS["outil"]]


def test_no_serious_accessibility_violation_on_a_phone(real_site: BuiltSite, browser: Browser,
                                                       axe) -> None:
    context, remote = _context(browser, phone=True)
    page = context.new_page()
    report = []
    for path in AXE_PAGES:
        page.goto((real_site.site / path).as_uri())
        results = axe.run(page, options=AXE_OPTIONS)
        report += [f"{path} : {v['id']} ({v['impact']}) "
                   + "; ".join(str(n["target"]) for n in v["nodes"][:3])
                   for v in results.response["violations"]
                   if v["impact"] in ("serious", "critical")]
    context.close()
    assert not report, "\n".join(report)
    assert not remote, remote


def test_404_page_works_from_disk(real_site: BuiltSite, phone: Page) -> None:
    phone.goto((real_site.site / "404.html").as_uri())
    expect(phone.locator(".md-header")).to_be_visible()
    assert phone.evaluate("getComputedStyle(document.getElementById('__search')).display") == "none"
    expect(phone.locator("article h1")).to_have_text("Page introuvable")  # Material's is English
    phone.locator("article").get_by_role("link", name="Revenir à l'accueil du site").click()
    expect(phone).to_have_url((real_site.site / "index.html").as_uri())


def test_no_english_footer_and_downloads_download(real_site: BuiltSite) -> None:
    for path in real_site.html_files():
        assert "Made with" not in path.read_text(encoding="utf-8"), path
    html = (real_site.site / "referentiel/exporter.html").read_text(encoding="utf-8")
    links = re.findall(r'<a [^>]*href="[^"]+\.(?:json|csv)"[^>]*>', html)
    assert links
    assert all(" download=" in link for link in links), links


# -- PDFs -----------------------------------------------------------------------------------------

def test_no_pdf_spends_a_page_on_sources_or_signatures_alone(real_site: BuiltSite) -> None:
    pdfs = sorted(real_site.site.rglob("*.pdf"))
    assert pdfs
    wasted = {p.name: [(w.number, w.content[:60]) for w in wasted_pages(p)] for p in pdfs}
    wasted = {name: pages for name, pages in wasted.items() if pages}
    assert not wasted, f"{len(wasted)} PDF sur {len(pdfs)} gâchent une page : {wasted}"


def _rubriques_a_signer() -> list[tuple[str, str, list[str]]]:
    """(outil, titre, libellés) of each rubrique of a tool's form with a signature field."""
    return [(o["id"], r["titre"], [c["libelle"] for c in r["champs"]])
            for o in REAL.outils for r in (o.get("formulaire") or {}).get("rubriques", [])
            if any(c.get("type") == "signature" for c in r["champs"])]


def test_a_rubrique_to_sign_stays_whole_on_paper(real_site: BuiltSite) -> None:
    """Date and signatures of a tool's form (« Visas », « Signatures ») on one sheet, under
    their title, in the blank and the fillable PDF: a signature alone at the top of the next
    sheet is signed without what it attests."""
    rubriques = _rubriques_a_signer()
    assert len(rubriques) >= 4
    for outil, titre, libelles in rubriques:
        pdfs = sorted((real_site.site / "referentiel/grilles/pdf").glob(f"outil-{outil}*.pdf"))
        assert pdfs, outil
        for pdf in pdfs:
            pages = [" ".join(p.content.split()) for p in pdf_pages(pdf)]
            where = [i for i, text in enumerate(pages, 1) if libelles[-1] in text]
            assert where, (pdf.name, libelles[-1])
            page = pages[where[-1] - 1]
            missing = [x for x in [titre, *libelles] if x not in page]
            assert not missing, f"{pdf.name}, page {where[-1]} : il manque {missing}"


# -- search ---------------------------------------------------------------------------------------

def _step(step_id: str) -> str:
    assert any(e["id"] == step_id for e in REAL.etapes), step_id
    return f"referentiel/parcours/{step_id}.html"


def _tool(tool_id: str) -> str:
    assert any(o["id"] == tool_id for o in REAL.outils), tool_id
    return f"referentiel/outils/{tool_id}.html"


# Typed as on a phone: lower case, no accents.
FIRST_RESULT = [
    ("pmsmp", _step("pmsmp")),
    ("cddi", _step("recrutement-cddi")),
    ("pass iae", _step("pass-iae")),
    ("levee des freins", _step("accompagnement-freins")),
    ("afest", _tool("fiche-seance-production")),
    ("positionnement", _tool("grille-positionnement")),
    ("attestation", _tool("attestation-competences")),
    ("bilan tripartite", _tool("bilan-tripartite")),
    ("livret de suivi", _tool("livret-suivi")),
    ("analyse de poste", _tool("analyse-poste")),
]


@pytest.fixture(scope="module")
def searcher(browser: Browser) -> Iterator[Offline]:
    yield from open_offline(browser)


@pytest.mark.parametrize("query, expected", FIRST_RESULT, ids=[q for q, _ in FIRST_RESULT])
def test_search_puts_the_page_about_it_first(real_site: BuiltSite, searcher: Offline,
                                             query: str, expected: str) -> None:
    results = search(searcher, real_site.site, query)
    assert results and results[0].path == expected, [r.path for r in results[:5]]


EDITOR_PAGES = {"referentiel/sources.html", "referentiel/a-verifier.html", "guide-auteur.html",
                "guide-autre-certification.html"}


@pytest.mark.parametrize("sigle", ["PMSMP", "AFEST", "CDDI", "IAE", "ACI"])
def test_editor_pages_come_after_content_pages(real_site: BuiltSite, searcher: Offline,
                                               sigle: str) -> None:
    paths = [r.path for r in search(searcher, real_site.site, sigle.lower())]
    editors = [i for i, p in enumerate(paths) if p in EDITOR_PAGES]
    content = [i for i, p in enumerate(paths) if p not in EDITOR_PAGES]
    assert content and (not editors or min(editors) > max(content)), paths


COMMON = {"des", "de", "la", "les", "du", "l", "d", "le", "un", "une", "et", "a", "au", "aux"}


@pytest.mark.parametrize("query", ["levee des freins", "livret de suivi", "l'evaluation",
                                   "analyse de la demande", "projet du salarie",
                                   "d'insertion", "les freins"])
def test_common_words_are_never_reported_missing(real_site: BuiltSite, searcher: Offline,
                                                 query: str) -> None:
    page = searcher.page
    if not page.url.endswith("index.html"):
        searcher.open(real_site.site / "index.html")
    box = page.locator(".md-search__input")
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.type(query)
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    page.wait_for_timeout(300)
    missing = page.locator(".md-search-result__terms").all_inner_texts()
    reported = {w for text in missing for w in re.findall(r"[\w']+", text.lower())}
    assert not (reported & COMMON), (query, [m for m in missing if m][:5])


def test_previews_never_glue_two_cells(real_site: BuiltSite) -> None:
    glued = []
    for section in real_site.search_sections():
        glued += re.findall(r"\w+[a-zà-ÿ)]\d{1,2}\. [A-ZÀ-Ý]\w+", section.preview)
    assert not glued, glued[:10]
    index = json.dumps(real_site.search_index(), ensure_ascii=False)
    assert "PASS IAE4" not in index and " iae4 " not in index


def test_search_index_keeps_folding_and_ranks(real_site: BuiltSite) -> None:
    weights = {s.page: s.weight for s in real_site.search_sections()}
    assert weights["referentiel/sources.html"] < 0.1
    assert weights["guide-auteur.html"] < 0.1
    assert weights[_step("pmsmp")] == 1


# -- plain French for readers ---------------------------------------------------------------------

# Pages written for editors: the only ones that may name files, repositories and fields.
EDITORS_ONLY = EDITOR_PAGES
JARGON = {
    "note de recherche": re.compile(r"n['’](?:a|ont)\b[^.;]{0,40}\b(?:re)?lue?s?\b", re.I),
    "dépôt de code": re.compile(r"\bdépôts? (?:de code|etalab)|github|\betalab/|\bdump\b", re.I),
    "chemin de fichier": re.compile(r"\b[\w-]+/[\w./-]+\.(?:md|ya?ml|py|json|sql|php)\b"),
    "nom de champ": re.compile(r"\b[a-z]+_[a-z0-9_]+\b"),
    "lettre de confiance": re.compile(r"\((?:A|B|C|\?)\)"),
}


def _reader_text(html: str) -> str:
    """The article as read (no scripts, no markup)."""
    article = re.search(r"<article.*?</article>", html, re.S)
    text = article.group(0) if article else ""
    text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", text, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", text)).split())


def _jargon(text: str) -> list[str]:
    return [f"{kind} : « {text[max(0, m.start() - 40):m.end() + 20]} »"
            for kind, pattern in JARGON.items() for m in pattern.finditer(text)]


def test_reader_pages_speak_plain_french(real_site: BuiltSite) -> None:
    found = {}
    for path in real_site.html_files():
        rel = path.relative_to(real_site.site).as_posix()
        if rel in EDITORS_ONLY:
            continue
        hits = _jargon(_reader_text(path.read_text(encoding="utf-8")))
        if hits:
            found[rel] = hits[:3]
    assert not found, f"{len(found)} page(s) : {found}"


def test_pdfs_speak_plain_french(real_site: BuiltSite) -> None:
    found = {}
    for path in sorted(real_site.site.rglob("*.pdf")):
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
        hits = _jargon(" ".join(text.split()))
        if hits:
            found[path.name] = hits[:3]
    assert not found, f"{len(found)} PDF : {found}"


def test_confidence_is_explained_in_words(real_site: BuiltSite) -> None:
    from generator.views import CONFIANCE_LIBELLES

    sources = _reader_text(
        (real_site.site / "referentiel/sources.html").read_text(encoding="utf-8"))
    for libelle in CONFIANCE_LIBELLES.values():
        assert libelle.lower() in sources.lower(), libelle
    assert not re.search(r"\| (?:A|B|C|\?) \|", sources)


def test_attestation_offers_only_acquired_levels(real_site: BuiltSite) -> None:
    outil = next((o for o in REAL.outils if any(
        c["type"] == "niveau_atteint" for r in (o.get("formulaire") or {}).get("rubriques", [])
        for c in r["champs"])), None)
    assert outil, "aucun formulaire ne demande un niveau atteint"
    html = (real_site.site / f"referentiel/grilles/outil-{outil['id']}.html").read_text(
        encoding="utf-8")
    champ = next(c for r in outil["formulaire"]["rubriques"] for c in r["champs"]
                 if c["type"] == "niveau_atteint")
    offered = set(re.findall(rf'name="{re.escape(champ["id"])}" value="([^"]+)"', html))
    assert offered == {n["id"] for n in NIVEAUX if n["maitrise"]}
