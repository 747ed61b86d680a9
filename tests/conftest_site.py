"""Session fixtures for the built-site tests, loaded as a plugin by the test modules
(``pytest_plugins = ["tests.conftest_site"]``): registered once, so the real framework is built
once per session whatever the number of modules that use it.

Under pytest-xdist (``make test`` runs ``-n``), session fixtures run once per worker: a site is
built by the first worker that asks for it, in a folder shared by the whole run, under a file
lock; the other workers wait for it and read the same site. Shared sites are read-only: a test
that changes a site builds its own (``build_project`` in ``tmp_path``).
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

from .site_helpers import REAL_FRAMEWORK, BuiltSite, FrameworkData, build_project, hostile_framework


def shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of this test run, the same for every xdist worker."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def shared_build(tmp_path_factory: pytest.TempPathFactory, name: str,
                 prepare: Callable[[Path], Path], extra_args: list[str] | None = None,
                 ) -> BuiltSite:
    """``generator build`` of the framework ``prepare(folder)`` returns, done once per test run
    (whatever the number of workers) in the shared folder ``name``; successful or not."""
    root = shared_dir(tmp_path_factory) / f"partage-{name}"
    record = root / "construction.json"
    with FileLock(str(root) + ".lock"):
        if not record.is_file():
            root.mkdir(parents=True, exist_ok=True)
            framework = prepare(root)
            try:
                proc, project = build_project(root, framework, extra_args=extra_args)
            except subprocess.TimeoutExpired as late:  # said once, not rebuilt by each worker
                project = root / "projet"
                proc = subprocess.CompletedProcess(late.cmd, -9, "", f"délai dépassé : {late}")
            record.write_text(json.dumps({
                "args": proc.args, "returncode": proc.returncode, "stdout": proc.stdout,
                "stderr": proc.stderr, "project": str(project), "framework": str(framework)}),
                encoding="utf-8")
    data = json.loads(record.read_text(encoding="utf-8"))
    proc = subprocess.CompletedProcess(data["args"], data["returncode"], data["stdout"],
                                       data["stderr"])
    return BuiltSite(proc, Path(data["project"]), FrameworkData(Path(data["framework"])))


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
