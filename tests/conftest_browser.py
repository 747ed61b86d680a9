"""Browser fixtures shared by the browser test modules, loaded as a plugin
(``pytest_plugins = [..., "tests.conftest_browser"]``): one Chromium per session.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from .browser_helpers import (
    CHROMIUM,
    LAUNCH_ARGS,
    BlankTab,
    Offline,
    open_blank_tab,
    open_offline,
)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} introuvable : installez le paquet Debian « chromium »")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def offline(browser: Browser) -> Iterator[Offline]:
    """A fresh offline page for one test."""
    yield from open_offline(browser)


@pytest.fixture(scope="module")
def blank_tab(browser: Browser) -> Iterator[BlankTab]:
    """A tab shared by the module's tests of pure functions, a new blank document each."""
    yield from open_blank_tab(browser)


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


