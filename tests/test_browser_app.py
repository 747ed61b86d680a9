"""The site published on a host under a sub-path, in Chromium as on a phone: one visit, then
the network off; an update published while offline; nothing registered from disk.

The host is a thread of the test (tests/static_host.py) serving the built site at
http://127.0.0.1:<free port>/referentiel/ with a common host's cache headers.
"""

from __future__ import annotations

import json
import math
import re
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from .browser_helpers import (  # noqa: F401 - same Chromium flags
    LAUNCH_ARGS,
    TIMEOUT_MS,
    VIOLATIONS,
    watch_csp,
)
from .site_helpers import BASE_FRAMEWORK, build_project, shared_build
from .static_host import StaticHost

pytest_plugins = ["tests.conftest_site", "tests.conftest_browser"]
pytestmark = [pytest.mark.browser, pytest.mark.site]

BASE_URL = "https://ecole.example/referentiel/"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
GRID = "referentiel/grilles/competence-cp01-auto-evaluation.html"


# The sha256 (base64) of what the page gets for each URL (through the service worker).
SERVED_HASHES = """urls => Promise.all(urls.map(u => fetch(u).then(r => r.arrayBuffer())
  .then(b => crypto.subtle.digest('SHA-256', b))
  .then(d => btoa(String.fromCharCode(...new Uint8Array(d))))))"""


def _build(tmp: Path, framework: Path) -> Path:
    proc, project = build_project(tmp, framework, extra_args=["--base-url", BASE_URL])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return project


@pytest.fixture(scope="session")
def hosted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base framework built once per test run (whatever the number of test processes)
    with a base URL: the project folder, read-only (a test that rebuilds copies it)."""
    built = shared_build(tmp_path_factory, "site-heberge", lambda _: BASE_FRAMEWORK,
                         extra_args=["--base-url", BASE_URL])
    assert built.proc.returncode == 0, built.proc.stdout + built.proc.stderr
    return built.project


def precache(site: Path) -> dict[str, list]:
    text = (site / "sw.js").read_text(encoding="utf-8")
    return json.loads(re.search(r"self\.CIP_BUILD = (.*);\n", text).group(1))["files"]


def phone(browser: Browser) -> BrowserContext:
    context = browser.new_context(locale="fr-FR", accept_downloads=True, **PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(VIOLATIONS)
    return context


def first_visit(context: BrowserContext, url: str) -> Page:
    """The home page, once, until the service worker has kept the site and controls it."""
    page = context.new_page()
    page.goto(url + "index.html")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=60_000)
    return page


@pytest.fixture
def host(hosted: Path) -> Iterator[StaticHost]:
    with StaticHost(hosted / "site") as server:
        yield server


def test_offline_after_one_visit(browser: Browser, hosted: Path, host: StaticHost) -> None:
    site = hosted / "site"
    pages = sorted(p for p in precache(site)["precache"]
                   if p.endswith(".html") and p != "hors-ligne.html")
    assert len(pages) >= 20 and GRID in pages
    context = phone(browser)
    try:
        page = first_visit(context, host.url)
        context.set_offline(True)
        for rel in pages:
            page.goto(host.url + rel)
            expect(page.locator("h1").first).to_be_visible()
            assert "Page non disponible hors ligne" not in page.title(), rel
            assert page.evaluate("window.__csp") == [], rel
        # search, offline
        page.goto(host.url + "index.html")
        page.locator(".md-header label.md-header__button[for=__search]").click()
        page.locator("input.md-search__input").type("informer")
        expect(page.locator(".md-search-result__meta")).to_contain_text("trouvé")
        expect(page.locator(".md-search-result__item").first).to_be_visible()
        # a grid filled and exported, offline
        page.goto(host.url + GRID)
        page.get_by_label("Nom et prénom du stagiaire").fill("Camille Martin")
        with page.expect_download() as download:
            page.get_by_role("button", name="Exporter mes réponses (JSON)").click()
        doc = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        assert doc["valeurs"]["stagiaire"] == "Camille Martin"
        # a grid PDF never opened is not kept: said in French, not the browser's error
        pdf = sorted(precache(site)["later"])[0]
        page.goto(host.url + pdf)
        expect(page.locator("h1")).to_contain_text("Page non disponible hors ligne")
        expect(page.get_by_role("link", name=re.compile("Réessayer"))).to_be_visible()
    finally:
        context.close()


def test_first_install_fetches_each_file_once(browser: Browser, hosted: Path,
                                              host: StaticHost) -> None:
    files = precache(hosted / "site")
    context = phone(browser)
    try:
        first_visit(context, host.url)
        names = context.pages[0].evaluate("caches.keys()")
        assert len(names) == 1 and names[0].startswith("cip:/referentiel/:")
        kept = context.pages[0].evaluate(
            f"caches.open({json.dumps(names[0])}).then(c => c.keys())"
            ".then(ks => ks.map(r => r.url))")
    finally:
        context.close()
    expected = {host.url + rel for rel in files["precache"]}
    assert expected <= set(kept)
    assert not {host.url + rel for rel in files["later"]} & set(kept)  # PDFs: on first open
    # every precached file was sent whole at most twice (the visit, then the worker)
    for rel, (_hash, size) in files["precache"].items():
        assert host.sent[f"/referentiel/{rel}"] <= 2 * size, rel


def test_keep_grids_offline_says_the_size_first(browser: Browser, hosted: Path,
                                                host: StaticHost) -> None:
    later = precache(hosted / "site")["later"]
    context = phone(browser)
    try:
        page = first_visit(context, host.url)
        page.goto(host.url + "referentiel/ccp/ccp1.html")
        button = page.get_by_role("button", name=re.compile("Garder les grilles hors ligne"))
        linked = {a for a in page.eval_on_selector_all(
            ".md-content a[href$='.pdf']", "as => as.map(a => a.href)")}
        rels = {url[len(host.url):] for url in linked}
        size = sum(later[rel][1] for rel in rels)
        said = (f"{size / 1024 / 1024:.1f} Mo".replace(".", ",") if size >= 1024 * 1024
                else f"{math.ceil(size / 1024)} ko")
        expect(button).to_have_text(
            f"Garder les grilles hors ligne ({len(rels)} grilles PDF, {said})")
        button.click()
        expect(page.get_by_role("status").filter(has_text="sont gardées")).to_be_visible(
            timeout=60_000)
        context.set_offline(True)
        response = page.goto(host.url + sorted(rels)[0])
        assert response is not None and response.ok
        assert response.headers["content-type"] == "application/pdf"
    finally:
        context.close()


def test_an_update_is_offered_then_served_whole(browser: Browser, hosted: Path,
                                                tmp_path: Path) -> None:
    project = tmp_path / "projet"
    shutil.copytree(hosted, project, symlinks=True)
    framework = tmp_path / "framework"
    shutil.copytree(BASE_FRAMEWORK, framework)
    cp01 = framework / "competences" / "cp01.yml"
    cp01.write_text(cp01.read_text(encoding="utf-8").replace(
        "Le conseiller informe et oriente", "Le conseiller informe, écoute et oriente"),
        encoding="utf-8")
    old = precache(project / "site")["precache"]
    with StaticHost(project / "site") as server:
        context = phone(browser)
        try:
            page = first_visit(context, server.url)
            page.goto(server.url + GRID)
            page.get_by_label("Nom et prénom du stagiaire").fill("Camille Martin")
            context.set_offline(True)
            _build(tmp_path, framework)  # published while the phone is offline
            new = precache(project / "site")["precache"]
            changed = {rel for rel in new if old.get(rel) != new[rel]}
            assert "referentiel/competences/cp01.html" in changed
            assert len(changed) < len(new) / 2
            before = dict(server.sent)
            context.set_offline(False)
            page.goto(server.url + "referentiel/competences/cp01.html")
            # the old build until the reader chooses: never a mix
            expect(page.locator("article")).not_to_contain_text("informe, écoute et oriente")
            banner = page.locator(".cip-app-bandeau")
            expect(banner).to_contain_text(
                "Une nouvelle version du référentiel est disponible — Recharger", timeout=60_000)
            fetched = {path: n - before.get(path, 0) for path, n in server.sent.items()
                       if n > before.get(path, 0)}
            # the update fetched the changed files whole, and no unchanged one
            assert {f"/referentiel/{rel}" for rel in set(new) - changed} & set(fetched) == set()
            for rel in changed:
                assert fetched[f"/referentiel/{rel}"] == new[rel][1], rel
            banner.get_by_role("button", name="Recharger").click()
            expect(page.locator("article")).to_contain_text("informe, écoute et oriente")
            assert len(page.evaluate("caches.keys()")) == 1
            context.set_offline(True)
            # offline, every file the worker serves is the new build's, byte for byte
            served = page.evaluate(SERVED_HASHES, [server.url + rel for rel in new])
            assert served == [hash_ for hash_, _size in new.values()]
            page.goto(server.url + GRID)
            expect(page.get_by_label("Nom et prénom du stagiaire")).to_have_value(
                "Camille Martin")
            assert page.evaluate("window.__csp") == []
        finally:
            context.close()


def test_nothing_is_registered_from_disk(browser: Browser, hosted: Path) -> None:
    context = browser.new_context(locale="fr-FR")
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto((hosted / "site" / "index.html").as_uri())
        assert page.evaluate("CIP.app.inscription") is None
        assert page.evaluate("CIP.app.actif") is False
        assert context.service_workers == []
        assert errors == []
    finally:
        context.close()


# -- Content-Security-Policy in action ---------------------------------------------------------

def _one_page_of_each_kind(site: Path) -> list[Path]:
    """Every page at the top of the site and of referentiel/ (each its own template), and in
    each folder below its index and its first other page (the pages of a folder share one
    template: one compétence, one étape, one séance…), one grid of each kind in grilles/."""
    pages = sorted(site.glob("*.html")) + sorted((site / "referentiel").glob("*.html"))
    for folder in sorted(p for p in (site / "referentiel").rglob("*") if p.is_dir()):
        kinds: dict[str, Path] = {}
        for page in sorted(folder.glob("*.html")):
            kind = ("index" if page.stem == "index" else
                    page.stem.split("-")[0] if folder.name == "grilles" else "page")
            kinds.setdefault(kind, page)
        pages += kinds.values()
    return pages


WALK_PARTS = 2


@pytest.mark.parametrize("part", range(WALK_PARTS))
def test_no_page_breaks_its_policy_from_disk_on_a_computer(browser: Browser, real_site,
                                                          part: int) -> None:
    """One page of each kind at 1366 px (every page at 390 px: tests/test_terrain.py), in
    WALK_PARTS parts that the test processes share."""
    site = real_site.site
    context = browser.new_context(locale="fr-FR", viewport={"width": 1366, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(VIOLATIONS)
    try:
        page = context.new_page()
        console = watch_csp(page)
        pages = _one_page_of_each_kind(site)
        assert len(pages) > 20
        for path in pages[part::WALK_PARTS]:
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            assert page.evaluate("() => window.__csp") == [], path.relative_to(site)
        assert console == []
    finally:
        context.close()


@pytest.mark.parametrize("size", [PHONE, {"viewport": {"width": 1366, "height": 900}}],
                         ids=["390", "1366"])
def test_searching_and_exporting_break_no_policy_from_disk(browser: Browser, real_site,
                                                          size: dict) -> None:
    """What the reader does on a page read from disk: search (a hidden frame), fill and
    export a grid."""
    site = real_site.site
    context = browser.new_context(locale="fr-FR", accept_downloads=True, **size)
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(VIOLATIONS)
    try:
        page = context.new_page()
        console = watch_csp(page)
        page.goto((site / "index.html").as_uri())
        if size is PHONE:
            page.locator(".md-header label.md-header__button[for=__search]").click()
        page.locator("input.md-search__input").click()
        page.keyboard.type("evaluation")
        expect(page.locator(".md-search-result__item").first).to_be_visible()
        assert page.evaluate("() => window.__csp") == []
        grid = next(p for p in _one_page_of_each_kind(site)
                    if p.parent.name == "grilles" and "competence" in p.name)
        page.goto(grid.as_uri())
        page.get_by_label("Nom et prénom du stagiaire").fill("Camille Martin")
        with page.expect_download():
            page.get_by_role("button", name="Exporter mes réponses (JSON)").click()
        assert page.evaluate("() => window.__csp") == []
        assert console == []
    finally:
        context.close()


def test_an_injected_inline_script_is_blocked(browser: Browser, hosted: Path,
                                              tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(hosted / "site", site)
    target = site / "referentiel" / "competences" / "cp01.html"
    html = target.read_text(encoding="utf-8")
    injected = ('<p id="injecte" onclick="window.__clic = 1">x</p>'
                "<script>window.__injecte = true;</script>")
    target.write_text(html.replace("</article>", injected + "</article>", 1), encoding="utf-8")
    context = browser.new_context(locale="fr-FR")
    context.add_init_script(VIOLATIONS)
    try:
        page = context.new_page()
        with StaticHost(site) as server:
            for url in (target.as_uri(), server.url + "referentiel/competences/cp01.html"):
                page.goto(url)
                page.locator("#injecte").click()
                assert page.evaluate("() => [window.__injecte, window.__clic]") == [None, None]
                # the violation of the click's attribute is reported a moment after the click
                page.wait_for_function("() => ['script-src-elem inline', 'script-src-attr "
                                       "inline'].every(d => window.__csp.some(v => "
                                       "v.startsWith(d)))", timeout=5000)
                blocked = page.evaluate("() => window.__csp")
                assert any(v.startswith("script-src-elem inline") for v in blocked), blocked
                assert any(v.startswith("script-src-attr inline") for v in blocked), blocked
                # the site's own scripts still run
                assert page.evaluate("() => typeof window.CIP.app") == "object"
    finally:
        context.close()


# -- answers that survive ------------------------------------------------------------------------

# navigator.storage as a browser that has not yet made the storage persistent; calls counted.
PERSIST_SPY = """window.__persist = 0;
navigator.storage.persisted = () => Promise.resolve(false);
navigator.storage.persist = () => { window.__persist += 1; return Promise.resolve(true); };"""
STANDALONE = """const matchMedia = window.matchMedia.bind(window);
window.matchMedia = q => q === '(display-mode: standalone)'
  ? {matches: true, media: q, addEventListener() {}, removeEventListener() {}} : matchMedia(q);"""


def test_answers_are_made_persistent_and_exports_reminded(browser: Browser,
                                                          hosted: Path) -> None:
    grid = hosted / "site" / GRID
    context = browser.new_context(locale="fr-FR", accept_downloads=True, **PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(PERSIST_SPY)
    try:
        page = context.new_page()
        page.clock.install(time=datetime(2026, 12, 1, 9, 0))
        page.goto(grid.as_uri())
        zone = page.locator(".cip-sauvegarde")
        expect(zone).to_contain_text("Vos réponses n'ont encore jamais été exportées")
        assert page.evaluate("() => window.__persist") == 0  # nothing saved, not installed
        page.get_by_label("Nom et prénom du stagiaire").fill("Camille Martin")
        page.wait_for_function("() => window.__persist === 1")
        with page.expect_download():
            page.get_by_role("button", name="Exporter mes réponses (JSON)").click()
        expect(zone).to_contain_text("Dernier export de vos réponses : le 1 décembre 2026.")
        expect(zone).not_to_contain_text("Plus de 7 jours")
        page.clock.set_fixed_time(datetime(2026, 12, 8, 8, 0))  # 7 days less one hour
        page.reload()
        expect(zone).not_to_contain_text("Plus de 7 jours")
        page.clock.set_fixed_time(datetime(2026, 12, 9, 9, 0))
        page.reload()
        expect(zone).to_contain_text(
            "Plus de 7 jours sans export : exportez vos réponses pour ne pas les perdre")
        expect(zone).to_have_class(re.compile("cip-sauvegarde--rappel"))
        # one tap: every answer this device holds, in one file
        with page.expect_download() as download:
            zone.get_by_role("button", name="Exporter toutes mes réponses").click()
        doc = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        assert doc["format"] == "referentiel-cip/dossier"  # « Mon dossier »: every sheet
        saved = [f for f in doc["feuilles"] if "competence-cp01" in f["cle"]]
        assert [s["valeurs"]["stagiaire"] for s in saved] == ["Camille Martin"]
        expect(zone).to_contain_text("Dernier export de vos réponses : le 9 décembre 2026.")
        expect(zone).not_to_have_class(re.compile("cip-sauvegarde--rappel"))
    finally:
        context.close()


def test_installed_asks_for_persistence_and_mon_dossier_exports(browser: Browser,
                                                                hosted: Path) -> None:
    context = browser.new_context(locale="fr-FR")
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(PERSIST_SPY + STANDALONE)
    try:
        page = context.new_page()
        page.goto((hosted / "site" / "index.html").as_uri())
        page.wait_for_function("() => window.__persist === 1")
        page.goto((hosted / "site" / GRID).as_uri())
        # « Mon dossier » (cip-dossier.js) is what the one-tap export calls
        page.evaluate("() => { CIP.dossier.exporter = function () { window.__dossier = 1; }; }")
        page.get_by_role("button", name="Exporter toutes mes réponses").click()
        assert page.evaluate("() => window.__dossier") == 1
    finally:
        context.close()
