"""Where the commands may write, checked before anything is written.

A built site only ever replaces a missing or empty folder, or a site this tool built (it
holds SITE_MARKER); never the project, its framework, its content or their parents, nor a
file. An export never overwrites the framework it reads nor the project's own files. Builds
of one project take turns (a lock on a file of its cache folder).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
from collections.abc import Iterator
from pathlib import Path

SITE_MARKER = ".site-referentiel-cip"
MARKER_TEXT = ("Site construit par « python -m generator build ». Ce fichier autorise la "
               "construction suivante à remplacer ce dossier.\n")
# The project's own files: the generator's package and everything beside it that is not
# produced by a command.
PACKAGE_ROOT = Path(__file__).resolve().parent.parent
PROJECT_SOURCES = ("generator", "site_templates", "content", "framework", "tests",
                   "benchmarks", ".git", "mkdocs.yml", "pyproject.toml", "Makefile", "README.md")


_IO_REASONS = {
    errno.ENOSPC: "plus de place sur le disque",
    errno.EDQUOT: "quota de disque dépassé",
    errno.EFBIG: "fichier trop grand pour le disque (limite de taille atteinte)",
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.EROFS: "disque en lecture seule",
    errno.EPIPE: "la sortie a été fermée",
    errno.EISDIR: "c'est un dossier",
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.ELOOP: "lien symbolique non suivi (liens en boucle ?)",
}


def io_reason(exc: OSError) -> str:
    """Why a read or a write failed, in French."""
    return _IO_REASONS.get(exc.errno or 0) or exc.strerror or str(exc)


_ERRNO_LINE = re.compile(r"\[Errno (\d+)\] [^:\n]*(?:: '([^'\n]*)')?")


def failure_reason(output: str) -> str:
    """The cause of a failed subprocess, from the last « [Errno n] … » of its output (a
    Python traceback), in French; else its last line."""
    found = list(_ERRNO_LINE.finditer(output))
    if found:
        code, path = int(found[-1].group(1)), found[-1].group(2)
        reason = io_reason(OSError(code, os.strerror(code)))
        return f"{reason} ({path})" if path else reason
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    return lines[-1] if lines else "cause inconnue (aucun message)"


class OutputError(Exception):
    """An output path that must not be written: the reason, in French."""


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def is_built_site(folder: Path) -> bool:
    """A site this tool built: its marker, or (built before the marker existed) the
    layout of one: index.html, referentiel/ and MkDocs' search index."""
    if (folder / SITE_MARKER).is_file():
        return True
    return ((folder / "index.html").is_file() and (folder / "referentiel").is_dir()
            and (folder / "search" / "search_index.json").is_file())


def check_site_dir(site_dir: Path, protected: dict[str, Path],
                   roots: dict[str, Path] | None = None) -> None:
    """Refuse a site folder that would replace anything but a site: ``protected`` names the
    folders (framework, content…) that the site may neither be, nor contain, nor lie inside;
    ``roots`` (the project) those it may lie inside but neither be nor contain."""
    shown = str(site_dir)
    real = _real(site_dir)
    for name, folder in {**(roots or {}), **protected}.items():
        folder = _real(folder)
        if _inside(folder, real):
            raise OutputError(f"--site-dir {shown} contiendrait {name} ({folder}) : la "
                              "construction le remplacerait ; choisissez un autre dossier")
        if name in protected and _inside(real, folder):
            raise OutputError(f"--site-dir {shown} est dans {name} ({folder}) : "
                              "choisissez un dossier à part (par défaut : site)")
    if site_dir.is_symlink() or (real.exists() and not real.is_dir()):
        raise OutputError(f"--site-dir {shown} existe et n'est pas un dossier : il ne sera pas "
                          "remplacé")
    if real.is_dir() and any(real.iterdir()) and not is_built_site(real):
        raise OutputError(f"--site-dir {shown} n'est pas vide et ne contient pas un site construit "
                          "par cet outil : il ne sera pas remplacé ; choisissez un dossier "
                          "absent ou vide")


def check_export_output(output: Path, framework: Path) -> None:
    """Refuse an export file that would overwrite the framework or the project's files."""
    shown = str(output)
    real = _real(output)
    if real.is_dir():
        raise OutputError(f"--output {shown} est un dossier : indiquez un fichier")
    if _inside(real, _real(framework)):
        raise OutputError(f"--output {shown} est dans le dossier du référentiel lu : "
                          "écrivez l'export ailleurs")
    for name in PROJECT_SOURCES:
        if _inside(real, _real(PACKAGE_ROOT / name)):
            raise OutputError(f"--output {shown} remplacerait un fichier du projet ({name}) : "
                              "écrivez l'export ailleurs")


@contextlib.contextmanager
def project_lock(cache_dir: Path, out=None) -> Iterator[None]:
    """One build (or regeneration) of a project at a time: the others wait for their turn."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    with open(cache_dir / "construction.verrou", "a+b") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if out is not None:
                print("Une autre construction de ce projet est en cours : attente de sa fin…",
                      file=out, flush=True)
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
