"""« à vérifier » in Chromium: a tap on a phone (390 px), a click or the keyboard on a laptop
(1366 px) opens the page's explanation; Escape and « Fermer » close it (an HTML popover: no
script of ours, no inline handler)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from .browser_helpers import TIMEOUT_MS
from .site_helpers import BuiltSite

pytest_plugins = ["tests.conftest_site", "tests.conftest_browser"]
pytestmark = pytest.mark.browser

PAGES = ["referentiel/dossier-professionnel.html", "referentiel/titre.html",
         "referentiel/glossaire.html"]


def _ouverte(page) -> bool:
    return page.locator("#cip-aide-a-verifier").evaluate("e => e.matches(':popover-open')")


@pytest.mark.parametrize("relative", PAGES)
@pytest.mark.parametrize("width,height", [(390, 844), (1366, 900)])
def test_a_verifier_s_ouvre_au_toucher_et_au_clavier(browser: Browser, real_site: BuiltSite,
                                                     relative: str, width: int,
                                                     height: int) -> None:
    phone = width < 500
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR",
                                  is_mobile=phone, has_touch=phone)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto((real_site.site / relative).as_uri())
        badges = page.locator("button.cip-verifier:visible")
        assert badges.count() > 0
        aide = page.locator("#cip-aide-a-verifier")
        assert not aide.is_visible()
        badge = badges.nth(badges.count() // 2)
        badge.scroll_into_view_if_needed()
        if phone:
            badge.tap()
        else:
            badge.click()
        assert _ouverte(page) and aide.is_visible()
        box = aide.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width
        assert box["y"] + box["height"] <= height, "l'explication sort de l'écran"
        assert "source unique non officielle" in aide.inner_text()
        page.keyboard.press("Escape")
        assert not _ouverte(page)
        badge.focus()
        page.keyboard.press("Enter")
        assert _ouverte(page)
        fermer = aide.get_by_role("button", name="Fermer")
        assert fermer.bounding_box()["height"] >= 44
        fermer.click()
        assert not _ouverte(page)
        page.keyboard.press("Tab")  # from the badge, keyboard focus goes on through the page
        assert page.evaluate("document.activeElement && document.activeElement.tagName") != "BODY"
    finally:
        context.close()
