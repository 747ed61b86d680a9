"""4. Grilles PDF : construction à froid, puis à chaud après modification d'une compétence ;
à 300 compétences, à froid ; mémoire de tout l'arbre de processus.

Objectifs (ticket 24), mesurés dans une même exécution : froid avec PDF ≤ 2,5 × froid
--skip-pdf ; chaud après une compétence modifiée ≤ 1,2 × un « mkdocs build » nu des mêmes
pages (rubrique 2) ; à 300 compétences, froid avec PDF ≤ 8 × --skip-pdf ; mémoire de pointe
de l'arbre de processus ≤ 302 Mio (celle d'avant, site réel)."""

from __future__ import annotations

import re
import shutil
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

from ..contexte import Contexte
from ..mesure import MEMORY_NOTE, Run, loads, measure, memory_text, tree_cpu
from ..projet import REAL_FRAMEWORK, copy_framework, make_project
from ..rapport import Report, s, verdict

NUMERO = 4
BESOINS = (2,)  # the bare mkdocs build of the real site
MEMOIRE_MAX_KB = 302 * 1024  # the tree's peak before the sheets were laid out once (ticket 24)
RATIO_GRAND_MAX = 8.0
PDF_LINE = re.compile(r"Grilles PDF : (\d+) produites?, (\d+) reprises? du cache\.")


def _edit_one_competence(framework: Path) -> str:
    """Append « (modifié) » to the first criterion's label of the first compétence."""
    target = sorted((framework / "competences").glob("*.yml"))[0]
    lines = target.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("criteres:"))
    i = next(i for i in range(start, len(lines)) if re.match(r"^\s*(- )?libelle: ", lines[i]))
    if lines[i].rstrip().endswith((">-", ">", "|", "|-")):
        i += 1  # block scalar: the text is on the next line
    lines[i] = lines[i].rstrip() + " (modifié)"
    target.write_text("\n".join(lines), encoding="utf-8")
    return target.stem



@dataclass
class PdfRound:
    """One cold --skip-pdf, one cold build with PDFs, then a warm one after an edit."""

    skip: Run
    cold: Run
    warm: Run
    counts: tuple
    edited: str


def pdf_round(work: Path, framework: Path, i: int, env, warm: bool = True) -> PdfRound:
    fw = work / f"cadre-pdf-{i}"
    shutil.rmtree(fw, ignore_errors=True)
    copy_framework(framework, fw)
    cmd = [sys.executable, "-m", "generator", "build", "--framework", str(fw)]
    skip = measure(cmd + ["--skip-pdf"], make_project(work / f"projet-apercu-{i}"), env)
    project = make_project(work / f"projet-pdf-{i}")
    cold = measure(cmd, project, env)
    c = PDF_LINE.search(cold.stdout + cold.stderr)
    if c is None:
        raise RuntimeError("pas de ligne « Grilles PDF : X produites, Y reprises du cache. »")
    if not warm:
        return PdfRound(skip, cold, cold, (c.groups(), ("?", "?")), "")
    edited = _edit_one_competence(fw)
    hot = measure(cmd, project, env)
    w = PDF_LINE.search(hot.stdout + hot.stderr)
    return PdfRound(skip, cold, hot, (c.groups(), w.groups() if w else ("?", "?")), edited)


def bench_pdf(report: Report, work: Path, framework: Path, label: str, env, reps: int,
              bare: float, scale: tuple[int, Path] | None) -> None:
    """``scale``: a larger framework built once cold, in a section of its own."""
    title = f"4. Grilles PDF : froid, chaud, mémoire ({label})"
    try:
        rounds = [pdf_round(work, framework, i, env) for i in range(reps)]
    except RuntimeError as exc:
        report.add(title, ["mesure", "valeur"], [["build (avec PDF)", "échec"]],
                   [f"Non mesurable : {str(exc)[:400]}"])
        return
    med = {k: statistics.median(getattr(r, k).wall for r in rounds)
           for k in ("skip", "cold", "warm")}
    cpu = {k: statistics.median(tree_cpu(getattr(r, k)) for r in rounds)
           for k in ("skip", "cold", "warm")}
    last = rounds[-1]
    (c_made, c_cached), (w_made, w_cached) = last.counts
    cold_ratio, warm_ratio = med["cold"] / med["skip"], med["warm"] / bare
    peak = max(rounds, key=lambda r: r.cold.tree.get("tree_peak_kb", 0)).cold
    report.add(title, ["mesure", "médiane", "temps CPU (arbre)", "objectif", "atteint"], [
        ["build --skip-pdf à froid", s(med["skip"]), s(cpu["skip"]), "", ""],
        ["build à froid (toutes les grilles)", s(med["cold"]), s(cpu["cold"]), "", ""],
        ["froid avec PDF / froid --skip-pdf", f"{cold_ratio:.2f}×",
         f"{cpu['cold'] / cpu['skip']:.2f}×", "≤ 2,5×", verdict(cold_ratio <= 2.5)],
        [f"build à chaud après modification de « {last.edited} »", s(med["warm"]),
         s(cpu["warm"]), f"≤ 0,6 × froid = {s(0.6 * med['cold'])}",
         verdict(med["warm"] <= 0.6 * med["cold"])],
        ["chaud / mkdocs build nu (site réel)", f"{warm_ratio:.2f}×", "", "≤ 1,2×",
         verdict(warm_ratio <= 1.2)],
        ["grilles à froid : produites / du cache", f"{c_made} / {c_cached}", "", "", ""],
        ["grilles à chaud : produites / du cache", f"{w_made} / {w_cached}", "",
         "seules celles qui contiennent la compétence", ""],
        ["mémoire de pointe du build à froid (tous processus)", memory_text(peak), "",
         "≤ 302 Mio", verdict(peak.tree.get("tree_peak_kb", 0) <= MEMOIRE_MAX_KB)],
    ], [f"Médiane de {reps} série(s) --skip-pdf à froid / froid avec PDF / chaud, chacune "
        "dans des projets neufs. Comptes lus sur la ligne « Grilles PDF : … » du générateur. "
        "Charge moyenne (1 min) pendant ces mesures : "
        f"{loads([r.cold for r in rounds] + [r.warm for r in rounds])}. Sur 2 cœurs "
        "partagés, une charge au-delà de 2 gonfle les temps écoulés ; le temps CPU de l'arbre "
        "de processus (générateur, MkDocs, processus de rendu) y est moins sensible.",
        MEMORY_NOTE])
    if scale:
        bench_pdf_scale(report, work, scale, env, reps)



def bench_pdf_scale(report: Report, work: Path, scale: tuple[int, Path], env, i: int) -> None:
    size = scale[0]
    title = f"4. Grilles PDF à {size} compétences : froid"
    try:
        big = pdf_round(work, scale[1], i, env, warm=False)
    except RuntimeError as exc:
        report.add(title, ["mesure", "valeur"], [["build (avec PDF)", "échec"]],
                   [f"Non mesurable : {str(exc)[:400]}"])
        return
    ratio = big.cold.wall / big.skip.wall
    report.add(title, ["mesure", "temps écoulé", "temps CPU (arbre)", "objectif", "atteint"], [
        ["build --skip-pdf à froid", s(big.skip.wall), s(tree_cpu(big.skip)), "", ""],
        [f"build à froid avec PDF ({big.counts[0][0]} grilles)", s(big.cold.wall),
         s(tree_cpu(big.cold)), "", ""],
        ["froid avec PDF / --skip-pdf", f"{ratio:.2f}×",
         f"{tree_cpu(big.cold) / tree_cpu(big.skip):.2f}×", f"≤ {RATIO_GRAND_MAX:g}×",
         verdict(ratio <= RATIO_GRAND_MAX)],
        ["mémoire de pointe (tous processus)", memory_text(big.cold), "", "", ""],
    ], [f"Une série ; charge moyenne (1 min) pendant la mesure : {loads([big.skip, big.cold])}."
        " Sur 2 cœurs partagés, une charge au-delà de 2 gonfle les temps écoulés.",
        MEMORY_NOTE])


def mesurer(ctx: Contexte) -> None:
    """The real site (a 2-compétence synthetic one with --rapide), then, in full runs, the
    smallest synthetic size built once cold."""
    work, env = ctx.work, ctx.env
    if ctx.quick:
        pdf_fw, label = ctx.minuscule, "synthétique de 2 compétences"
        scale = None
    else:
        pdf_fw, label, scale = REAL_FRAMEWORK, "site réel", ctx.synthetiques[0]
    bench_pdf(ctx.report, work, pdf_fw, label, env, ctx.reps, ctx.mkdocs_nu, scale)
