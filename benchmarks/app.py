"""Mesure de l'application hors ligne (rubrique 10 du banc, ``make bench``) : octets
téléchargés par le service worker à la première installation (pages, ressources, index de
recherche ; PDF exclus : gardés à la première ouverture) et à la mise à jour après la
modification d'une compétence.

Le site réel est construit (sans PDF : ils ne sont pas dans la liste gardée d'avance) avec
une adresse publique, servi sous /referentiel/ par un serveur de fichiers local qui compte les
octets envoyés (tests/static_host.py, en-têtes de cache d'un hébergeur courant), et visité une
fois dans Chromium (/usr/bin/chromium) jusqu'à ce que le service worker contrôle la page.
Puis la compétence est modifiée, le site reconstruit, et la page revisitée jusqu'à ce que la
nouvelle version soit prête (bandeau « Recharger »).

    python benchmarks/app.py [--rapide] [--sortie FICHIER]

--rapide : le référentiel de base des tests (quelques pages) au lieu du référentiel réel.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from banc.projet import copy_framework, make_project  # noqa: E402 - benchmarks/ is on the path now

from tests.static_host import StaticHost  # noqa: E402 - the project root is on the path now

TITLE = "10. Application hors ligne : octets de l'installation et d'une mise à jour"
CHROMIUM = "/usr/bin/chromium"
BASE_URL = "https://ecole.example/referentiel/"


def build(project: Path, framework: Path) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--framework",
                           str(framework), "--skip-pdf", "--base-url", BASE_URL], cwd=project,
                          env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"construction impossible :\n{proc.stdout}{proc.stderr}")
    return time.perf_counter() - start


def lists(site: Path) -> dict:
    text = (site / "sw.js").read_text(encoding="utf-8")
    return json.loads(re.search(r"self\.CIP_BUILD = (.*);\n", text).group(1))["files"]


def edit_one_competence(framework: Path) -> str:
    """One more sentence in the first compétence's description (its page, its grids, the
    pages that cite it and the search index change)."""
    target = sorted((framework / "competences").glob("*.yml"))[0]
    text = target.read_text(encoding="utf-8")
    text = re.sub(r"(\n  texte: >-?\n(?:    .*\n)+|\n  texte: .*\n)",
                  lambda m: m.group(1).rstrip("\n") + " Phrase ajoutée pour la mesure.\n",
                  text, count=1)
    target.write_text(text, encoding="utf-8")
    return target.stem


def visit(host: StaticHost, page) -> int:
    """Bytes the host sent while the home page is opened and the worker installs."""
    before = host.bytes_sent()
    page.goto(host.url + "index.html")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=300_000)
    page.wait_for_timeout(500)
    return host.bytes_sent() - before


def update(host: StaticHost, page) -> int:
    before = host.bytes_sent()
    page.goto(host.url + "index.html")
    page.locator(".cip-app-bandeau").wait_for(timeout=300_000)
    return host.bytes_sent() - before


def measure(work: Path, framework: Path) -> dict:
    from playwright.sync_api import sync_playwright

    project = make_project(work / "projet")
    edited = work / "framework"
    copy_framework(framework, edited)
    first_build = build(project, edited)
    site = project / "site"
    first = lists(site)
    with StaticHost(site) as host, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        installed = visit(host, page)
        name = edit_one_competence(edited)
        rebuild = build(project, edited)
        updated = update(host, page)
        browser.close()
    second = lists(site)["precache"]
    changed = {rel for rel in second if first["precache"].get(rel) != second[rel]}
    return {
        "pages": sum(1 for rel in first["precache"] if rel.endswith(".html")),
        "files": len(first["precache"]),
        "precache": sum(size for _hash, size in first["precache"].values()),
        "later": sum(size for _hash, size in first["later"].values()),
        "installed": installed, "updated": updated, "competence": name,
        "changed": len(changed), "changed_bytes": sum(second[rel][1] for rel in changed),
        "sw": (site / "sw.js").stat().st_size, "build": first_build, "rebuild": rebuild,
    }


def ko(n: int) -> str:
    return f"{n / 1024:,.0f} ko".replace(",", "\u202f")


def table(m: dict) -> tuple[list[str], list[list[str]], list[str]]:
    """The rubric's header, rows and notes (``Report.add``)."""
    ok_install = m["installed"] <= 1.2 * m["precache"]
    ok_update = m["updated"] <= m["changed_bytes"] + m["sw"] + 64 * 1024
    rows = [
        ["première visite + installation", ko(m["installed"]),
         f"liste gardée : {ko(m['precache'])}", "ok" if ok_install else "**trop**"],
        [f"mise à jour après modification de {m['competence']}", ko(m["updated"]),
         f"{m['changed']} fichiers changés : {ko(m['changed_bytes'])} + sw.js {ko(m['sw'])}",
         "ok" if ok_update else "**trop**"],
    ]
    notes = [
        f"Site : {m['pages']} pages, {m['files']} fichiers gardés d'avance "
        f"({ko(m['precache'])}) ; PDF et fichiers d'export gardés à la première ouverture : "
        f"{ko(m['later'])}. Constructions : {m['build']:.1f} s puis {m['rebuild']:.1f} s "
        "(sans PDF).",
        "Objectifs : l'installation ne télécharge que la liste gardée (la page visitée et ses "
        "ressources, déjà dans le cache HTTP, sont revalidées) ; la mise à jour ne télécharge "
        "que les fichiers dont l'empreinte a changé, et sw.js.",
    ]
    return ["mesure", "octets envoyés par l'hébergeur", "référence", "verdict"], rows, notes


def section(m: dict) -> list[str]:
    header, rows, notes = table(m)
    lines = [f"## {TITLE}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines + [""] + [f"- {note}" for note in notes] + [""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/app.py", description=__doc__.split("\n")[0])
    parser.add_argument("--rapide", action="store_true", help="référentiel de base des tests")
    parser.add_argument("--sortie", help="fichier Markdown où ajouter la rubrique")
    args = parser.parse_args(argv)
    framework = ROOT / ("tests/cases/base/framework" if args.rapide else "framework")
    with tempfile.TemporaryDirectory(prefix="banc-app-") as work:
        lines = section(measure(Path(work), framework))
    text = "\n".join(lines)
    print(text)
    if args.sortie:
        with open(args.sortie, "a", encoding="utf-8") as out:
            out.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
