"""``python -m generator synth``: a valid, deterministic synthetic framework, whose site builds
with a navigation that stays hierarchical whatever its size."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from generator.build import GENERATED
from generator.load import load_content
from generator.pipeline import validate_framework
from generator.render import NAV_FILE, NAV_SECTION_MAX, render_site

from .conftest import ROOT
from .site_helpers import build_project


def _run(*args: str, cwd=ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd,
                          capture_output=True, text=True, check=False)


def _files(directory) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def test_synth_validates_strictly_and_is_deterministic(tmp_path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    proc = _run("synth", "--competences", "50", "--out", str(first))
    assert proc.returncode == 0, proc.stderr
    assert "Référentiel synthétique de 50 compétences" in proc.stdout
    assert _run("synth", "--competences", "50", "--out", str(second)).returncode == 0
    assert _files(first) == _files(second)
    check = _run("validate", "--strict", "--framework", str(first))
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("Référentiel valide : 10 CCP, 50 compétences, ")
    assert check.stderr == ""


def test_synth_refuses_a_non_empty_folder_but_replaces_an_old_synthetic_one(tmp_path) -> None:
    real = tmp_path / "donnees"
    real.mkdir()
    (real / "titre.yml").write_text("id: x\n", encoding="utf-8")
    proc = _run("synth", "--competences", "5", "--out", str(real))
    assert proc.returncode == 2
    assert "n'est pas vide et ne contient pas un référentiel synthétique" in proc.stderr
    assert (real / "titre.yml").read_text(encoding="utf-8") == "id: x\n"

    out = tmp_path / "synth"
    assert _run("synth", "--competences", "40", "--out", str(out)).returncode == 0
    assert _run("synth", "--competences", "8", "--out", str(out)).returncode == 0
    assert sorted(p.name for p in (out / "competences").iterdir()) == [
        f"cp0{i}.yml" for i in range(1, 9)]
    assert _run("validate", "--strict", "--framework", str(out)).returncode == 0


def test_synth_rejects_a_bad_count(tmp_path) -> None:
    proc = _run("synth", "--competences", "0", "--out", str(tmp_path / "x"))
    assert proc.returncode == 2
    assert "nombre entre 1 et" in proc.stderr
    assert not (tmp_path / "x").exists()


@pytest.mark.site
def test_synthetic_site_builds(tmp_path) -> None:
    """The pages of a synthetic framework (its PDFs are rendered by the quick bench, rubric 4
    of tests/test_bench.py: here they would double the time of the test)."""
    framework = tmp_path / "cadre"
    assert _run("synth", "--competences", "12", "--out", str(framework)).returncode == 0
    proc, project = build_project(tmp_path, framework, extra_args=["--skip-pdf"])
    assert proc.returncode == 0, proc.stderr
    page = (project / "site" / "referentiel" / "competences" / "cp12.html").read_text("utf-8")
    assert "cp12-c1" in page or "12." in page
    assert (project / "site" / "referentiel" / "outils" / "outil-07.html").is_file()


def _sections(items, depth=0):
    """(size, depth) of every section of a MkDocs nav."""
    yield len(items), depth
    for item in items:
        if isinstance(item, dict):
            for value in item.values():
                if isinstance(value, list):
                    yield from _sections(value, depth + 1)


def test_navigation_sections_stay_bounded_at_scale(tmp_path) -> None:
    framework = tmp_path / "cadre"
    assert _run("synth", "--competences", "700", "--out", str(framework)).returncode == 0
    validation = validate_framework(framework)
    assert validation.framework is not None
    site = render_site(validation.framework, load_content(ROOT / "content", GENERATED),
                       skip_pdf=True)
    nav = yaml.safe_load(site.support[NAV_FILE])["nav"]
    sizes = list(_sections(nav))
    # 140 CCP and 70 tools: grouped in sub-sections, none longer than the bound.
    assert max(size for size, _ in sizes) <= NAV_SECTION_MAX + 1
    # the section of the title is named after the synthetic title's acronym (« SYN »)
    titre = next(item["Titre SYN"] for item in nav
                 if isinstance(item, dict) and "Titre SYN" in item)
    assert [next(iter(g)) for g in titre[1:3]] == ["CCP 1 à 25", "CCP 26 à 50"]
    # Every page is still in the navigation (the grids' fillable pages stay out of it).
    in_nav = [p for p in site.pages
              if p.parts[1] != "grilles" or p.name == "index.md"]
    links = site.support[NAV_FILE].count(".md")
    assert links == len(in_nav) + len(load_content(ROOT / "content", GENERATED))


def test_one_competence_is_said_in_the_singular(tmp_path) -> None:
    proc = _run("synth", "--competences", "1", "--out", str(tmp_path / "un"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Référentiel synthétique de 1 compétence écrit dans ")
    assert "fichiers mis à jour)." in proc.stdout
    check = _run("validate", "--framework", str(tmp_path / "un"))
    assert check.stdout.startswith("Référentiel valide : 1 CCP, 1 compétence, "), check.stderr
