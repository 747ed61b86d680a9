"""8. Durée des tests : « make check » (la boucle d'édition : ruff puis les tests sans site) et
« make test » (toute la suite, répartie sur les cœurs, les mêmes commandes que le Makefile),
avec les dix tests les plus lents."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from ..contexte import Contexte
from ..mesure import Run, measure
from ..projet import ROOT
from ..rapport import s, verdict

NUMERO = 8
BESOINS: tuple[int, ...] = ()
SLOW = re.compile(r"^(\d+\.\d+)s (call|setup|teardown)\s+(\S+)$", re.M)
SUMMARY = re.compile(r"(\d+) passed")
# --rapide: two small files, to check that the rubric runs
QUICK_FILES = ["tests/test_libelles.py", "tests/test_imports.py"]


def _pytest(args: list[str]) -> list[str]:
    """The Makefile's pytest command (targets « check » and « test »)."""
    return [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--durations=10",
            *args]


def mesurer(ctx: Contexte) -> None:
    files = QUICK_FILES if ctx.quick else []
    env = dict(ctx.env, CIP_SANS_SITE="1")
    ruff = measure([str(Path(sys.executable).with_name("ruff")), "check", "generator", "tests",
                    "benchmarks"], ROOT, env)
    check = measure(_pytest(["-m", "not site", "-n", "auto", "--dist", "worksteal", *files]),
                    ROOT, env)
    total = ruff.wall + check.wall
    rows = [["make check : ruff", s(ruff.wall), s(ruff.cpu), "", "", ""],
            ["make check : pytest -m « not site », -n auto", s(check.wall), s(check.cpu),
             _passed(check.stdout), "", ""],
            ["make check (les deux)", s(total), s(ruff.cpu + check.cpu), "", "≤ 60 s",
             verdict(total <= 60)]]
    slowest = SLOW.findall(check.stdout)
    last, quoi = check, "pytest de « make check »"
    if not ctx.quick:
        full = measure(_pytest(["-n", "auto", "--dist", "worksteal"]), ROOT, ctx.env)
        rows.append(["make test (toute la suite, -n auto)", s(full.wall), s(full.cpu),
                     _passed(full.stdout), "≤ 5 min", verdict(full.wall <= 300)])
        slowest = SLOW.findall(full.stdout)
        last, quoi = full, "« make test »"
    rows += [[f"lent : {name} ({phase})", f"{float(sec):.1f} s", "", "", "", ""]
             for sec, phase, name in slowest[:10]]
    ctx.report.add("8. Durée des tests", ["passage", "durée", "temps CPU", "tests réussis",
                                          "objectif", "atteint"], rows,
                   [f"{os.cpu_count()} cœurs ; un passage chacun ; les dix tests les plus lents "
                    "du dernier passage (--durations=10 de pytest ; « setup » = construction "
                    "d'un site de test, faite une fois par passage et partagée)"
                    + (f" ; --rapide : seulement {', '.join(QUICK_FILES)}." if ctx.quick
                       else ".")])
    _cpu_section(ctx, last, quoi)


def _cpu_section(ctx: Contexte, run: Run, quoi: str) -> None:
    """Where the CPU time of the last run goes, by kind of process, and the shortest the run
    could last on this machine's cores, all busy with it: the floor of its duration."""
    roles = run.tree.get("cpu_by_role", [])
    total = sum(cpu for _, cpu, _ in roles)
    cores = os.cpu_count() or 1
    rows = [[role, s(cpu), f"{100 * cpu / total:.0f} %" if total else "?", str(count)]
            for role, cpu, count in roles if cpu >= 0.05 or not total]
    rows.append(["total", s(total), "100 %", str(sum(count for _, _, count in roles))])
    ctx.report.add(f"8. Durée des tests : où va le temps CPU de {quoi}",
                   ["processus", "temps CPU", "part", "nombre"], rows,
                   ["Temps CPU de tous les processus lancés par la commande (tests, Chromium, "
                    "constructions, rendu des PDF…), relevé dans /proc toutes les 50 ms ; un "
                    "processus de moins de 50 ms n'est pas vu.",
                    f"Plancher : {s(total)} de CPU sur {cores} cœurs, c'est au moins "
                    f"{s(total / cores)} même si tous les cœurs ne font que cela (mesuré : "
                    f"{s(run.wall)}, cœurs occupés à {100 * total / cores / run.wall:.0f} %)."])


def _passed(stdout: str) -> str:
    match = SUMMARY.search(stdout)
    return match.group(1) if match else "?"
