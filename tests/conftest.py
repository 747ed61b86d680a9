from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
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


# CIP_JOURNAL_CONSTRUCTIONS=fichier : chaque « generator build|serve » et « mkdocs build » lancé
# par un test y est noté (test, commande, durée), une ligne JSON par processus ; résumé par
# « python tests/journal_constructions.py fichier ». Sert à compter les constructions réelles
# d'un passage (les sites partagés doivent l'être une fois, pas une fois par test).
JOURNAL = os.environ.get("CIP_JOURNAL_CONSTRUCTIONS")


def _construction(args: object) -> str | None:
    words = [os.path.basename(str(w)) for w in args] if isinstance(args, (list, tuple)) else []
    for tool, verbs in (("generator", {"build", "serve"}), ("mkdocs", {"build", "serve"}),
                        ("zensical", {"build", "serve"})):
        if tool in words and verbs & set(words):
            return f"{tool} {next(w for w in words if w in verbs)}"
    return None


if JOURNAL:
    _popen_init = subprocess.Popen.__init__
    _popen_exit = subprocess.Popen.__exit__

    def _journal_init(self, args, *rest, **kwargs):  # type: ignore[no-untyped-def]
        self._cip_construction = _construction(args)
        self._cip_debut = time.perf_counter()
        _popen_init(self, args, *rest, **kwargs)

    def _journal_exit(self, *exc):  # type: ignore[no-untyped-def]
        result = _popen_exit(self, *exc)
        what = getattr(self, "_cip_construction", None)
        if what:
            test = os.environ.get("PYTEST_CURRENT_TEST", "?").rsplit(" (", 1)[0]
            line = {"test": test, "commande": what, "duree": round(
                time.perf_counter() - self._cip_debut, 2), "code": self.returncode,
                "processus": os.environ.get("PYTEST_XDIST_WORKER", "")}
            with open(JOURNAL, "a", encoding="utf-8") as journal:
                journal.write(json.dumps(line, ensure_ascii=False) + "\n")
        return result

    subprocess.Popen.__init__ = _journal_init  # type: ignore[method-assign]
    subprocess.Popen.__exit__ = _journal_exit  # type: ignore[method-assign]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-expected",
        action="store_true",
        help="réécrit les diagnostics attendus (expected.txt) des cas invalides ; relisez le diff",
    )


@pytest.fixture(scope="session", autouse=True)
def _pdfs_lent_between_builds(tmp_path_factory: pytest.TempPathFactory):
    """One folder of PDFs lent between the builds of this run, whatever the number of test
    processes (tests/site_helpers.py, PDF_POOL_ENV)."""
    from .site_helpers import PDF_POOL_ENV, shared_dir

    os.environ[PDF_POOL_ENV] = str(shared_dir(tmp_path_factory) / "grilles-pretees")
    yield
    os.environ.pop(PDF_POOL_ENV, None)


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
