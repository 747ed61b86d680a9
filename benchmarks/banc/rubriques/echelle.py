"""3. Passage à l'échelle de ``build --skip-pdf`` de N1 à N2 compétences, mémoire de pointe."""

from __future__ import annotations

import shutil
import sys

from ..contexte import Contexte
from ..mesure import cpu_median, median_run, mib
from ..projet import make_project
from ..rapport import s, verdict

NUMERO = 3
BESOINS: tuple[int, ...] = ()


def mesurer(ctx: Contexte) -> None:
    """Leaves ``ctx.site_grand``: the site built at the largest size."""
    work, env, sizes = ctx.work, ctx.env, ctx.synthetiques
    reps_by_size = [ctx.reps] * (len(sizes) - 1) + [ctx.big_reps]
    rows = []
    medians = []
    last_site = work
    for (n, fw), reps in zip(sizes, reps_by_size, strict=True):
        project = make_project(work / f"projet-{n}")

        def fresh(project=project):
            shutil.rmtree(project / "content" / "referentiel", ignore_errors=True)
            shutil.rmtree(project / ".generated", ignore_errors=True)
            shutil.rmtree(project / "site", ignore_errors=True)

        med, runs = median_run([sys.executable, "-m", "generator", "build", "--skip-pdf",
                                "--framework", str(fw)], project, env, reps, before=fresh)
        peak = max(r.peak_kb for r in runs)
        pages = sum(1 for _ in (project / "site").rglob("*.html"))
        medians.append(med)
        rows.append([str(n), str(pages), str(reps), s(med), s(cpu_median(runs)), mib(peak)])
        last_site = project / "site"
    ratio = medians[-1] / medians[0]
    size_ratio = sizes[-1][0] / sizes[0][0]
    goal = 1.1 * size_ratio
    ctx.report.add(f"3. Passage à l'échelle de build --skip-pdf ({sizes[0][0]} → {sizes[-1][0]} "
               "compétences)",
               ["compétences", "pages HTML", "répétitions", "médiane", "temps CPU (médiane)",
                "mémoire de pointe"], rows,
               [f"Rapport des temps : {ratio:.2f}× pour {size_ratio:.0f}× de compétences "
                f"(objectif ≤ {goal:.0f}×, linéaire) : {verdict(ratio <= goal)}.",
                "Construction complète depuis un dossier vide (pages générées et site supprimés "
                "avant chaque exécution) ; mémoire de pointe = processus le plus gourmand "
                "(générateur ou MkDocs), getrusage des enfants."])
    ctx.site_grand = last_site
