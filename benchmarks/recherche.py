"""Rubrique « Recherche » du banc : taille de l'index de recherche et premier résultat dans
Chromium sur un téléphone (390 × 844), site ouvert depuis le disque (file://).

Seul : ``python benchmarks/recherche.py --competences 3000`` (référentiel synthétique construit
sans PDF) ou ``--site DIR`` (un site déjà construit). Appelé aussi par benchmarks/run.py.

Mesures, dans la page, avec performance.now() :
- préparation : du premier appui sur la loupe au moteur prêt (index chargé puis construit) ;
- premier résultat : de la requête posée dans le champ aux résultats affichés (recherche, rendu
  et une image du navigateur), pour chaque requête du tableau.
Objectifs (ticket 25) : index ≤ 5 Mo à 3 000 compétences, premier résultat ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INDEX = Path("search") / "cip-recherche-index.js"
CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
GOAL_BYTES = 5_000_000
GOAL_MS = 100.0
# Fautes de frappe, plusieurs mots, sigles, rôles, mots courants : les requêtes des tests.
QUERIES = ["acompagnement", "jour ferie", "tuteur", "ecf", "pmsmp", "pass iae", "positionement",
           "levee des freins", "evaluation", "des"]

READY_JS = """async () => {
  const t0 = performance.now();
  document.querySelector('label.md-header__button[for=__search]').click();
  await CIP.recherche.charger();
  await new Promise(r => requestAnimationFrame(() => setTimeout(r)));
  return performance.now() - t0;
}"""
QUERY_JS = """async q => {
  const box = document.querySelector('.md-search__input');
  const t0 = performance.now();
  box.value = q;
  box.dispatchEvent(new Event('input'));
  await new Promise(r => requestAnimationFrame(() => setTimeout(r)));
  return [performance.now() - t0,
          document.querySelectorAll('.md-search-result__item').length,
          document.querySelector('.md-search-result__meta').textContent.trim()];
}"""


def index_size(site: Path) -> tuple[int, int]:
    """Bytes of the index script, and gzipped (what a server would send)."""
    data = (site / INDEX).read_bytes()
    return len(data), len(gzip.compress(data, 6))


def browser_times(site: Path, queries: list[str], rounds: int = 3) -> dict:
    """Préparation (ms, médiane sur ``rounds`` ouvertures) et premier résultat par requête."""
    from playwright.sync_api import sync_playwright

    ready: list[float] = []
    per_query: dict[str, list[float]] = {q: [] for q in queries}
    found: dict[str, str] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for _ in range(rounds):
            context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                          locale="fr-FR")
            page = context.new_page()
            page.goto((site / "index.html").as_uri())
            ready.append(page.evaluate(READY_JS))
            for query in queries:
                ms, _count, meta = page.evaluate(QUERY_JS, query)
                per_query[query].append(ms)
                found[query] = meta
            context.close()
        browser.close()
    return {"ready": statistics.median(ready),
            "queries": {q: statistics.median(v) for q, v in per_query.items()},
            "found": found}


def rows(site: Path, n: int | str, rounds: int = 3) -> tuple[list[list[str]], list[str]]:
    """The rubric's table (mesure, valeur, objectif, rapport) and its notes."""
    size, zipped = index_size(site)
    times = browser_times(site, QUERIES, rounds)
    slowest = max(times["queries"].items(), key=lambda kv: kv[1])
    median = statistics.median(times["queries"].values())
    table = [
        [f"index de recherche à {n} compétences ({INDEX.as_posix()})", f"{size / 1e6:.2f} Mo",
         "≤ 5 Mo", f"{size / GOAL_BYTES:.2f}×"],
        ["même index compressé (gzip, servi en ligne)", f"{zipped / 1e6:.2f} Mo", "", ""],
        ["préparation : loupe touchée → moteur prêt (médiane)", f"{times['ready']:.0f} ms", "",
         ""],
        [f"premier résultat, médiane de {len(QUERIES)} requêtes", f"{median:.1f} ms", "≤ 100 ms",
         f"{median / GOAL_MS:.2f}×"],
        [f"premier résultat, la plus lente (« {slowest[0]} »)", f"{slowest[1]:.1f} ms",
         "≤ 100 ms", f"{slowest[1] / GOAL_MS:.2f}×"],
    ]
    opened = f"{rounds} ouverture{'s' if rounds > 1 else ''}"
    notes = [f"Chromium {PHONE['width']} × {PHONE['height']} (téléphone), file://, {opened} ; "
             "premier résultat = recherche + rendu + une image.",
             "Requêtes : " + " ; ".join(f"« {q} » → {times['found'][q].rstrip('.')}"
                                        for q in QUERIES) + "."]
    return table, notes


def _build(n: int, work: Path) -> Path:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true",
               PYTHONPATH=str(ROOT))
    framework = work / "referentiel"
    subprocess.run([sys.executable, "-m", "generator", "synth", "--competences", str(n),
                    "--out", str(framework)], cwd=ROOT, env=env, check=True, capture_output=True)
    project = work / "projet"
    project.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "content", project / "content",
                    ignore=shutil.ignore_patterns("referentiel"))
    (project / "generator").symlink_to(ROOT / "generator", target_is_directory=True)
    # mkdocs.yml's theme.custom_dir (site_templates/theme) is read from beside it.
    (project / "site_templates").symlink_to(ROOT / "site_templates", target_is_directory=True)
    subprocess.run([sys.executable, "-m", "generator", "build", "--framework", str(framework),
                    "--skip-pdf"], cwd=project, env=env, check=True, capture_output=True)
    return project / "site"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/recherche.py",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--site", help="site déjà construit")
    parser.add_argument("--competences", type=int, default=3000,
                        help="taille du référentiel synthétique (défaut 3000)")
    parser.add_argument("--ouvertures", type=int, default=3, help="ouvertures de la page")
    args = parser.parse_args(argv)
    load = " / ".join(f"{v:.2f}" for v in os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="banc-recherche-") as tmp:
        site = Path(args.site) if args.site else _build(args.competences, Path(tmp))
        label = "N" if args.site else str(args.competences)
        table, notes = rows(site, label, args.ouvertures)
    print("## Recherche\n\n| mesure | valeur | objectif | rapport |\n|---|---|---|---|")
    print("\n".join(f"| {' | '.join(row)} |" for row in table))
    print("\n" + "\n".join(f"- {note}" for note in notes))
    print(f"- Charge moyenne au départ (1 / 5 / 15 min) : {load} ; à la fin : "
          + " / ".join(f"{v:.2f}" for v in os.getloadavg()) + ".")
    return 0


if __name__ == "__main__":
    sys.exit(main())
