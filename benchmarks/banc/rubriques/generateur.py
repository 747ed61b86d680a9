"""2. Le générateur contre un ``mkdocs build`` nu des mêmes pages (site réel ; avec --rapide,
un référentiel synthétique de 2 compétences : le banc tourne, rien n'est mesuré)."""

from __future__ import annotations

import sys

from ..contexte import Contexte
from ..mesure import cpu_median, measure, median_run
from ..projet import REAL_FRAMEWORK, ROOT, make_project
from ..rapport import s, verdict

NUMERO = 2
BESOINS: tuple[int, ...] = ()


def mesurer(ctx: Contexte) -> None:
    """Leaves ``ctx.mkdocs_nu`` (bare build, seconds) and ``ctx.site_reel`` (the real site)."""
    work, env, reps = ctx.work, ctx.env, ctx.reps
    framework, label = ((ctx.minuscule, "synthétique de 2 compétences") if ctx.quick
                        else (REAL_FRAMEWORK, "site réel"))
    project = make_project(work / "projet-reel")
    build = [sys.executable, "-m", "generator", "build", "--skip-pdf", "--framework",
             str(framework)]
    measure(build, project, env)  # pages written once: later runs measure a steady state
    gen, gen_runs = median_run(build, project, env, reps)
    bare, bare_runs = median_run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d",
                                  str(work / "site-nu")], project, env, reps)
    validate, validate_runs = median_run([sys.executable, "-m", "generator", "validate",
                                          "--framework", str(framework)], ROOT, env, reps)
    overhead = (gen - bare) / bare
    cpu_overhead = (cpu_median(gen_runs) - cpu_median(bare_runs)) / cpu_median(bare_runs)
    ctx.report.add(f"2. Générateur contre un mkdocs build nu ({label})",
               ["mesure", "médiane", "temps CPU (médiane)"],
               [["python -m generator build --skip-pdf", s(gen), s(cpu_median(gen_runs))],
                ["mkdocs build --strict (mêmes pages)", s(bare), s(cpu_median(bare_runs))],
                ["pour mémoire : python -m generator validate seul", s(validate),
                 s(cpu_median(validate_runs))],
                ["surcoût du générateur", f"{overhead * 100:.1f} % (objectif ≤ 10 % : "
                 f"{verdict(overhead <= 0.10)})", f"{cpu_overhead * 100:.1f} %"]],
               [f"Médiane de {reps} exécution(s) ; pages générées déjà à jour (état stable). "
                "MkDocs démarre (imports) pendant la génération : sur 2 cœurs, le temps écoulé "
                "du générateur se recouvre avec celui du moteur ; le temps CPU, lui, "
                "s'additionne."])
    ctx.mkdocs_nu = bare
    ctx.site_reel = project / "site"
