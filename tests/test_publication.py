"""The publishing examples (.ci/exemples/, used by no CI here): their build command, run as
written (the host's address variable replaced by an address), builds a site for that address
in the folder the host publishes."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .site_helpers import BASE_FRAMEWORK, ROOT, make_project

pytestmark = pytest.mark.site  # builds sites (out of « make check »)

EXAMPLES = ROOT / ".ci" / "exemples"
# file, the host's address variable, an address it may hold, the folder it publishes
CASES = [
    ("gitlab-pages.gitlab-ci.yml", '"$CI_PAGES_URL"', "https://groupe.gitlab.io/referentiel",
     "public"),
    ("github-pages.yml", '"${{ steps.pages.outputs.base_url }}/"',
     "https://compte.github.io/referentiel/", "site"),
]


def _commands(node) -> list[str]:
    """Every shell line of a CI file (GitLab « script », GitHub « run »)."""
    if isinstance(node, dict):
        found = []
        for key, value in node.items():
            if key in ("script", "before_script", "run"):
                found += value if isinstance(value, list) else str(value).splitlines()
            else:
                found += _commands(value)
        return found
    if isinstance(node, list):
        return [line for item in node for line in _commands(item)]
    return []


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("publication"))
    shutil.copytree(BASE_FRAMEWORK, project / "framework")
    return project


@pytest.mark.parametrize("name, variable, address, published", CASES)
def test_the_ci_example_builds_the_site_for_its_address(name: str, variable: str, address: str,
                                                        published: str, project: Path) -> None:
    ci = yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))
    builds = [line for line in _commands(ci) if "-m generator build" in line]
    assert len(builds) == 1, builds
    assert variable in builds[0]
    argv = shlex.split(builds[0].replace(variable, shlex.quote(address)))
    assert argv[:4] == ["python", "-m", "generator", "build"]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run([sys.executable, *argv[1:]], cwd=project, env=env,
                          capture_output=True, text=True, timeout=900, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    site = project / published
    base = address.rstrip("/") + "/"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{base}index.html">' in home
    assert (site / "sw.js").is_file() and (site / "manifest.webmanifest").is_file()
    assert list((site / "referentiel" / "grilles" / "pdf").glob("*.pdf"))
    # the artefact the host publishes is the folder the build wrote
    assert re.search(rf"(path|paths):\s*(-\s*)?{published}\b",
                     (EXAMPLES / name).read_text(encoding="utf-8"))
