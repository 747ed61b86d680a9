"""Mesures de performance du générateur (``make bench``, ticket 7).

Une rubrique par module de ``benchmarks/banc/rubriques/`` (liste : ``RUBRIQUES``), chacune
comparée à son objectif :

1. validation contre le plancher (lecture des mêmes YAML par le chargeur C de PyYAML) ;
2. génération complète contre un ``mkdocs build`` nu des mêmes pages (site réel) ;
3. passage à l'échelle de ``build --skip-pdf`` de N1 à N2 compétences, mémoire de pointe ;
4. grilles PDF : construction à froid puis à chaud après modification d'une compétence ;
5. taille de l'index de recherche et page la plus lourde à N2 compétences ;
6. suivi de la promotion : chargement et rendu de 12 stagiaires × 19 grilles × 6 exports datés
   dans Chromium, contre la simple lecture des mêmes fichiers (FileReader) dans la page ;
7. aperçu (``serve``) : de l'enregistrement d'un fichier à la page servie qui le montre ;
8. durée des tests : ``make check`` et ``make test`` ;
9. recherche à N2 compétences dans Chromium ;
10. application hors ligne : octets de l'installation et d'une mise à jour.

Chaque mesure est un processus neuf ; on garde la médiane de plusieurs répétitions. Les
résultats s'affichent et sont écrits dans un fichier Markdown (benchmarks/resultats.md par
défaut ; benchmarks/resultats-rapide.md avec --rapide). Ce ne sont pas des tests.

    python benchmarks/run.py [--rapide] [--repetitions K] [--tailles N1,N2] [--sortie FICHIER]
                             [--rubriques 1,2,…]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from banc.contexte import Contexte  # noqa: E402
from banc.machine import load_text, machine  # noqa: E402
from banc.projet import ROOT  # noqa: E402
from banc.rapport import Report, numero  # noqa: E402
from banc.rubriques import RUBRIQUES, a_mesurer  # noqa: E402


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="benchmarks/run.py", description=__doc__.split("\n")[0])
    parser.add_argument("--rapide", action="store_true",
                        help="petites tailles, une répétition (vérifie que le banc tourne)")
    parser.add_argument("--repetitions", type=int, help="répétitions par mesure (défaut 3)")
    parser.add_argument("--tailles", help="N1,N2 : tailles synthétiques (défaut 300,3000)")
    parser.add_argument("--repetitions-grande-taille", type=int,
                        help="répétitions du build à N2 (défaut : comme --repetitions)")
    parser.add_argument("--sortie", help="fichier Markdown des résultats")
    numbers = ",".join(str(n) for n in sorted(r.NUMERO for r in RUBRIQUES))
    parser.add_argument("--rubriques", default=numbers,
                        help=f"rubriques à mesurer (défaut : toutes, {numbers}) ; celles dont "
                             "elles ont besoin sont mesurées aussi")
    args = parser.parse_args(argv)
    try:
        args.rubriques = a_mesurer({int(n) for n in args.rubriques.split(",") if n.strip()})
    except ValueError as exc:
        parser.error(f"rubrique inconnue : {exc} (connues : {numbers})")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    quick = args.rapide or os.environ.get("BENCH_RAPIDE") == "1"
    reps = args.repetitions or (1 if quick else 3)
    sizes = [int(x) for x in (args.tailles or ("10,30" if quick else "300,3000")).split(",")]
    big_reps = args.repetitions_grande_taille or reps
    out = Path(args.sortie) if args.sortie else ROOT / "benchmarks" / (
        "resultats-rapide.md" if quick else "resultats.md")

    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_MKDOCS_2_WARNING="1",
               DISABLE_MKDOCS_2_WARNING="true")
    started = time.strftime("%Y-%m-%d %H:%M:%S")
    load_before = load_text()
    header = [f"# Mesures de performance ({'rapides' if quick else 'complètes'})", "",
              f"Lancées le {started} ; tailles synthétiques {sizes[0]} et {sizes[-1]} "
              f"compétences ; {reps} répétition(s) par mesure ({big_reps} à {sizes[-1]}).", "",
              "| machine | |", "|---|---|"]
    header += [f"| {k} | {v} |" for k, v in machine().items()]
    header += [f"| charge moyenne au départ (1 / 5 / 15 min) | {load_before} |", ""]
    print("\n".join(header), flush=True)
    report = Report(partial=out.with_name(out.name + ".partiel"))
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="banc-") as tmp:
        work = Path(tmp)
        ctx = Contexte(work=work, env=env, report=report, quick=quick, reps=reps,
                       big_reps=big_reps, tailles=sizes)
        for rubrique in args.rubriques:
            rubrique.mesurer(ctx)
    footer = (f"Durée totale : {time.perf_counter() - t0:.0f} s ; charge moyenne au départ "
              f"{load_before}, à la fin {load_text()} (2 cœurs : une charge proche de 2 ou plus "
              "signifie que d'autres travaux ont faussé les mesures).\n")
    print(footer)
    ordered = sorted(report.sections, key=numero)  # stable: a rubric's sections keep their order
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(header) + "\n" + "\n".join(ordered) + "\n" + footer,
                   encoding="utf-8")
    if report.partial:
        report.partial.unlink(missing_ok=True)
    print(f"Résultats écrits dans {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
