"""Projets de mesure : copies du dépôt (mkdocs.yml, content/) et référentiels synthétiques."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
REAL_FRAMEWORK = ROOT / "framework"


def make_project(directory: Path) -> Path:
    """A project folder like the repository's: mkdocs.yml, content/ (without the generated
    pages) and a link to generator/ (mkdocs.yml's hooks refer to it)."""
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", directory / "mkdocs.yml")
    source = ROOT / "content"
    shutil.copytree(source, directory / "content",
                    ignore=lambda d, names: ["referentiel"] if Path(d) == source else [])
    (directory / "generator").symlink_to(ROOT / "generator", target_is_directory=True)
    (directory / "site_templates").symlink_to(ROOT / "site_templates", target_is_directory=True)
    return directory


def copy_framework(source: Path, dest: Path) -> Path:
    """A copy of the framework ``source`` at ``dest``, with the frameworks its titre.yml links
    (« referentiels_lies ») copied at the same place relative to it: the CIP's copy still finds
    the CAP AEPE its tools aim at (« ../frameworks/cap-aepe »)."""
    shutil.copytree(source, dest)
    titre = yaml.safe_load((source / "titre.yml").read_text(encoding="utf-8")) or {}
    for lien in titre.get("referentiels_lies") or ():
        cible = Path(os.path.normpath(dest / lien["dossier"]))
        if not cible.exists():
            shutil.copytree(Path(os.path.normpath(source / lien["dossier"])), cible)
    return dest


def synth(n: int, out: Path, env: dict[str, str]) -> Path:
    subprocess.run([sys.executable, "-m", "generator", "synth", "--competences", str(n),
                    "--out", str(out)], cwd=ROOT, env=env, check=True, capture_output=True)
    return out


def count_files(framework: Path) -> int:
    return sum(1 for _ in framework.rglob("*.yml"))

