"""7. Aperçu (``make serve``) : délai entre l'enregistrement d'un fichier et la page servie qui
montre la modification, pour une compétence, un gabarit et une page écrite à la main."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from ..contexte import Contexte
from ..projet import REAL_FRAMEWORK, ROOT, copy_framework, make_project
from ..rapport import s, verdict

NUMERO = 7
BESOINS: tuple[int, ...] = ()
GOAL = 3.0  # seconds, median of the saves
PAGE = "referentiel/competences/{id}.html"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait(predicate, timeout: float) -> float:
    """Seconds until ``predicate()`` is true (polled every 50 ms); raises past ``timeout``."""
    start = time.perf_counter()
    while not predicate():
        if time.perf_counter() - start > timeout:
            raise RuntimeError(f"délai de {timeout:.0f} s dépassé")
        time.sleep(0.05)
    return time.perf_counter() - start


def _project(work: Path, framework: Path) -> Path:
    """A project with its own copies of generator/ and site_templates/: a template is edited
    there, never in the repository."""
    project = make_project(work / "projet-apercu")
    (project / "generator").unlink()
    shutil.copytree(ROOT / "generator", project / "generator",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (project / "site_templates").unlink(missing_ok=True)  # make_project's link
    shutil.copytree(ROOT / "site_templates", project / "site_templates")
    copy_framework(framework, project / "framework")
    return project


class _Edits:
    """Five saves of one file, each with a new marker; the page must show the last one."""

    def __init__(self, path: Path, anchor: str) -> None:
        self.path, self.anchor = path, anchor
        self.original = path.read_text(encoding="utf-8")
        if anchor not in self.original:
            raise RuntimeError(f"« {anchor} » absent de {path.name}")

    def save(self, marker: str) -> None:
        self.path.write_text(self.original.replace(self.anchor, f"{self.anchor} {marker}", 1),
                             encoding="utf-8")

    def restore(self) -> None:
        self.path.write_text(self.original, encoding="utf-8")


def _series(edits: _Edits, url: str, label: str, saves: int, settle) -> list[float]:
    times = []
    for i in range(saves):
        marker = f"Banc{label}{i}"
        settle()
        edits.save(marker)
        times.append(_wait(lambda m=marker: m in _get(url), 120))
    edits.restore()
    return times


def _critere_line(competence: Path) -> str:
    """The first criterion's label line (or its first text line if a block scalar)."""
    lines = competence.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("criteres:"))
    i = next(i for i in range(start, len(lines)) if "libelle:" in lines[i])
    if lines[i].rstrip().endswith((">-", ">", "|", "|-")):
        i += 1
    return lines[i].rstrip()


def _cases(project: Path) -> list[tuple[str, _Edits, str]]:
    competence = sorted((project / "framework" / "competences").glob("*.yml"))[0]
    page = PAGE.format(id=competence.stem)
    return [
        ("compétence (libellé d'un critère)", _Edits(competence, _critere_line(competence)),
         page),
        ("gabarit (competence.md.j2)",
         _Edits(project / "site_templates" / "competence.md.j2", "## De quoi s'agit-il ?"),
         page),
        ("page écrite à la main (content/index.md)",
         _Edits(project / "content" / "index.md", "explique comment modifier le référentiel"),
         "index.html"),
    ]


def mesurer(ctx: Contexte) -> None:
    saves = 2 if ctx.quick else 5
    if ctx.quick:  # the first serve renders every PDF: a small framework
        framework = ctx.minuscule
        label = "synthétique de 2 compétences"
    else:
        framework, label = REAL_FRAMEWORK, "site réel"
    project = _project(ctx.work, framework)
    port = _free_port()
    log = (project / "serve.log").open("w+")
    env = dict(ctx.env, PYTHONPATH=str(project), PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--dev-addr",
                             f"127.0.0.1:{port}"], cwd=project, env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    rows = []

    def settle() -> None:  # the previous save's background PDFs are done: a save at rest
        def rest() -> bool:
            text = _tail(log)
            return text.rfind("Grilles PDF à jour") > text.rfind("à refaire en arrière-plan")
        _wait(rest, 300)
        time.sleep(0.2 if ctx.quick else 1.0)  # --rapide checks that it runs, not the delays

    try:
        def served() -> bool:  # a server that stopped is told at once, with its last lines
            if proc.poll() is not None:
                raise RuntimeError("« generator serve » s'est arrêté : " + _tail(log)[-600:])
            return bool(_get(base + "index.html"))

        start = _wait(served, 900)
        for case, edits, page in _cases(project):
            times = _series(edits, base + page, case[:4], saves, settle)
            med = statistics.median(times)
            rows.append([case, " ; ".join(f"{t:.1f}" for t in times), s(med), "≤ 3 s",
                         verdict(med <= GOAL)])
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
    ctx.report.add("7. Aperçu (make serve) : de l'enregistrement à la page servie",
                   ["fichier enregistré", "délais (s)", "médiane", "objectif", "atteint"], rows,
                   [f"Référentiel {label} servi par « python -m generator serve » (premier "
                    f"service en {start:.0f} s) ; {saves} enregistrements par fichier, chacun "
                    "avec un nouveau texte ; délai mesuré de l'écriture du fichier à la page "
                    "servie qui le contient (interrogée toutes les 50 ms). Chaque "
                    "enregistrement attend que les PDF du précédent soient refaits (en "
                    "arrière-plan). Un titre de compétence change la navigation de toutes les "
                    "pages : MkDocs les reconstruit alors toutes (non mesuré ici)."])


def _tail(log) -> str:
    log.flush()
    return Path(log.name).read_text(encoding="utf-8")[-4000:]
