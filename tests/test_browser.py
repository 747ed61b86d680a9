"""The built site in Chromium, opened from disk (file://) with every network request refused:
offline accent-insensitive search, glossary tooltips, navigation, accessibility (axe).

One browser per session (/usr/bin/chromium, never « playwright install »), one site build per
session (tests/conftest_site.py). Expected titles are read from the framework's YAML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Browser, expect

from .browser_helpers import AXE_OPTIONS, TIMEOUT_MS, Offline, open_offline
from .site_helpers import HOSTILE, REAL_FRAMEWORK, BuiltSite, FrameworkData, fold, squash

pytest_plugins = ["tests.conftest_site", "tests.conftest_browser"]
pytestmark = pytest.mark.browser

REAL = FrameworkData(REAL_FRAMEWORK)

# lunr's French stop words (removed from queries): never pick them as search words.
STOP_WORDS = set(fold(
    "ai aie aient aies ait as au aura aurai auraient aurais aurait auras aurez auriez aurions "
    "aurons auront aux avaient avais avait avec avez aviez avions avons ayant ayez ayons c ce ceci "
    "cela celà ces cet cette d dans de des du elle en es est et eu eue eues eurent eus eusse "
    "eussent eusses eussiez eussions eut eux eûmes eût eûtes furent fus fusse fussent fusses "
    "fussiez fussions fut fûmes fût fûtes ici il ils j je l la le les leur leurs lui m ma mais me "
    "mes moi mon même n ne nos notre nous on ont ou par pas pour qu que quel quelle quelles quels "
    "qui s sa sans se sera serai seraient serais serait seras serez seriez serions serons seront "
    "ses soi soient sois soit sommes son sont soyez soyons suis sur t ta te tes toi ton tu un une "
    "vos votre vous y à étaient étais était étant étiez étions été étée étées étés êtes").split())


@pytest.fixture(scope="module")
def searcher(browser: Browser) -> Iterator[Offline]:
    """One offline page kept on the home page for all the search tests of the real site."""
    yield from open_offline(browser)


# -- search ---------------------------------------------------------------------------------------

# True once the results shown are those of the whole query: Material adds to each result link
# ?h=<the query terms found in it>; while typing, earlier results carry a shorter last term.
_RESULTS_FOR = """last => [...document.querySelectorAll('.md-search-result__link')].some(a => {
    const h = new URL(a.href).searchParams.get('h') || '';
    return h.toLowerCase().split(/\\s+/).includes(last);
})"""


@dataclass
class Result:
    """One page in the results: its path (relative to the site) and, for each of its links
    (the page, then its sections), the query terms Material found there (``?h=``)."""

    path: str
    title: str
    matches: list[set[str]]

    def matched(self, query: str) -> bool:
        """Every word typed was found in the page or in one of its sections."""
        return any(set(fold(query).split()) <= terms for terms in self.matches)


_SHOWN = """items => items.map(item => {
    const links = [...item.querySelectorAll('.md-search-result__link')];
    const title = item.querySelector('h1, h2, h3');
    return [links[0].href, title ? title.innerText : '',
            links.map(a => new URL(a.href).searchParams.get('h') || '')];
})"""


def search(offline: Offline, site: Path, query: str) -> list[Result]:
    """Types ``query`` in the search box of the home page; the results shown (page level)."""
    page = offline.page
    if not page.url.startswith((site / "index.html").as_uri()):
        offline.open(site / "index.html")
    box = page.locator(".md-search__input")
    box.click()
    if box.input_value():
        page.keyboard.press("Control+A")
        page.keyboard.press("Backspace")
        expect(page.locator(".md-search-result__item")).to_have_count(0)
    page.keyboard.type(query)
    expect(box).to_have_value(query)
    last = fold(query).split()[-1]
    try:
        page.wait_for_function(_RESULTS_FOR, arg=last, timeout=TIMEOUT_MS)
    except Exception as exc:  # noqa: BLE001 - report what the reader sees
        meta = page.locator(".md-search-result__meta").inner_text()
        raise AssertionError(
            f"« {query} » : aucun résultat pour la requête entière ({meta})") from exc
    results = []
    for href, title, highlights in page.eval_on_selector_all(".md-search-result__item", _SHOWN):
        path = Path(unquote(urlsplit(href).path)).resolve().relative_to(site.resolve())
        matches = [set(fold(h).split()) for h in highlights]
        results.append(Result(path.as_posix(), squash(title), matches))
    return results


def _found(real_site: BuiltSite, results: list[Result], query: str, needle: str) -> list[str]:
    """Pages showing ``needle`` where every word of ``query`` was found."""
    return [r.path for r in results
            if r.matched(query) and needle in real_site.page(r.path).text.lower()]


def _summary(results: list[Result]) -> list[tuple[str, list[set[str]]]]:
    return [(r.path, r.matches) for r in results]


def test_search_without_accent_finds_accented_word(real_site: BuiltSite, searcher: Offline) -> None:
    results = search(searcher, real_site.site, "evaluation")
    # Found through the folded forms only: « évaluation » is written there with its accent,
    # never without.
    accented = [path for path in _found(real_site, results, "evaluation", "évaluation")
                if "evaluation" not in re.findall(r"\w+", real_site.page(path).text.lower())]
    assert accented, _summary(results)
    searcher.assert_clean()


def test_search_diagnostic_partage(real_site: BuiltSite, searcher: Offline) -> None:
    results = search(searcher, real_site.site, "diagnostic partage")
    assert _found(real_site, results, "diagnostic partage", "diagnostic partagé"), _summary(results)


def test_search_oe_without_the_ligature(real_site: BuiltSite, searcher: Offline) -> None:
    """« œ » is on no French keyboard: « oeuvre » finds the CCP « Mettre en œuvre … »."""
    ccp = next(c for c in REAL.ccps if "œuvre" in c["intitule"])
    results = search(searcher, real_site.site, "oeuvre")
    assert f"referentiel/ccp/{ccp['id']}.html" in [r.path for r in results[:3]], _summary(results)
    searcher.assert_clean()


@pytest.mark.parametrize("sigle", ["CDDI", "PMSMP"])
def test_search_sigle(real_site: BuiltSite, searcher: Offline, sigle: str) -> None:
    results = search(searcher, real_site.site, sigle)
    assert _found(real_site, results, sigle, sigle.lower()), _summary(results)


def search_words(intitule: str, count: int = 3) -> str:
    """A few accent-free words of a title, as a reader would type them."""
    words = [w for w in re.split(r"[\s\-'’.,;:()«»]+", fold(intitule))
             if len(w) >= 4 and w not in STOP_WORDS]
    return " ".join(words[:count])


@pytest.mark.parametrize("cid", [c["id"] for c in REAL.competences])
def test_every_competence_found_without_accents(real_site: BuiltSite, searcher: Offline,
                                                cid: str) -> None:
    competence = next(c for c in REAL.competences if c["id"] == cid)
    query = search_words(competence["intitule"])
    assert query.isascii()
    results = search(searcher, real_site.site, query)
    target = f"referentiel/competences/{cid}.html"
    found = [r for r in results if r.path == target]
    assert found, (query, _summary(results))
    assert found[0].matched(query), (query, found[0].matches)


def test_search_result_opens_the_competence_page(real_site: BuiltSite,
                                                 offline: Offline) -> None:
    """Search, then open the result: the compétence page is shown, still offline."""
    competence = REAL.competences[0]
    results = search(offline, real_site.site, search_words(competence["intitule"]))
    target = next(r for r in results if r.path.endswith(f"{competence['id']}.html"))
    offline.page.locator(".md-search-result__item > .md-search-result__link",
                         has_text=target.title).first.click()
    expect(offline.page.locator("article h1")).to_contain_text(squash(competence["intitule"]))
    offline.assert_clean()


# -- glossary tooltips ----------------------------------------------------------------------------

def test_sigle_tooltip_shows_its_definition(real_site: BuiltSite, offline: Offline) -> None:
    sigle = "CDDI"
    candidates = []
    for path in real_site.html_files():
        rel = path.relative_to(real_site.site).as_posix()
        titles = [title for text, title in real_site.page(rel).abbrs if text == sigle]
        if titles:
            candidates.append((rel.endswith("glossaire.html"), rel, titles[0]))
    assert candidates, f"aucune page n'explique « {sigle} » par une abréviation"
    _, rel, title = sorted(candidates)[0]  # preferably a page other than the glossary
    assert squash(title)
    page = offline.open(real_site.site / rel)
    abbr = page.locator("article abbr", has_text=re.compile(rf"^{sigle}$")).first
    abbr.scroll_into_view_if_needed()
    abbr.hover()
    tooltip_id = abbr.get_attribute("aria-describedby")
    tooltip = page.locator(f"[id='{tooltip_id}']") if tooltip_id else page.locator("[role=tooltip]")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text(squash(title))
    offline.assert_clean()


# -- navigation -----------------------------------------------------------------------------------

def test_click_from_home_to_a_ccp_and_a_competence(real_site: BuiltSite, offline: Offline) -> None:
    ccp = REAL.ccps[0]
    competence = next(c for c in REAL.competences if c["ccp"] == ccp["id"])
    page = offline.open(real_site.site / "index.html")
    page.locator("article a[href$='referentiel/titre.html']").first.click()
    expect(page).to_have_url(re.compile(r"referentiel/titre\.html"))
    page.locator(f"article a[href$='ccp/{ccp['id']}.html']").first.click()
    expect(page).to_have_title(re.compile(rf"^CCP {ccp['numero']}\b"))
    expect(page.locator("article h1")).to_contain_text(squash(ccp["intitule"]))
    page.locator(f"article a[href$='competences/{competence['id']}.html']").first.click()
    expect(page).to_have_title(re.compile(rf"^{competence['numero']}\. "))
    expect(page.locator("article h1")).to_contain_text(squash(competence["intitule"]))
    offline.assert_clean()


def test_navigation_menu_leads_to_a_competence(real_site: BuiltSite, offline: Offline) -> None:
    ccp = REAL.ccps[-1]
    competence = [c for c in REAL.competences if c["ccp"] == ccp["id"]][-1]
    page = offline.open(real_site.site / "index.html")
    nav = page.locator("nav.md-nav--primary")
    nav.get_by_text("Titre CIP", exact=True).first.click()
    nav.locator(f"a[href$='ccp/{ccp['id']}.html']").first.click()
    expect(page.locator("article h1")).to_contain_text(squash(ccp["intitule"]))
    nav.locator(f"a[href$='competences/{competence['id']}.html']").first.click()
    expect(page.locator("article h1")).to_contain_text(squash(competence["intitule"]))
    offline.assert_clean()


# -- authored text never runs ---------------------------------------------------------------------

def test_markup_in_a_libelle_never_runs(hostile_site: BuiltSite, offline: Offline) -> None:
    page = offline.open(hostile_site.site / "referentiel" / "competences" / "cp01.html")
    expect(page.locator("article h1")).to_contain_text(squash(HOSTILE))
    search(offline, hostile_site.site, "freins")
    expect(page.locator(".md-search-result__list script")).to_have_count(0)
    offline.assert_clean()


_INJECTED = "img[src='x'], a[href^='javascript'], [onerror], [onmouseover], b, x"


@pytest.mark.parametrize("page_path, hovered", [
    ("referentiel/titre.html", "article abbr:text-is('CIP')"),  # glossary definition in the tooltip
    ("referentiel/programme/couverture.html", ".cip-couverture th abbr"),  # compétence titles
    ("referentiel/competences/cp01.html", "a[href*='#source-']"),  # source title (link title)
])
def test_tooltips_show_authored_markup_as_text(hostile_site: BuiltSite, offline: Offline,
                                               page_path: str, hovered: str) -> None:
    """Material's tooltips insert the ``title`` as HTML: a glossary definition, a compétence
    title or a source title holding markup must still show it as text, on hover too."""
    page = offline.open(hostile_site.site / page_path)
    targets = page.locator(hovered).filter(visible=True)  # not those of a closed popover
    assert targets.count() >= 1
    for index in range(min(targets.count(), 3)):
        targets.nth(index).hover()
        page.wait_for_timeout(400)
        expect(page.locator(f"article {_INJECTED}, [role=tooltip] {_INJECTED}")).to_have_count(0)
    expect(page.get_by_role("tooltip").last).to_contain_text("<")  # the markup, as text
    offline.assert_clean()


def test_a_source_address_cannot_close_its_link(hostile_site: BuiltSite,
                                                offline: Offline) -> None:
    page = offline.open(hostile_site.site / "referentiel" / "sources.html")
    link = page.locator("article a[href^='https://exemple.invalid/']")
    expect(link).to_have_count(1)
    assert link.get_attribute("href") == (
        "https://exemple.invalid/a%29b%22onmouseover=%22alert%286%29%27%3Cx%3E")
    link.hover()
    expect(page.locator(f"article {_INJECTED}")).to_have_count(0)
    offline.assert_clean()


def _richest_seance() -> dict:
    """The séance whose sheet is the longest: most steps, criteria and grids."""
    import yaml

    seances = [yaml.safe_load(p.read_text(encoding="utf-8"))
               for p in sorted((REAL_FRAMEWORK / "seances").glob("*.yml"))]
    return max(seances, key=lambda s: (len(s["deroule"]) + len(s.get("criteres", []))
                                       + len(s.get("grilles", [])), s["id"]))



# -- accessibility --------------------------------------------------------------------------------

def _kinds() -> list[tuple[str, str]]:
    kinds = [
        ("accueil", "index.html"),
        ("titre", "referentiel/titre.html"),
        ("ccp", f"referentiel/ccp/{REAL.ccps[0]['id']}.html" if REAL.ccps else ""),
        ("competence", f"referentiel/competences/{REAL.competences[0]['id']}.html"
         if REAL.competences else ""),
        ("parcours", "referentiel/parcours/index.html"),
        ("etape", f"referentiel/parcours/{REAL.etapes[0]['id']}.html" if REAL.etapes else ""),
        ("outils", "referentiel/outils/index.html"),
        ("outil", f"referentiel/outils/{REAL.outils[0]['id']}.html" if REAL.outils else ""),
        ("matrice", "referentiel/matrice.html"),
        ("glossaire", "referentiel/glossaire.html"),
        ("sources", "referentiel/sources.html"),
        ("a-verifier", "referentiel/a-verifier.html"),
        ("reconnaissances", "referentiel/reconnaissances.html"),
        ("ecole", "referentiel/ecole.html"),
        ("guide-auteur", "guide-auteur.html"),
        ("calendrier", "referentiel/programme/index.html"),
        ("couverture", "referentiel/programme/couverture.html"),
        ("seance", f"referentiel/programme/seances/{_richest_seance()['id']}.html"),
        ("grilles", "referentiel/grilles/index.html"),
        ("exporter", "referentiel/exporter.html"),
        ("404", "404.html"),
        ("grille-competence",
         f"referentiel/grilles/competence-{REAL.competences[0]['id']}-evaluateur.html"
         if REAL.competences else ""),
        ("grille-auto-evaluation",
         f"referentiel/grilles/competence-{REAL.competences[0]['id']}-auto-evaluation.html"
         if REAL.competences else ""),
        ("grille-ccp",
         f"referentiel/grilles/ccp-{REAL.ccps[0]['id']}-tuteur.html" if REAL.ccps else ""),
        ("grille-outil", "referentiel/grilles/outil-"
         + next((o["id"] for o in REAL.outils if o.get("formulaire")), "") + ".html"),
    ]
    return kinds


@pytest.fixture(scope="module")
def reading_tab(browser: Browser) -> Iterator[Offline]:
    """One offline tab for the pages that axe reads one after the other (it changes nothing
    in them), instead of a browser context per page."""
    yield from open_offline(browser)


@pytest.fixture
def reading(reading_tab: Offline) -> Offline:
    for seen in (reading_tab.remote, reading_tab.errors, reading_tab.dialogs):
        seen.clear()
    return reading_tab


@pytest.mark.parametrize("kind, path", _kinds(), ids=[k for k, _ in _kinds()])
def test_accessibility(real_site: BuiltSite, reading: Offline, axe, kind: str, path: str) -> None:
    assert path, f"aucune page de type « {kind} » dans le référentiel"
    if kind == "ecole" and not REAL.has_ecole:
        pytest.skip("le référentiel ne décrit pas l'École (pas de ecole.yml)")
    assert (real_site.site / path).is_file(), path
    page = reading.open(real_site.site / path)
    expect(page.locator("article h1")).to_be_visible()
    results = axe.run(page, options=AXE_OPTIONS)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    report = "\n".join(
        f"{v['id']} ({v['impact']}) : {v['help']} — "
        + "; ".join(str(node["target"]) for node in v["nodes"][:4])
        for v in serious
    )
    assert not serious, f"{path} :\n{report}"
    reading.assert_clean()


# -- printing a séance sheet ----------------------------------------------------------------------

A4_POINTS = (595.3, 841.9)


def test_seance_sheet_prints_on_a4_without_the_site_around(real_site: BuiltSite,
                                                            offline: Offline) -> None:
    import io

    from pypdf import PdfReader

    seance = _richest_seance()
    page = offline.open(real_site.site / f"referentiel/programme/seances/{seance['id']}.html")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary",
                     ".md-footer", ".md-top", ".cip-ecran"):
        expect(page.locator(selector).first).to_be_hidden()
    expect(page.locator("article h1")).to_contain_text(squash(seance["intitule"]))
    expect(page.locator("article .headerlink").first).to_be_hidden()
    # No table is cut on the right: what does not fit would be lost on paper.
    clipped = page.eval_on_selector_all(
        "article table", "ts => ts.filter(t => t.scrollWidth > t.parentElement.clientWidth + 1)"
                         ".map(t => t.innerText.slice(0, 60))")
    assert not clipped, clipped
    reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    assert 1 <= len(reader.pages) <= 3, len(reader.pages)
    box = reader.pages[0].mediabox
    size = (float(box.width), float(box.height))
    assert all(abs(got - want) < 1 for got, want in zip(size, A4_POINTS, strict=True)), size
    printed = squash(" ".join(p.extract_text() for p in reader.pages))
    assert squash(seance["deroule"][-1]["titre"]) in printed
    assert "Grilles à imprimer" in printed
    assert "Matrice de traçabilité" not in printed  # the navigation is not printed
    offline.assert_clean()


def test_coverage_grid_fits_the_page(real_site: BuiltSite, offline: Offline) -> None:
    """The séances × compétences grid shows every compétence column without scrolling."""
    page = offline.open(real_site.site / "referentiel/programme/couverture.html")
    grid = page.locator(".cip-couverture table")
    expect(grid).to_be_visible()
    widths = grid.evaluate("t => [t.scrollWidth, t.parentElement.clientWidth]")
    assert widths[0] <= widths[1] + 1, widths
    headers = grid.locator("th").all_inner_texts()
    assert [h.strip() for h in headers[3:]] == [str(c["numero"]) for c in REAL.competences]
    offline.assert_clean()
