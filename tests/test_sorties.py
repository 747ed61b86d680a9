"""Outputs (issue 16): every output path is checked before anything is written; builds take
turns; a kill or a full disk never leaves a truncated file, a half-written folder or no site.
Each test runs the command line as a user would."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from generator.outputs import SITE_MARKER

from .conftest import ROOT
from .site_helpers import BASE_FRAMEWORK, make_project, tree_hashes

pytestmark = pytest.mark.site  # builds, exports and synth in a throw-away project


def _run(args: list[str], cwd: Path, file_limit: int | None = None,
         stdout=subprocess.PIPE, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """``python -m generator …``; ``file_limit``: no file may grow past it (a full disk)."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails (EFBIG) instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                          stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=timeout,
                          preexec_fn=limit if file_limit is not None else None, check=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project (mkdocs.yml, content/, framework/) as a clone holds it, never built."""
    project = make_project(tmp_path)
    shutil.copytree(BASE_FRAMEWORK, project / "framework")
    (project / "README.md").write_text("Lisez-moi\n", encoding="utf-8")
    (project / ".git").mkdir()
    (project / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    return project


def _sources(project: Path) -> dict[str, str]:
    return {path: digest for path, digest in tree_hashes(project).items()
            if not path.startswith((".cache/", "content/referentiel/", ".generated/"))}


# -- the site folder --------------------------------------------------------------------------

@pytest.mark.parametrize("site_dir, reason", [
    (".", "contiendrait le projet"),
    ("..", "contiendrait le projet"),
    ("framework", "contiendrait le référentiel"),
    ("framework/ccp", "est dans le référentiel"),
    ("content", "contiendrait le contenu"),
    ("content/site", "est dans le contenu"),
    ("README.md", "existe et n'est pas un dossier"),
    ("documents", "n'est pas vide et ne contient pas un site construit par cet outil"),
])
def test_build_never_replaces_what_is_not_a_site(project: Path, site_dir: str,
                                                 reason: str) -> None:
    (project / "documents").mkdir()
    (project / "documents" / "lettre.odt").write_bytes(b"important")
    before = _sources(project)
    proc = _run(["build", "--skip-pdf", "--site-dir", site_dir], project)
    assert proc.returncode == 2, proc.stderr
    assert reason in proc.stderr
    assert proc.stderr.startswith("python -m generator build : erreur : --site-dir")
    assert "Traceback" not in proc.stderr
    assert _sources(project) == before
    assert not (project / "content" / "referentiel").exists()  # nothing was written


def test_the_framework_given_by_path_is_protected_too(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "autre-referentiel"
    shutil.copytree(BASE_FRAMEWORK, other)
    proc = _run(["build", "--skip-pdf", "--framework", str(other), "--site-dir", str(other)],
                project)
    assert proc.returncode == 2
    assert "contiendrait le référentiel" in proc.stderr
    assert (other / "titre.yml").is_file()


def test_a_built_site_is_marked_and_replaced(project: Path) -> None:
    first = _run(["build", "--skip-pdf", "--site-dir", "sortie"], project)
    assert first.returncode == 0, first.stderr
    assert (project / "sortie" / SITE_MARKER).is_file()
    assert (project / "sortie" / "index.html").is_file()
    again = _run(["build", "--skip-pdf", "--site-dir", "sortie"], project)
    assert again.returncode == 0, again.stderr
    assert (project / "sortie" / SITE_MARKER).is_file()
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".sortie")) == []


def test_a_kill_during_the_swap_never_loses_the_previous_site(project: Path) -> None:
    """The state a kill between two renames left: no site/, the old one aside. The next build
    (here a failing one) puts it back instead of deleting it."""
    assert _run(["build", "--skip-pdf"], project).returncode == 0
    site = project / "site"
    before = tree_hashes(site)
    os.replace(site, project / ".site.ancien")
    (project / "framework" / "titre.yml").write_text("id: [\n", encoding="utf-8")
    proc = _run(["build", "--skip-pdf"], project)
    assert proc.returncode == 1
    assert tree_hashes(site) == before
    assert not (project / ".site.ancien").exists()


def test_two_builds_at_once_take_turns(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "autre"
    shutil.copytree(BASE_FRAMEWORK, other)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    procs = [subprocess.Popen([sys.executable, "-m", "generator", "build", "--skip-pdf",
                               "--framework", str(framework)], cwd=project, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for framework in (project / "framework", other)]
    results = [proc.communicate(timeout=900) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], results
    assert (project / "site" / "index.html").is_file()
    assert (project / "site" / SITE_MARKER).is_file()
    assert not [p.name for p in project.iterdir() if "construction" in p.name]


# -- exports and synthetic frameworks ---------------------------------------------------------

def test_export_never_overwrites_the_framework(project: Path) -> None:
    target = project / "framework" / "titre.yml"
    before = target.read_bytes()
    proc = _run(["export", "--format", "json", "--output", "framework/titre.yml"], project)
    assert proc.returncode == 2
    assert "--output framework/titre.yml est dans le dossier du référentiel lu" in proc.stderr
    assert target.read_bytes() == before


def test_export_never_overwrites_the_project_sources(project: Path) -> None:
    schema = ROOT / "generator" / "schemas" / "defs.schema.json"
    before = schema.read_bytes()
    proc = _run(["export", "--format", "moodle", "--output", str(schema)], project)
    assert proc.returncode == 2
    assert "remplacerait un fichier du projet (generator)" in proc.stderr
    assert schema.read_bytes() == before


def test_export_on_a_full_disk_leaves_the_previous_file(project: Path) -> None:
    out = project / "export.json"
    out.write_text("ancien export\n", encoding="utf-8")
    proc = _run(["export", "--format", "json", "--output", "export.json"], project,
                file_limit=4096)
    assert proc.returncode == 2, proc.stderr
    assert "impossible d'écrire export.json" in proc.stderr
    assert "Traceback" not in proc.stderr and "erreur interne" not in proc.stderr
    assert out.read_text(encoding="utf-8") == "ancien export\n"
    assert [p.name for p in project.iterdir() if p.name.endswith(".tmp")] == []


def test_export_to_a_full_standard_output(project: Path) -> None:
    with open("/dev/full", "w") as full:
        proc = _run(["export", "--format", "json"], project, stdout=full)
    assert proc.returncode == 2
    assert "impossible d'écrire sur la sortie standard" in proc.stderr
    assert "Traceback" not in proc.stderr and "erreur interne" not in proc.stderr


@pytest.mark.parametrize("command", [["validate"], ["export", "--format", "json"]])
def test_a_closed_standard_output_is_a_usage_error(project: Path, command: list[str]) -> None:
    proc = _run(command, project, stdout=subprocess.DEVNULL)
    assert proc.returncode == 0  # the reference run
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    closed = subprocess.run(["sh", "-c", f'"$0" -m generator {" ".join(command)} >&-',
                             sys.executable], cwd=project, env=env, capture_output=True,
                            text=True, timeout=120, check=False)
    assert closed.returncode == 2, closed.stderr
    assert "la sortie standard est fermée" in closed.stderr
    assert "erreur interne" not in closed.stderr


def test_synth_on_a_full_disk_leaves_no_half_written_folder(tmp_path: Path) -> None:
    out = tmp_path / "synth"
    proc = _run(["synth", "--competences", "40", "--out", str(out)], tmp_path,
                file_limit=2048)
    assert proc.returncode == 2, proc.stderr
    assert "impossible d'écrire" in proc.stderr
    assert "erreur interne" not in proc.stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == []
    again = _run(["synth", "--competences", "40", "--out", str(out)], tmp_path)
    assert again.returncode == 0, again.stderr


def test_mkdocs_failure_says_its_cause() -> None:
    """MkDocs killed by a full disk printed a traceback and no warning: the message once
    read « MkDocs a échoué (mode strict) : . »."""
    from generator.outputs import failure_reason

    output = ("INFO    -  Building documentation...\nTraceback (most recent call last):\n"
              '  File "mkdocs/commands/build.py", line 310, in build\n'
              "OSError: [Errno 28] No space left on device: '/p/.site.construction/a.html'\n")
    assert failure_reason(output) == ("plus de place sur le disque "
                                       "(/p/.site.construction/a.html)")
    assert failure_reason("Error: bizarre\n\n") == "Error: bizarre"


def test_mkdocs_on_a_full_disk_says_so_and_keeps_no_half_site(project: Path) -> None:
    # room for the generator's files (the site's script: 316 Ko), not for MkDocs' (Material's
    # search language files, its source maps: up to 1 Mo)
    proc = _run(["build", "--skip-pdf"], project, file_limit=450 * 1024)
    assert proc.returncode == 1, proc.stderr
    assert "Construction interrompue : MkDocs a échoué : fichier trop grand pour le disque" \
        in proc.stderr
    assert "Le site précédent est conservé" in proc.stderr
    assert not (project / "site").exists()
    assert not [p.name for p in project.iterdir() if "construction" in p.name]
