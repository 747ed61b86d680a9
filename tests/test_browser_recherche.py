"""The site's search as a reader uses it, in Chromium from disk (file://, every network request
refused), on a 390 × 844 touch phone and at 1366 × 900: typos, accents and ligatures forgiven,
every word of the query counted, common words explained, the page about the thing first;
Material's keyboard shortcuts and no serious accessibility violation on the results.

Expected pages are named by the framework's ids (checked to exist) or by what they say.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from .browser_helpers import AXE_OPTIONS, TIMEOUT_MS, files_only
from .site_helpers import REAL_FRAMEWORK, BuiltSite, FrameworkData, fold

pytest_plugins = ["tests.conftest_site", "tests.conftest_browser"]
pytestmark = pytest.mark.browser

REAL = FrameworkData(REAL_FRAMEWORK)
SIZES = {"telephone": {"width": 390, "height": 844}, "ordinateur": {"width": 1366, "height": 900}}


@dataclass
class Reader:
    """One browser page of the site, opened from disk, at one screen size."""

    page: Page
    site: Path
    phone: bool
    remote: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def home(self) -> None:
        if not self.page.url.startswith((self.site / "index.html").as_uri()):
            self.page.goto((self.site / "index.html").as_uri())

    def open_search(self) -> None:
        if self.page.evaluate("document.getElementById('__search').checked"):
            return
        if self.phone:
            self.page.locator("label.md-header__button[for=__search]").tap()
        else:
            self.page.locator(".md-search__input").click()
        expect(self.page.locator(".md-search__input")).to_be_focused()

    def search(self, query: str) -> list[str]:
        """Types ``query`` as a reader would; the paths of the pages listed, in order."""
        self.home()
        self.open_search()
        box = self.page.locator(".md-search__input")
        if box.input_value():
            self.page.keyboard.press("Control+A")
            self.page.keyboard.press("Backspace")
        self.page.keyboard.type(query)
        expect(box).to_have_value(query)
        self.page.wait_for_function(
            "q => CIP.recherche.boite.moteur && CIP.recherche.boite.affiche === q", arg=query)
        return [self.path(href) for href in self.page.eval_on_selector_all(
            ".md-search-result__item > .md-search-result__link", "a => a.map(x => x.href)")]

    def path(self, href: str) -> str:
        return Path(unquote(urlsplit(href).path)).resolve().relative_to(
            self.site.resolve()).as_posix()

    def meta(self) -> str:
        return self.page.locator(".md-search-result__meta").inner_text()


@pytest.fixture(scope="module", params=list(SIZES))
def reader(request, browser: Browser, real_site: BuiltSite) -> Iterator[Reader]:
    phone = request.param == "telephone"
    context = browser.new_context(viewport=SIZES[request.param], is_mobile=phone, has_touch=phone,
                                  locale="fr-FR")
    context.set_default_timeout(TIMEOUT_MS)
    state = Reader(context.new_page(), real_site.site, phone)
    files_only(context, state.remote)
    state.page.on("pageerror", lambda e: state.errors.append(str(e)))
    yield state
    context.close()
    assert not state.remote, state.remote
    assert not state.errors, state.errors


def _step(step_id: str) -> str:
    assert any(e["id"] == step_id for e in REAL.etapes), step_id
    return f"referentiel/parcours/{step_id}.html"


def _tool(tool_id: str) -> str:
    assert any(o["id"] == tool_id for o in REAL.outils), tool_id
    return f"referentiel/outils/{tool_id}.html"


def _step_with_actor(actor: str) -> str:
    """The step whose « Acteurs » section describes ``actor``'s role."""
    steps = [e["id"] for e in REAL.etapes if actor in e.get("acteurs", [])]
    assert len(steps) == 1, steps
    return _step(steps[0])


CALENDAR = "referentiel/programme/index.html"

# Typed as on a phone: lower case, no accents, typos; the page expected first.
FIRST_PAGE = [
    # one typo in a word of 5+ letters, two in a word of 9+
    ("acompagnement", _step("accompagnement-freins")),
    ("acompagnemant", _step("accompagnement-freins")),
    ("positionement", _tool("grille-positionnement")),
    ("atestation", _tool("attestation-competences")),
    ("livret de suivit", _tool("livret-suivi")),
    ("bilan tripartit", _tool("bilan-tripartite")),
    # accents, ligatures and case
    ("ÉVALUATION EN SITUATION DE PRODUCTION", _tool("grille-evaluation-production")),
    ("mettre en oeuvre", "referentiel/ccp/" + next(
        c["id"] for c in REAL.ccps if "œuvre" in c["intitule"]) + ".html"),
    # sigles
    ("pmsmp", _step("pmsmp")),
    ("cddi", _step("recrutement-cddi")),
    ("pass iae", _step("pass-iae")),
    ("afest", _tool("fiche-seance-production")),
    ("vae", "referentiel/reconnaissances.html"),
    ("dp", "referentiel/dossier-professionnel.html"),
    # roles, steps of the programme, tools
    ("tuteur", _step_with_actor("tuteur")),
    ("ecf", CALENDAR),
    ("levee des freins", _step("accompagnement-freins")),
    ("analyse de poste", _tool("analyse-poste")),
]


@pytest.mark.parametrize("query, expected", FIRST_PAGE, ids=[q for q, _ in FIRST_PAGE])
def test_the_page_about_it_comes_first(reader: Reader, query: str, expected: str) -> None:
    paths = reader.search(query)
    assert paths and paths[0] == expected, (query, paths[:5])


def test_every_word_counts(reader: Reader, real_site: BuiltSite) -> None:
    """« jour ferie »: the pages that say « jour férié » come before those that only say « jour »,
    which say what they lack."""
    paths = reader.search("jour ferie")
    assert paths
    text = fold(real_site.page(paths[0]).text)
    assert "jour ferie" in text or "jours feries" in text, paths[:3]
    first = reader.page.locator(".md-search-result__item").first
    expect(first.locator(".md-search-result__terms")).to_have_count(0)
    partial = reader.page.locator(".md-search-result__item", has=reader.page.locator(
        ".md-search-result__terms", has_text="ferie"))
    expect(partial.first).to_be_visible()


def test_ecf_leads_to_the_certification_steps(reader: Reader) -> None:
    reader.search("ecf")
    links = reader.page.eval_on_selector_all(
        ".md-search-result__item:first-child .md-search-result__link", "a => a.map(x => x.href)")
    anchors = [urlsplit(href).fragment for href in links]
    assert "etapes-de-la-certification" in anchors, anchors


@pytest.mark.parametrize("query", ["des", "de la", "l'"])
def test_common_words_alone_are_explained(reader: Reader, query: str) -> None:
    reader.search(query)
    meta = reader.meta()
    assert "trop courant" in meta and "ajoutez un mot" in meta, meta
    assert "Aucun document" not in meta
    expect(reader.page.locator(".md-search-result__item")).to_have_count(0)


def test_nothing_found_says_so(reader: Reader) -> None:
    assert reader.search("zyxwvutsrq") == []
    assert reader.meta() == "Aucun document trouvé"


def test_results_keep_the_found_words_for_the_page(reader: Reader) -> None:
    """Each link carries the words found (Material's ?h=), typos corrected."""
    reader.search("acompagnement")
    href = reader.page.locator(".md-search-result__link").first.get_attribute("href")
    assert "accompagnement" in parse_qs(urlsplit(href).query)["h"][0].split()
    marks = reader.page.locator(".md-search-result__item mark").all_inner_texts()
    assert any(fold(m) == "accompagnement" for m in marks), marks


def test_results_fit_a_phone(reader: Reader) -> None:
    reader.search("accompagnement des personnes")
    width = reader.page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= reader.page.viewport_size["width"]
    expect(reader.page.locator(".md-search-result__item").first).to_be_in_viewport()


def test_results_overlay_accessibility(reader: Reader, axe) -> None:
    reader.search("pmsmp")
    expect(reader.page.locator(".md-search-result__item").first).to_be_visible()
    results = axe.run(reader.page, options=AXE_OPTIONS)
    serious = [f"{v['id']} ({v['impact']}) : " + "; ".join(str(n["target"]) for n in v["nodes"][:3])
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, serious


# -- keyboard -------------------------------------------------------------------------------------

def test_keyboard_shortcuts(browser: Browser, real_site: BuiltSite) -> None:
    """As with Material: « / » or « s » opens the search, arrows walk the results, Échap closes,
    Entrée opens the first result."""
    context = browser.new_context(viewport=SIZES["ordinateur"], locale="fr-FR")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto((real_site.site / _tool("livret-suivi")).as_uri())
    box = page.locator(".md-search__input")
    toggle = "document.getElementById('__search').checked"
    page.keyboard.press("/")
    expect(box).to_be_focused()
    page.keyboard.type("pmsmp")
    page.wait_for_function("() => CIP.recherche.boite.affiche === 'pmsmp'")
    links = page.locator(".md-search-result__list :not(details) > .md-search-result__link")
    page.keyboard.press("ArrowDown")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(links.nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(box).to_be_focused()
    page.keyboard.press("Escape")
    assert not page.evaluate(toggle)
    expect(box).not_to_be_focused()
    page.keyboard.press("s")
    expect(box).to_be_focused()
    assert page.evaluate(toggle)
    assert box.input_value() == "pmsmp"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(_step("pmsmp")) + r"\?h=pmsmp$"))
    expect(page.locator("article h1")).to_contain_text("PMSMP")
    context.close()


def test_typing_in_a_form_field_never_opens_the_search(browser: Browser,
                                                        real_site: BuiltSite) -> None:
    context = browser.new_context(viewport=SIZES["ordinateur"], locale="fr-FR")
    page = context.new_page()
    grille = next(p for p in sorted((real_site.site / "referentiel/grilles").glob("*.html"))
                  if "textarea" in p.read_text(encoding="utf-8"))
    page.goto(grille.as_uri())
    area = page.locator("textarea").first
    area.click()
    page.keyboard.type("s/f")
    expect(area).to_have_value("s/f")
    assert not page.evaluate("document.getElementById('__search').checked")
    context.close()


def test_the_page_opened_shows_the_words_found(browser: Browser, real_site: BuiltSite) -> None:
    """Material's « search.highlight »: the words found are marked on the page opened."""
    context = browser.new_context(viewport=SIZES["telephone"], is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto((real_site.site / _step("accompagnement-freins")).as_uri() + "?h=accompagnement")
    marks = page.locator("article mark[data-cip-surligne]")
    expect(marks.first).to_be_visible()
    assert {fold(m) for m in marks.all_inner_texts()} == {"accompagnement"}
    context.close()


def test_more_results_come_when_scrolled_to(reader: Reader) -> None:
    """Ten pages first (as Material), the next ones when the reader reaches the last."""
    reader.search("evaluation")
    items = reader.page.locator(".md-search-result__item")
    expect(items).to_have_count(10)
    total = int(reader.meta().split()[0])
    assert total > 20
    items.nth(9).scroll_into_view_if_needed()
    expect(items).to_have_count(20)
