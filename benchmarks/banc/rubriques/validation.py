"""1. Validation contre le plancher : la lecture des mêmes YAML par le chargeur C de PyYAML."""

from __future__ import annotations

import sys

from ..contexte import Contexte
from ..mesure import cpu_median, median_run
from ..projet import REAL_FRAMEWORK, ROOT, count_files
from ..rapport import s, verdict

NUMERO = 1
BESOINS: tuple[int, ...] = ()

FLOOR_SCRIPT = r"""
import os, sys, yaml
for dirpath, dirnames, filenames in os.walk(sys.argv[1]):
    dirnames.sort()
    for name in sorted(filenames):
        if name.endswith(".yml"):
            with open(os.path.join(dirpath, name), "rb") as f:
                yaml.load(f, Loader=yaml.CSafeLoader)
"""



def mesurer(ctx: Contexte) -> None:
    frameworks = [("réel", REAL_FRAMEWORK)] + [(str(n), fw) for n, fw in ctx.synthetiques]
    env, reps = ctx.env, ctx.reps
    rows = []
    largest = frameworks[-1][0]
    for label, fw in frameworks:
        goal = 1.5 if label == largest else 2.0  # the largest size: the C-parse floor dominates
        floor, floor_runs = median_run([sys.executable, "-c", FLOOR_SCRIPT, str(fw)], ROOT, env,
                                       reps)
        valid, valid_runs = median_run([sys.executable, "-m", "generator", "validate",
                                        "--strict", "--framework", str(fw)], ROOT, env, reps)
        ratio = valid / floor
        cpu_ratio = cpu_median(valid_runs) / max(cpu_median(floor_runs), 1e-3)
        rows.append([label, str(count_files(fw)), s(floor), s(valid), f"{ratio:.2f}×",
                     f"{cpu_ratio:.2f}×", f"≤ {goal:g}×".replace(".", ","),
                     verdict(ratio <= goal)])
    ctx.report.add("1. Validation contre le plancher (chargeur C de PyYAML)",
               ["référentiel", "fichiers", "plancher", "validate --strict", "rapport",
                "rapport en temps CPU", "objectif", "atteint"], rows,
               [f"Médiane de {reps} exécution(s), chacune dans un processus neuf (démarrage de "
                "Python compris des deux côtés). Le rapport en temps CPU (utilisateur + système) "
                "est moins sensible à la charge de la machine que le temps écoulé. Objectif "
                "1,5× à la plus grande taille (la lecture YAML y domine), 2× ailleurs (le "
                "démarrage de Python et l'import du générateur y pèsent)."])

