"""Session fixtures for the built-site tests, loaded as a plugin by the test modules
(``pytest_plugins = ["tests.conftest_site"]``): registered once, so the real framework is built
once per session whatever the number of modules that use it.

Under pytest-xdist (``make test`` runs ``-n``), session fixtures run once per worker: a site is
built by the first worker that asks for it, in a folder shared by the whole run, under a file
lock (``site_helpers.shared_build``); the other workers wait for it and read the same site.
Shared sites are read-only: a test that changes a site builds its own (``build_project`` in
``tmp_path``).
"""

from __future__ import annotations

import pytest

from .site_helpers import (
    CAP_FRAMEWORK,
    REAL_FRAMEWORK,
    BuiltSite,
    hostile_framework,
    shared_build,
)


def require_ok(built: BuiltSite) -> BuiltSite:
    if built.proc.returncode != 0:
        pytest.fail(f"la construction du site a échoué (code {built.proc.returncode}) :\n"
                    f"{built.proc.stdout}\n{built.proc.stderr}", pytrace=False)
    return built


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The real framework (framework/), built once per test run, successful or not."""
    return shared_build(tmp_path_factory, "site-reel", lambda _: REAL_FRAMEWORK)


@pytest.fixture(scope="session")
def real_site(real_build: BuiltSite) -> BuiltSite:
    """The real framework's site; every test using it fails if the build failed."""
    return require_ok(real_build)


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The base framework with markup, « | » and a line break in a compétence and a critère."""
    return require_ok(shared_build(tmp_path_factory, "site-hostile",
                                   lambda root: hostile_framework(root / "cadre")))


@pytest.fixture(scope="session")
def cap_build(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The CAP AEPE (frameworks/cap-aepe/), built once per test run with its PDFs, in strict
    mode (a warning fails it), successful or not."""
    return shared_build(tmp_path_factory, "site-cap-aepe", lambda _: CAP_FRAMEWORK,
                        extra_args=["--strict"])


@pytest.fixture(scope="session")
def cap_site(cap_build: BuiltSite) -> BuiltSite:
    """The CAP AEPE's site; every test using it fails if the build failed."""
    return require_ok(cap_build)
