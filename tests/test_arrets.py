"""Stopping ``build`` (Ctrl+C, SIGTERM, SIGHUP) while the PDFs render or while MkDocs builds:
the PDF workers and MkDocs are ended, the staging folder is removed, the previous site is left
as it was, one French line says so, and the exit code tells which signal (130, 143, 129).
``serve`` on a port already in use says so before building anything."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.cli import main

from .conftest import CASES, ROOT
from .test_serve import _family, _remaining

pytestmark = pytest.mark.site  # builds sites (out of « make check »)

SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]
NAMES = ["SIGINT", "SIGTERM", "SIGHUP"]
CAUSES = {signal.SIGINT: "Ctrl+C", signal.SIGTERM: "signal d'arrêt SIGTERM",
          signal.SIGHUP: "terminal fermé, SIGHUP"}


def _run(project: Path, *options: str) -> subprocess.Popen:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")
    env.pop("REFERENTIEL_PDF_PROCESSUS", None)
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", *options], cwd=project, env=env,
        stdout=(project / "sortie.log").open("w"), stderr=(project / "erreurs.log").open("w"),
        start_new_session=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A project (the base framework) with a site built once, without PDFs."""
    root = tmp_path_factory.mktemp("construit")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "content", root / "content",
                    ignore=shutil.ignore_patterns("referentiel"))
    (root / "generator").symlink_to(ROOT / "generator")
    (root / "site_templates").symlink_to(ROOT / "site_templates")  # the theme's custom_dir
    shutil.copytree(CASES / "base" / "framework", root / "framework")
    proc = _run(root, "--skip-pdf")
    assert proc.wait(timeout=600) == 0, (root / "erreurs.log").read_text()
    return root


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    """A copy of the built project: a previous site, no PDF in the cache."""
    copy = tmp_path / "projet"
    shutil.copytree(built, copy, symlinks=True, ignore=shutil.ignore_patterns("*.log"))
    return copy


def _snapshot(site: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(site)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(site.rglob("*")) if p.is_file()}


def _wait_for(proc: subprocess.Popen, predicate, what: str, timeout: float = 300.0) -> None:
    """Poll until ``predicate()`` (the build still running), never sleeping blindly."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert proc.poll() is None, f"la construction s'est terminée avant {what}"
        assert time.monotonic() < deadline, f"délai dépassé en attendant {what}"
        time.sleep(0.05)


def _stop_and_check(project: Path, proc: subprocess.Popen, sig: int, before: dict) -> None:
    family, _ = _family(proc.pid)
    assert len(family) >= 2  # MkDocs (and the PDF workers) are running
    if sig == signal.SIGINT:
        os.killpg(proc.pid, sig)  # Ctrl+C: the terminal signals the whole foreground group
    else:
        os.kill(proc.pid, sig)  # kill, a service manager: the build process alone
    assert proc.wait(timeout=120) == 128 + sig
    errors = (project / "erreurs.log").read_text(encoding="utf-8")
    assert "Traceback" not in errors
    assert errors.splitlines()[-1] == (
        f"Construction arrêtée ({CAUSES[sig]}) : le site précédent est conservé.")
    assert not (project / ".site.construction").exists()
    assert _snapshot(project / "site") == before
    deadline = time.monotonic() + 30  # the fork server notices its parent is gone
    while _remaining(family - {proc.pid}, set()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _remaining(family - {proc.pid}, set()) == []


@pytest.mark.parametrize("sig", SIGNALS, ids=NAMES)
def test_arret_pendant_les_pdf(project: Path, sig: int) -> None:
    before = _snapshot(project / "site")
    proc = _run(project)
    cache = project / ".cache" / "grilles" / "cip"  # the base framework: id « cip »
    _wait_for(proc, lambda: cache.is_dir() and any(cache.glob("*.sha256")),
              "la première grille PDF")
    _stop_and_check(project, proc, sig, before)
    rendered = len(list(cache.glob("*.sha256")))
    assert 0 < rendered < 20  # stopped in the middle of the PDFs (23 sheets)


@pytest.mark.parametrize("sig", SIGNALS, ids=NAMES)
def test_arret_pendant_mkdocs(project: Path, sig: int) -> None:
    before = _snapshot(project / "site")
    proc = _run(project, "--skip-pdf")
    out = project / "sortie.log"
    _wait_for(proc, lambda: "Pages générées" in out.read_text(encoding="utf-8")
              and (project / ".site.construction").is_dir(), "le début de MkDocs")
    _stop_and_check(project, proc, sig, before)
    assert "Site construit" not in out.read_text(encoding="utf-8")


def test_serve_sur_un_port_occupe_le_dit_avant_de_construire(tmp_path: Path, monkeypatch,
                                                              capsys) -> None:
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "content").mkdir()
    shutil.copytree(CASES / "base" / "framework", tmp_path / "framework")
    monkeypatch.chdir(tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = main(["serve", "--dev-addr", f"127.0.0.1:{port}"])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err == (
        f"python -m generator serve : erreur : le port {port} de 127.0.0.1 est déjà utilisé "
        "(un autre « serve » ou un autre serveur tourne) : arrêtez-le, ou choisissez un autre "
        f"port avec --dev-addr 127.0.0.1:{port + 1}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "framework", "mkdocs.yml"]
    assert list((tmp_path / "content").iterdir()) == []


@pytest.mark.parametrize("address, message", [
    ("8000", "adresse « 8000 » invalide : IP:PORT attendu, par exemple 127.0.0.1:8000"),
    ("127.0.0.1:huit", "adresse « 127.0.0.1:huit » invalide : IP:PORT attendu, par exemple "
                       "127.0.0.1:8000"),
    ("127.0.0.1:70000", "port 70000 invalide : entre 1 et 65535"),
    ("192.0.2.7:8000", "l'adresse 192.0.2.7 n'est pas celle de cette machine : essayez "
                       "127.0.0.1"),
])
def test_serve_refuse_une_adresse_impossible(address: str, message: str, tmp_path: Path,
                                             monkeypatch, capsys) -> None:
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(CASES / "base" / "framework", tmp_path / "framework")
    monkeypatch.chdir(tmp_path)
    assert main(["serve", "--dev-addr", address]) == 2
    assert capsys.readouterr().err == f"python -m generator serve : erreur : {message}\n"
    assert not (tmp_path / "content").exists()
