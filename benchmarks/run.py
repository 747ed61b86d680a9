"""Mesures de performance du générateur (``make bench``, ticket 7).

Sept rubriques, chacune comparée à son objectif :

1. validation contre le plancher (lecture des mêmes YAML par le chargeur C de PyYAML) ;
2. génération complète contre un ``mkdocs build`` nu des mêmes pages (site réel) ;
3. passage à l'échelle de ``build --skip-pdf`` de N1 à N2 compétences, mémoire de pointe ;
4. grilles PDF : construction à froid puis à chaud après modification d'une compétence ;
5. taille de l'index de recherche et page la plus lourde à N2 compétences ;
6. suivi de la promotion : chargement et rendu de 12 stagiaires × 19 grilles × 6 exports datés
   dans Chromium, contre la simple lecture des mêmes fichiers (FileReader) dans la page ;
7. recherche à N2 compétences : taille de l'index, premier résultat dans Chromium à 390 px
   (benchmarks/recherche.py).

Chaque mesure est un processus neuf ; on garde la médiane de plusieurs répétitions. Les
résultats s'affichent et sont écrits dans un fichier Markdown (benchmarks/resultats.md par
défaut ; benchmarks/resultats-rapide.md avec --rapide). Ce ne sont pas des tests.

    python benchmarks/run.py [--rapide] [--repetitions K] [--tailles N1,N2] [--sortie FICHIER]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import recherche  # benchmarks/recherche.py, beside this script (rubrique 7)

ROOT = Path(__file__).resolve().parent.parent
REAL_FRAMEWORK = ROOT / "framework"
PDF_LINE = re.compile(r"Grilles PDF : (\d+) produites?, (\d+) reprises? du cache\.")

FLOOR_SCRIPT = r"""
import os, sys, yaml
for dirpath, dirnames, filenames in os.walk(sys.argv[1]):
    dirnames.sort()
    for name in sorted(filenames):
        if name.endswith(".yml"):
            with open(os.path.join(dirpath, name), "rb") as f:
                yaml.load(f, Loader=yaml.CSafeLoader)
"""


# -- running one measured process ------------------------------------------------------------

class TreeMemory:
    """Peak resident memory of a process and all its descendants (MkDocs, the PDF fork server
    and its workers), sampled from /proc every 50 ms: the peak of the sum over the tree, and
    each process's own peak (their sum is an upper bound). RSS counts pages shared between
    processes (the workers share WeasyPrint's code with the fork server) once per process."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.peak_sum = 0
        self.peaks: dict[int, tuple[str, int]] = {}
        self.samples = 0
        self.cpu_ticks: dict[int, int] = {}  # last utime + stime seen, per process
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        ticks: dict[int, int] = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    stat = Path(f"/proc/{entry.name}/stat").read_text()
                except OSError:
                    continue
                fields = stat.rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry.name))
                ticks[int(entry.name)] = int(fields[11]) + int(fields[12])
        tree, todo = [], [self.root]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            self.cpu_ticks[pid] = ticks.get(pid, self.cpu_ticks.get(pid, 0))
            todo += children.get(pid, [])
        return tree

    def _sample(self) -> None:
        total = 0
        for pid in self._tree():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            rss = int(fields.get("VmRSS", "0 kB").split()[0])
            total += rss
            name = fields.get("Name", "?").strip()
            if rss > self.peaks.get(pid, ("", 0))[1]:
                self.peaks[pid] = (name, rss)
        self.peak_sum = max(self.peak_sum, total)
        self.samples += 1

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(0.05)

    def summary(self) -> dict:
        return {"tree_peak_kb": self.peak_sum, "processes": len(self.peaks),
                "sum_of_peaks_kb": sum(rss for _, rss in self.peaks.values()),
                "largest_kb": sorted((rss for _, rss in self.peaks.values()), reverse=True)[:4],
                "cpu": sum(self.cpu_ticks.values()) / os.sysconf("SC_CLK_TCK")}


def _child_main(argv: list[str]) -> int:
    """``run.py --mesure-enfant CWD -- CMD…``: run CMD, print wall time and peak memory."""
    cwd, cmd = argv[0], argv[2:]
    start = time.perf_counter()
    load = os.getloadavg()[0]
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    with TreeMemory(proc.pid) as memory:
        stdout, stderr = proc.communicate()
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # descendants waited for
    print(json.dumps({"rc": proc.returncode, "wall": wall, "peak_kb": usage.ru_maxrss,
                      "cpu": usage.ru_utime + usage.ru_stime, "tree": memory.summary(),
                      "load": [load, os.getloadavg()[0]],
                      "stdout": stdout[-20000:], "stderr": stderr[-20000:]}))
    return 0


@dataclass
class Run:
    wall: float
    cpu: float  # user + system time of the process and its children: less sensitive to load
    peak_kb: int
    stdout: str
    stderr: str
    tree: dict = field(default_factory=dict)  # memory of the whole process tree (TreeMemory)
    load: list[float] = field(default_factory=list)  # 1-min load average before / after


def measure(cmd: list[str], cwd: Path, env: dict[str, str]) -> Run:
    print(f"… {' '.join(Path(c).name if '/' in c else c for c in cmd[1:])} "
          f"(charge {os.getloadavg()[0]:.1f})", file=sys.stderr, flush=True)
    proc = subprocess.run([sys.executable, __file__, "--mesure-enfant", str(cwd), "--", *cmd],
                          cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"mesure impossible : {proc.stderr[-2000:]}")
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    if data["rc"] != 0:
        raise RuntimeError(f"échec de « {' '.join(cmd)} » (code {data['rc']}) :\n"
                           f"{data['stdout'][-3000:]}\n{data['stderr'][-3000:]}")
    return Run(data["wall"], data["cpu"], data["peak_kb"], data["stdout"], data["stderr"],
               data["tree"], data["load"])


def median_run(cmd: list[str], cwd: Path, env: dict[str, str], reps: int,
               before=None) -> tuple[float, list[Run]]:
    runs = []
    for _ in range(reps):
        if before:
            before()
        runs.append(measure(cmd, cwd, env))
    return statistics.median(r.wall for r in runs), runs


# -- machine ---------------------------------------------------------------------------------

def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} Gio"
    except OSError:
        pass
    return {
        "processeur": cpu,
        "cœurs": str(os.cpu_count()),
        "mémoire": memory,
        "système": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "mkdocs": _version("mkdocs"),
        "mkdocs-material": _version("mkdocs-material"),
        "weasyprint": _version("weasyprint"),
        "PyYAML": _version("PyYAML"),
        "fastjsonschema": _version("fastjsonschema"),
        "jsonschema": _version("jsonschema"),
    }


def load_text() -> str:
    return " / ".join(f"{v:.2f}" for v in os.getloadavg())


# -- projects --------------------------------------------------------------------------------

def make_project(directory: Path) -> Path:
    """A project folder like the repository's: mkdocs.yml, content/ (without the generated
    pages) and a link to generator/ (mkdocs.yml's hooks refer to it)."""
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", directory / "mkdocs.yml")
    source = ROOT / "content"
    shutil.copytree(source, directory / "content",
                    ignore=lambda d, names: ["referentiel"] if Path(d) == source else [])
    (directory / "generator").symlink_to(ROOT / "generator", target_is_directory=True)
    return directory


def synth(n: int, out: Path, env: dict[str, str]) -> Path:
    subprocess.run([sys.executable, "-m", "generator", "synth", "--competences", str(n),
                    "--out", str(out)], cwd=ROOT, env=env, check=True, capture_output=True)
    return out


def count_files(framework: Path) -> int:
    return sum(1 for _ in framework.rglob("*.yml"))


# -- report ----------------------------------------------------------------------------------

@dataclass
class Report:
    sections: list[str] = field(default_factory=list)
    partial: Path | None = None  # written after each section (a long run keeps what it measured)

    def add(self, title: str, header: list[str], rows: list[list[str]], notes: list[str]) -> None:
        lines = [f"## {title}", ""]
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "---|" * len(header))
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        lines.append("")
        lines += [f"- {note}" for note in notes]
        text = "\n".join(lines) + "\n"
        self.sections.append(text)
        print(text, flush=True)
        if self.partial:
            self.partial.write_text("\n".join(self.sections), encoding="utf-8")


def s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def verdict(ok: bool) -> str:
    return "oui" if ok else "**non**"


def mib(kb: int) -> str:
    return f"{kb / 1024:.0f} Mio"


# -- the five measures -----------------------------------------------------------------------

def cpu_median(runs: list[Run]) -> float:
    return statistics.median(r.cpu for r in runs)


def bench_validation(report: Report, frameworks: list[tuple[str, Path]], env, reps: int) -> None:
    rows = []
    for label, fw in frameworks:
        floor, floor_runs = median_run([sys.executable, "-c", FLOOR_SCRIPT, str(fw)], ROOT, env,
                                       reps)
        valid, valid_runs = median_run([sys.executable, "-m", "generator", "validate",
                                        "--strict", "--framework", str(fw)], ROOT, env, reps)
        ratio = valid / floor
        cpu_ratio = cpu_median(valid_runs) / max(cpu_median(floor_runs), 1e-3)
        rows.append([label, str(count_files(fw)), s(floor), s(valid), f"{ratio:.2f}×",
                     f"{cpu_ratio:.2f}×", "≤ 2×", verdict(ratio <= 2)])
    report.add("1. Validation contre le plancher (chargeur C de PyYAML)",
               ["référentiel", "fichiers", "plancher", "validate --strict", "rapport",
                "rapport en temps CPU", "objectif", "atteint"], rows,
               [f"Médiane de {reps} exécution(s), chacune dans un processus neuf (démarrage de "
                "Python compris des deux côtés). Le rapport en temps CPU (utilisateur + système) "
                "est moins sensible à la charge de la machine que le temps écoulé."])


def bench_generator(report: Report, work: Path, env, reps: int) -> float:
    project = make_project(work / "projet-reel")
    build = [sys.executable, "-m", "generator", "build", "--skip-pdf", "--framework",
             str(REAL_FRAMEWORK)]
    measure(build, project, env)  # pages written once: later runs measure a steady state
    gen, gen_runs = median_run(build, project, env, reps)
    bare, bare_runs = median_run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d",
                                  str(work / "site-nu")], project, env, reps)
    validate, validate_runs = median_run([sys.executable, "-m", "generator", "validate",
                                          "--framework", str(REAL_FRAMEWORK)], ROOT, env, reps)
    overhead = (gen - bare) / bare
    cpu_overhead = (cpu_median(gen_runs) - cpu_median(bare_runs)) / cpu_median(bare_runs)
    report.add("2. Générateur contre un mkdocs build nu (site réel)",
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
    return bare


def bench_scaling(report: Report, work: Path, sizes: list[tuple[int, Path]], env,
                  reps_by_size: list[int]) -> Path:
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
    report.add(f"3. Passage à l'échelle de build --skip-pdf ({sizes[0][0]} → {sizes[-1][0]} "
               "compétences)",
               ["compétences", "pages HTML", "répétitions", "médiane", "temps CPU (médiane)",
                "mémoire de pointe"], rows,
               [f"Rapport des temps : {ratio:.2f}× pour {size_ratio:.0f}× de compétences "
                f"(objectif ≤ {goal:.0f}×, linéaire) : {verdict(ratio <= goal)}.",
                "Construction complète depuis un dossier vide (pages générées et site supprimés "
                "avant chaque exécution) ; mémoire de pointe = processus le plus gourmand "
                "(générateur ou MkDocs), getrusage des enfants."])
    return last_site


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


def tree_cpu(run: Run) -> float:
    """CPU time of the whole tree: the PDF workers are children of the fork server, which
    getrusage does not always count."""
    return max(run.cpu, run.tree.get("cpu", 0.0))


def memory_text(run: Run) -> str:
    tree = run.tree
    largest = ", ".join(mib(kb) for kb in tree.get("largest_kb", []))
    return (f"{mib(tree.get('tree_peak_kb', 0))} (somme des pointes par processus "
            f"{mib(tree.get('sum_of_peaks_kb', 0))} ; {tree.get('processes', 0)} processus ; "
            f"les plus gros : {largest})")


def loads(runs: list[Run]) -> str:
    values = [x for r in runs for x in r.load]
    return f"{min(values):.1f} à {max(values):.1f}" if values else "?"


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
    shutil.copytree(framework, fw)
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
         "≤ (processus de rendu + 2) × un processus", ""],
    ], [f"Médiane de {reps} série(s) --skip-pdf à froid / froid avec PDF / chaud, chacune "
        "dans des projets neufs. Comptes lus sur la ligne « Grilles PDF : … » du générateur. "
        "Charge moyenne (1 min) pendant ces mesures : "
        f"{loads([r.cold for r in rounds] + [r.warm for r in rounds])}. Sur 2 cœurs "
        "partagés, une charge au-delà de 2 gonfle les temps écoulés ; le temps CPU de l'arbre "
        "de processus (générateur, MkDocs, processus de rendu) y est moins sensible.",
        MEMORY_NOTE])
    if scale:
        bench_pdf_scale(report, work, scale, env, reps)


MEMORY_NOTE = ("Mémoire : somme des mémoires résidentes de tout l'arbre de processus, relevée "
               "dans /proc toutes les 50 ms (pointe de la somme), et somme des pointes de chaque "
               "processus (borne haute) ; les pages partagées (code de WeasyPrint, chargé une "
               "fois par le serveur de processus) comptent pour chaque processus.")


def bench_pdf_scale(report: Report, work: Path, scale: tuple[int, Path], env, i: int) -> None:
    size = scale[0]
    title = f"4. Grilles PDF à {size} compétences : froid"
    try:
        big = pdf_round(work, scale[1], i, env, warm=False)
    except RuntimeError as exc:
        report.add(title, ["mesure", "valeur"], [["build (avec PDF)", "échec"]],
                   [f"Non mesurable : {str(exc)[:400]}"])
        return
    report.add(title, ["mesure", "temps écoulé", "temps CPU (arbre)"], [
        ["build --skip-pdf à froid", s(big.skip.wall), s(tree_cpu(big.skip))],
        [f"build à froid avec PDF ({big.counts[0][0]} grilles)", s(big.cold.wall),
         s(tree_cpu(big.cold))],
        ["froid avec PDF / --skip-pdf", f"{big.cold.wall / big.skip.wall:.2f}×",
         f"{tree_cpu(big.cold) / tree_cpu(big.skip):.2f}×"],
        ["mémoire de pointe (tous processus)", memory_text(big.cold), ""],
    ], [f"Une série ; charge moyenne (1 min) pendant la mesure : {loads([big.cold])}.",
        MEMORY_NOTE])


def bench_site_weight(report: Report, site: Path, n: int) -> None:
    index = site / recherche.INDEX
    pages = sorted(site.rglob("*.html"), key=lambda p: p.stat().st_size, reverse=True)
    total = sum(p.stat().st_size for p in pages)
    rows = [[f"index de recherche ({recherche.INDEX.as_posix()})",
             f"{index.stat().st_size / 1e6:.1f} Mo" if index.is_file() else "absent"]]
    for page in pages[:3]:
        html = page.read_text(encoding="utf-8")
        rows.append([f"page lourde : {page.relative_to(site)}",
                     f"{page.stat().st_size / 1e3:.0f} ko, {html.count('<a ')} liens, "
                     f"{html.count('<tr')} lignes de tableau"])
    rows.append(["pages HTML (nombre, taille totale)", f"{len(pages)}, {total / 1e6:.1f} Mo"])
    report.add(f"5. Poids du site à {n} compétences", ["mesure", "valeur"], rows,
               ["Le navigateur charge l'index de recherche en entier à la première recherche "
                "(rubrique 7)."])


def bench_search(report: Report, site: Path, n: int, rounds: int) -> None:
    rows, notes = recherche.rows(site, n, rounds)
    report.add(f"7. Recherche à {n} compétences", ["mesure", "valeur", "objectif", "rapport"],
               rows, notes + [f"Charge moyenne (1 min) à la fin : {load_text()}."])


# -- 6. suivi de la promotion dans Chromium --------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
SOURCES = ("evaluateur", "tuteur", "auto-evaluation")

# Lecture seule des fichiers, comme la page les lit (FileReader, tous en parallèle) : le plancher.
FLOOR_JS = """async () => {
  const files = Array.from(document.getElementById('banc-fichiers').files);
  const t0 = performance.now();
  await Promise.all(files.map(f => new Promise(resolve => {
    const r = new FileReader(); r.onload = () => resolve(r.result.length); r.readAsText(f, 'utf-8');
  })));
  return performance.now() - t0;
}"""
WARM_JS = """() => CIP.files.readAll(Array.from(document.getElementById('banc-fichiers').files))
  .then(lus => lus.length)"""
# Ce que fait la page quand l'utilisateur choisit les fichiers (CIP.promotionPage.charger, appelé
# par l'évènement « change ») jusqu'au tableau rendu et mis en page ; mêmes objets File.
LOAD_JS = """async () => {
  const files = Array.from(document.getElementById('banc-fichiers').files);
  const t0 = performance.now();
  const res = await CIP.promotionPage.charger(files);
  void document.body.offsetHeight;
  return [performance.now() - t0, res.ajoutes.length,
          document.getElementById('promotion').dataset.durees];
}"""


def _labels(site: Path) -> dict:
    text = (site / "referentiel" / "exports" / "referentiel-cip.js").read_text(encoding="utf-8")
    return json.loads(text[text.index(", {") + 2:text.rindex(");")])


def _grid_keys(labels: dict, count: int) -> list[tuple[str, list[str]]]:
    """``count`` grids of one stagiaire at one date: compétence grids (sources in turn), then CCP
    grids, then other variants; with the ids of their rows."""
    keys = []
    for i, c in enumerate(labels["competences"]):
        keys.append((f"competence-{c['id']}-{SOURCES[i % 3]}", [cr["id"] for cr in c["criteres"]]))
    for ccp in labels["ccps"]:
        keys.append((f"ccp-{ccp['id']}-evaluateur", list(ccp["competences"])))
    for i, c in enumerate(labels["competences"]):
        keys.append((f"competence-{c['id']}-{SOURCES[(i + 1) % 3]}",
                     [cr["id"] for cr in c["criteres"]]))
    return keys[:count]


def write_exports(site: Path, out: Path, stagiaires: int, grids: int, dates: int) -> list[Path]:
    """Exports shaped as the grid pages write them (CIP.storage.envelope + grilles.js extras):
    format, cle, version, enregistre_le, valeurs (identification, one level per row,
    observations), grille, titre."""
    labels = _labels(site)
    niveaux = [n["id"] for n in labels["niveaux"]]
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for s_i in range(stagiaires):
        nom = f"Stagiaire {s_i + 1:02d} Nom-Composé"
        for d_i in range(dates):
            date = f"2026-{1 + d_i % 12:02d}-{10 + s_i % 15:02d}"
            for g_i, (cle, rows) in enumerate(_grid_keys(labels, grids)):
                valeurs: dict[str, object] = {"stagiaire": nom, "promotion": "Promo banc",
                                              "structure": "ACI du banc", "date": date}
                for r_i, row in enumerate(rows):
                    rang = (d_i + r_i + s_i) % (len(niveaux) + 1)
                    valeurs[row] = niveaux[min(len(niveaux) - 1, rang)]
                    valeurs[f"{row}-observations"] = f"Observation {r_i} du {date}."
                doc = {"format": "referentiel-cip/grille", "cle": cle, "version": labels["version"],
                       "enregistre_le": f"{date}T10:{g_i % 60:02d}:00.000Z", "valeurs": valeurs,
                       "grille": cle, "titre": f"Grille {cle}"}
                path = out / f"{s_i:02d}-{d_i}-{cle}.json"
                path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n",
                                encoding="utf-8")
                paths.append(path)
    return paths


def _one_round(browser, page_url: str, paths: list[str]) -> tuple[float, float, int, str]:
    """Floor (mean of a read before and after) and load + render, on the same File objects."""
    context = browser.new_context(locale="fr-FR")
    context.set_default_timeout(300_000)  # machine partagée : la charge peut être forte
    page = context.new_page()
    page.goto(page_url)
    page.evaluate("localStorage.clear()")
    page.goto(page_url)
    page.wait_for_selector("#promotion[data-etat=pret]")
    page.evaluate("""() => { const i = document.createElement('input'); i.type = 'file';
        i.multiple = true; i.id = 'banc-fichiers'; document.body.appendChild(i); }""")
    page.set_input_files("#banc-fichiers", paths)
    # lectures à blanc, une par chaque chemin de code : fichiers dans le cache du système et code
    # de lecture déjà compilé, des deux côtés
    page.evaluate(FLOOR_JS)
    page.evaluate(WARM_JS)
    before = page.evaluate(FLOOR_JS)
    load, added, phases = page.evaluate(LOAD_JS)
    after = page.evaluate(FLOOR_JS)
    context.close()
    return (before + after) / 2000, load / 1000, added, phases


def bench_promotion(report: Report, site: Path, work: Path, size: tuple[int, int, int],
                    reps: int) -> None:
    title = "6. Suivi de la promotion dans Chromium (chargement et rendu des exports)"
    stagiaires, grids, dates = size
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        report.add(title, ["mesure", "valeur"], [["chargement", "non mesurable"]],
                   ["Playwright n'est pas installé (extra « test »)."])
        return
    if not Path(CHROMIUM).exists():
        report.add(title, ["mesure", "valeur"], [["chargement", "non mesurable"]],
                   [f"{CHROMIUM} introuvable (paquet Debian « chromium »)."])
        return
    paths = [str(p) for p in write_exports(site, work / "exports-promotion", *size)]
    url = (site / "referentiel" / "suivi-promotion.html").as_uri()
    floors, loads, phases = [], [], []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                         args=["--no-sandbox", "--disable-gpu"])
            for _ in range(reps):
                floor, load, added, phase = _one_round(browser, url, paths)
                floors.append(floor)
                loads.append(load)
                phases.append(phase)
            browser.close()
    except Exception as exc:  # noqa: BLE001 — Playwright's errors: the section says why
        report.add(title, ["mesure", "valeur"], [["chargement", "échec"]],
                   [f"Non mesurable : {str(exc).splitlines()[0][:300]}"])
        return
    floor_m, load_m = statistics.median(floors), statistics.median(loads)
    ratio = load_m / floor_m
    report.add(title, ["mesure", "médiane", "objectif", "atteint"], [
        [f"lecture seule des {len(paths)} fichiers (FileReader, plancher)", s(floor_m), "", ""],
        [f"chargement + rendu de la page ({added} exports ajoutés)", s(load_m),
         f"≤ 2 × plancher = {s(2 * floor_m)}", verdict(ratio <= 2)],
        ["rapport", f"{ratio:.2f}×", "≤ 2×", verdict(ratio <= 2)],
        ["dont lecture + JSON / rapprochement / tableaux / enregistrement (ms, par essai)",
         " ; ".join(phases), "", ""],
    ], [f"{stagiaires} stagiaires × {grids} grilles × {dates} exports datés, au format écrit "
        "par les grilles à remplir ; médiane de {reps} essai(s), chacun dans un contexte "
        "Chromium neuf (/usr/bin/chromium), page ouverte depuis le disque. Plancher : lecture "
        "de tous les fichiers par FileReader, moyenne d'une lecture avant et d'une après le "
        "chargement ; avant les deux mesures, une lecture à blanc par chacun des deux chemins "
        "(plancher et CIP.files.readAll), sans quoi la première lecture, plus lente, "
        "pénaliserait l'un ou l'autre. Chargement : ce que fait la page quand on "
        "choisit les fichiers (lecture, JSON, rapprochement, enregistrement dans le "
        "navigateur, tableaux) jusqu'à la mise en page, sur les mêmes fichiers."
        .replace("{reps}", str(reps))])


# -- main ------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--mesure-enfant"]:
        return _child_main(argv[1:])
    parser = argparse.ArgumentParser(prog="benchmarks/run.py", description=__doc__.split("\n")[0])
    parser.add_argument("--rapide", action="store_true",
                        help="petites tailles, une répétition (vérifie que le banc tourne)")
    parser.add_argument("--repetitions", type=int, help="répétitions par mesure (défaut 3)")
    parser.add_argument("--tailles", help="N1,N2 : tailles synthétiques (défaut 300,3000)")
    parser.add_argument("--repetitions-grande-taille", type=int,
                        help="répétitions du build à N2 (défaut : comme --repetitions)")
    parser.add_argument("--sortie", help="fichier Markdown des résultats")
    parser.add_argument("--rubriques", default="1,2,3,4,5,6,7",
                        help="rubriques à mesurer (défaut : toutes ; la 4 et la 6 mesurent "
                             "aussi la 2)")
    args = parser.parse_args(argv)
    quick = args.rapide or os.environ.get("BENCH_RAPIDE") == "1"
    wanted = set(args.rubriques.split(","))
    reps = args.repetitions or (1 if quick else 3)
    sizes = [int(x) for x in (args.tailles or ("10,30" if quick else "300,3000")).split(",")]
    big_reps = args.repetitions_grande_taille or reps
    out = Path(args.sortie) if args.sortie else ROOT / "benchmarks" / (
        "resultats-rapide.md" if quick else "resultats.md")

    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_MKDOCS_2_WARNING="1",
               DISABLE_MKDOCS_2_WARNING="true")
    started = time.strftime("%Y-%m-%d %H:%M:%S")
    load_before = load_text()
    info = machine()
    header = [f"# Mesures de performance ({'rapides' if quick else 'complètes'})", "",
              f"Lancées le {started} ; tailles synthétiques {sizes[0]} et {sizes[-1]} "
              f"compétences ; {reps} répétition(s) par mesure ({big_reps} à {sizes[-1]}).", "",
              "| machine | |", "|---|---|"]
    header += [f"| {k} | {v} |" for k, v in info.items()]
    header += [f"| charge moyenne au départ (1 / 5 / 15 min) | {load_before} |", ""]
    print("\n".join(header), flush=True)
    report = Report(partial=out.with_name(out.name + ".partiel"))
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="banc-") as tmp:
        work = Path(tmp)
        frameworks = [(str(n), synth(n, work / f"synth-{n}", env)) for n in sizes]
        if "1" in wanted:
            bench_validation(report, [("réel", REAL_FRAMEWORK)] + frameworks, env, reps)
        bare = bench_generator(report, work, env, reps)
        pairs = list(zip(sizes, [f for _, f in frameworks], strict=True))
        if wanted & {"3", "5", "7"}:
            last_site = bench_scaling(report, work, pairs, env,
                                      [reps] * (len(sizes) - 1) + [big_reps])
            bench_site_weight(report, last_site, sizes[-1])
            if "7" in wanted:
                bench_search(report, last_site, sizes[-1], reps)
        if "4" in wanted:
            pdf_fw, pdf_label = ((synth(2, work / "synth-pdf", env),
                                  "synthétique de 2 compétences")
                                 if quick else (REAL_FRAMEWORK, "site réel"))
            scale = None if quick else (sizes[0], frameworks[0][1])
            bench_pdf(report, work, pdf_fw, pdf_label, env, reps, bare, scale)
        if "6" in wanted:  # the real site built by rubric 2 (always measured)
            bench_promotion(report, work / "projet-reel" / "site", work,
                            (3, 19, 2) if quick else (12, 19, 6), reps)
    footer = (f"Durée totale : {time.perf_counter() - t0:.0f} s ; charge moyenne au départ "
              f"{load_before}, à la fin {load_text()} (2 cœurs : une charge proche de 2 ou plus "
              "signifie que d'autres travaux ont faussé les mesures).\n")
    print(footer)
    # Rubriques dans l'ordre du ticket (la 5 est mesurée avant la 4 pour réutiliser le site).
    ordered = sorted(report.sections, key=lambda text: text[3])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(header) + "\n" + "\n".join(ordered) + "\n" + footer,
                   encoding="utf-8")
    if report.partial:
        report.partial.unlink(missing_ok=True)
    print(f"Résultats écrits dans {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
