from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"


# Fixtures that build a site (tests/conftest_site.py and module fixtures): a test that uses one,
# directly or through another fixture, is marked « site » and stays out of « make check ».
# A test that builds in its body carries ``@pytest.mark.site`` itself (or its module's
# ``pytestmark``); « make check » sets CIP_SANS_SITE=1 and build_project refuses to build there.
SITE_FIXTURES = frozenset({"real_build", "real_site", "hostile_site", "base_preview",
                           "hostile_programme", "partial_site", "small_project",
                           # test_app, test_browser_app, test_browser_saisie, test_arrets
                           "with_base_url", "hosted", "saisie_site", "built",
                           "lie_site"})  # test_browser_liens


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if SITE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.site)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-expected",
        action="store_true",
        help="réécrit les diagnostics attendus (expected.txt) des cas invalides ; relisez le diff",
    )


@pytest.fixture(scope="session", autouse=True)
def _fresh_schema_validator():
    """Under ``make mutation`` each mutant runs in a process forked from one that already
    built the (cached) schema validator: it is rebuilt, or its mutants could never act."""
    if os.environ.get("MUTANT_UNDER_TEST"):
        from generator.pipeline import schema_validator

        schema_validator.cache_clear()
    yield


REFERENTIELS = Path(__file__).resolve().parent / "referentiels"  # small linked frameworks


def assemble_case(case: Path, dest: Path) -> Path:
    """Base framework + the case's overlay (files replaced/added, files listed in supprimer.txt
    removed). Returns the framework directory.

    Linked frameworks go beside ``framework/``: each one named in the case's referentiels.txt
    is copied from tests/referentiels/; any other folder of the case is one too (or the
    overlay of the one of that name)."""
    framework = dest / "framework"
    shutil.copytree(CASES / "base" / "framework", framework)
    overlay = case / "framework"
    if overlay.is_dir():
        shutil.copytree(overlay, framework, dirs_exist_ok=True)
    listed = case / "referentiels.txt"
    names = set(listed.read_text(encoding="utf-8").split()) if listed.is_file() else set()
    names |= {p.name for p in case.iterdir() if p.is_dir() and p.name != "framework"}
    for name in sorted(names):
        if (REFERENTIELS / name).is_dir():
            shutil.copytree(REFERENTIELS / name, dest / name)
        if (case / name).is_dir():
            shutil.copytree(case / name, dest / name, dirs_exist_ok=True)
    removals = case / "supprimer.txt"
    if removals.is_file():
        for line in removals.read_text(encoding="utf-8").splitlines():
            if line.strip():
                (framework / line.strip()).unlink()
    return framework
