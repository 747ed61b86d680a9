"""Chromium for the browser tests: Debian's /usr/bin/chromium (never « playwright install »),
pages opened from disk with every network request refused and recorded."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 15_000

# -- browser and offline pages --------------------------------------------------------------------

# Each page records the violations of its Content-Security-Policy in window.__csp.
VIOLATIONS = ("window.__csp = []; document.addEventListener('securitypolicyviolation', e => "
              "window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sample));")


def watch_csp(page: Page) -> list[str]:
    """Violations reported in the page or in any of its frames (the search runs in one)."""
    seen: list[str] = []
    page.on("console", lambda message: seen.append(message.text)
            if "Content Security Policy" in message.text else None)
    return seen


# What a page read from disk may load: its files, and what it makes itself.
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


def files_only(context: BrowserContext, remote: list[str] | None = None) -> list[str]:
    """Let ``context`` read files only: it is offline (any other request fails at once) and
    every other request is recorded in the list returned. A listener, not a route: a route
    holds each request until this process answers it, which made loading a page 60 % slower."""
    seen = remote if remote is not None else []
    context.set_offline(True)
    context.on("request", lambda request: None if request.url.startswith(LOCAL_SCHEMES)
               else seen.append(request.url))
    return seen


@dataclass
class Offline:
    """A page that may only read files: every other request is refused and recorded."""

    page: Page
    remote: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def open(self, path: Path) -> Page:
        self.page.goto(path.as_uri())
        return self.page

    def assert_clean(self) -> None:
        assert not self.remote, f"requêtes vers un autre hôte : {self.remote}"
        assert not self.errors, f"erreurs JavaScript : {self.errors}"
        assert not self.dialogs, f"boîtes de dialogue ouvertes par la page : {self.dialogs}"


def open_offline(browser: Browser) -> Iterator[Offline]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="fr-FR")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    state = Offline(page)

    def on_dialog(dialog) -> None:
        state.dialogs.append(dialog.message)
        dialog.dismiss()

    files_only(context, state.remote)
    page.on("pageerror", lambda error: state.errors.append(str(error)))
    page.on("dialog", on_dialog)
    yield state
    context.close()
    assert not state.remote, f"requêtes vers un autre hôte : {state.remote}"


@dataclass
class BlankTab:
    """One tab of a test module for the tests of pure functions on a blank page: each test
    gets a new document in it (``fresh``), not a new browser context (a context and its
    renderer process cost ≈ 0.2 s of CPU, more than what most of these tests do). Nothing
    a test defines in the page outlives it; a test that adds a listener to the page, or
    changes its clock, viewport or routes, takes a page of its own instead."""

    page: Page
    errors: list[str] = field(default_factory=list)

    def fresh(self) -> Page:
        self.errors.clear()
        self.page.goto("about:blank")
        assert self.page.evaluate("typeof window.CIP") == "undefined", "document réutilisé"
        return self.page


def open_blank_tab(browser: Browser) -> Iterator[BlankTab]:
    context = browser.new_context(locale="fr-FR")
    context.set_default_timeout(TIMEOUT_MS)
    tab = BlankTab(context.new_page())
    tab.page.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    context.close()


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe's options in every test: the WCAG 2.1 A/AA rules, and only the violations' details sent
# back (with the passes' too, a long page returns 0.7 MB of JSON: 1.7× the time of the run).
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}


def add_referentiel_meta(page: Page, framework: Path | None = None) -> None:
    """What every built page tells its scripts about its framework (<meta
    name="cip-referentiel">, read by cip.js when it loads), for a test page that loads the
    scripts alone: the real framework's by default."""
    import json

    from generator.pipeline import validate_framework
    from generator.render import donnees_de_page

    from .site_helpers import REAL_FRAMEWORK

    fw = validate_framework(framework or REAL_FRAMEWORK).framework
    assert fw is not None
    page.evaluate("""content => { const m = document.createElement("meta");
        m.name = "cip-referentiel"; m.content = content; document.head.appendChild(m); }""",
                  json.dumps(donnees_de_page(fw), ensure_ascii=False))
