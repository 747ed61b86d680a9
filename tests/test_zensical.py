"""Zensical (the announced successor of Material) builds the same mkdocs.yml and the same
generated pages: every page of the MkDocs site is there."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .site_helpers import BuiltSite

pytest_plugins = ["tests.conftest_site"]


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")} - {"404.html"}


def test_zensical_builds_every_page(real_site: BuiltSite, tmp_path: Path) -> None:
    """Zensical on a copy of the real site's project as the generator left it (mkdocs.yml,
    the hand-written and generated pages, the theme folder): the shared site stays as it is."""
    project = tmp_path / "projet"
    shutil.copytree(real_site.project, project, symlinks=True,
                    ignore=shutil.ignore_patterns("site", ".cache"))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    zensical = Path(sys.executable).with_name("zensical")
    proc = subprocess.run([str(zensical), "build", "--strict", "-f", "mkdocs.yml"], cwd=project,
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    mkdocs_pages = _pages(real_site.site)
    assert len(mkdocs_pages) > 40
    assert mkdocs_pages <= _pages(project / "site")
    html = (project / "site" / "referentiel" / "competences" / "cp01.html").read_text("utf-8")
    assert 'lang="fr"' in html
