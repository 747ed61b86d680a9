"""Zensical (the announced successor of Material) builds the same mkdocs.yml and the same
generated pages: every page of the MkDocs site is there."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.site  # builds the site twice


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")} - {"404.html"}


def test_zensical_builds_every_page(tmp_path: Path) -> None:
    project = tmp_path / "projet"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "content", project / "content",
                    ignore=shutil.ignore_patterns("referentiel"))
    (project / "generator").symlink_to(ROOT / "generator")
    (project / "site_templates").symlink_to(ROOT / "site_templates")  # theme custom_dir
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    build = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--framework", str(ROOT / "framework"),
         "--site-dir", "site-mkdocs", "--skip-pdf"],
        cwd=project, capture_output=True, text=True, env=env,
    )
    assert build.returncode == 0, build.stderr
    zensical = Path(sys.executable).with_name("zensical")
    proc = subprocess.run([str(zensical), "build", "--strict", "-f", "mkdocs.yml"], cwd=project,
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    mkdocs_pages = _pages(project / "site-mkdocs")
    assert len(mkdocs_pages) > 40
    assert mkdocs_pages <= _pages(project / "site")
    html = (project / "site" / "referentiel" / "competences" / "cp01.html").read_text("utf-8")
    assert 'lang="fr"' in html
