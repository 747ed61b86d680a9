"""Session fixtures for the built-site tests, loaded as a plugin by the test modules
(``pytest_plugins = ["tests.conftest_site"]``): registered once, so the real framework is built
once per session whatever the number of modules that use it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .site_helpers import REAL_FRAMEWORK, BuiltSite, FrameworkData, build_project, hostile_framework


def _built(tmp_path_factory: pytest.TempPathFactory, name: str, framework: Path) -> BuiltSite:
    proc, project = build_project(tmp_path_factory.mktemp(name), framework)
    return BuiltSite(proc, project, FrameworkData(framework))


def _require_ok(built: BuiltSite) -> BuiltSite:
    if built.proc.returncode != 0:
        pytest.fail(f"la construction du site a échoué (code {built.proc.returncode}) :\n"
                    f"{built.proc.stdout}\n{built.proc.stderr}", pytrace=False)
    return built


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The real framework (framework/), built once per session, successful or not."""
    return _built(tmp_path_factory, "site-reel", REAL_FRAMEWORK)


@pytest.fixture(scope="session")
def real_site(real_build: BuiltSite) -> BuiltSite:
    """The real framework's site; every test using it fails if the build failed."""
    return _require_ok(real_build)


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The base framework with markup, « | » and a line break in a compétence and a critère."""
    framework = hostile_framework(tmp_path_factory.mktemp("cadre-hostile"))
    return _require_ok(_built(tmp_path_factory, "site-hostile", framework))
