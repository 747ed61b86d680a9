"""8. Durée des tests : « make check » (la boucle d'édition : ruff puis les tests sans site) et
« make test » (toute la suite, répartie sur les cœurs, les mêmes commandes que le Makefile),
avec les dix tests les plus lents."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from ..contexte import Contexte
from ..mesure import measure
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
    if not ctx.quick:
        full = measure(_pytest(["-n", "auto", "--dist", "worksteal"]), ROOT, ctx.env)
        rows.append(["make test (toute la suite, -n auto)", s(full.wall), s(full.cpu),
                     _passed(full.stdout), "≤ 5 min", verdict(full.wall <= 300)])
        slowest = SLOW.findall(full.stdout)
    rows += [[f"lent : {name} ({phase})", f"{float(sec):.1f} s", "", "", "", ""]
             for sec, phase, name in slowest[:10]]
    ctx.report.add("8. Durée des tests", ["passage", "durée", "temps CPU", "tests réussis",
                                          "objectif", "atteint"], rows,
                   [f"{os.cpu_count()} cœurs ; un passage chacun ; les dix tests les plus lents "
                    "du dernier passage (--durations=10 de pytest ; « setup » = construction "
                    "d'un site de test, faite une fois par passage et partagée)"
                    + (f" ; --rapide : seulement {', '.join(QUICK_FILES)}." if ctx.quick
                       else ".")])


def _passed(stdout: str) -> str:
    match = SUMMARY.search(stdout)
    return match.group(1) if match else "?"
