"""Mesure d'une commande dans un processus neuf : temps écoulé, temps CPU, mémoire de pointe.

Ce fichier est aussi lancé comme script (``python mesure.py --mesure-enfant CWD -- CMD…``) : le
processus enfant lance la commande et relève l'arbre de processus ; il n'importe que la
bibliothèque standard.
"""

from __future__ import annotations

import json
import os
import re
import resource
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


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
        # What each process is (``_role``), read again when its name changes: a process forked
        # by another (a command launched by the generator) has its parent's command line until
        # it runs its own program, which changes its name.
        self.roles: dict[int, str] = {}
        self._names: dict[int, str] = {}
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
        names: dict[int, str] = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    stat = Path(f"/proc/{entry.name}/stat").read_text()
                except OSError:
                    continue
                name, rest = stat.split("(", 1)[1].rsplit(")", 1)
                fields = rest.split()
                pid = int(entry.name)
                children.setdefault(int(fields[1]), []).append(pid)
                ticks[pid] = int(fields[11]) + int(fields[12])
                names[pid] = name
        tree, todo = [], [self.root]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            self.cpu_ticks[pid] = ticks.get(pid, self.cpu_ticks.get(pid, 0))
            if pid in names and names[pid] != self._names.get(pid):
                self._names[pid] = names[pid]
                self.roles[pid] = _role(pid)
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
            if rss > self.peaks.get(pid, ("", 0))[1]:
                self.peaks[pid] = (self.roles.get(pid) or _role(pid), rss)
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
                "largest": sorted(((rss, name) for name, rss in self.peaks.values()),
                                  reverse=True)[:4],
                "cpu": sum(self.cpu_ticks.values()) / os.sysconf("SC_CLK_TCK"),
                "cpu_by_role": self.cpu_by_role()}

    def cpu_by_role(self) -> list[tuple[str, float, int]]:
        """(role, CPU seconds, processes) for each kind of process of the tree, most CPU
        first. A process that lived less than a sample's interval (50 ms) is not seen."""
        tick = os.sysconf("SC_CLK_TCK")
        total: dict[str, list] = {}
        for pid, ticks in self.cpu_ticks.items():
            entry = total.setdefault(self.roles.get(pid, "?"), [0, 0])
            entry[0] += ticks
            entry[1] += 1
        return sorted(((role, ticks / tick, count) for role, (ticks, count) in total.items()),
                      key=lambda row: (-row[1], row[0]))



def _child_main(argv: list[str]) -> int:
    """``mesure.py --mesure-enfant CWD -- CMD…``: run CMD, print wall time and peak memory."""
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
    child = [sys.executable, str(Path(__file__).resolve()), "--mesure-enfant", str(cwd), "--"]
    proc = subprocess.run([*child, *cmd], cwd=cwd, env=env, capture_output=True, text=True,
                          check=False)
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


def cpu_median(runs: list[Run]) -> float:
    return statistics.median(r.cpu for r in runs)



def mib(kb: int) -> str:
    return f"{kb / 1024:.0f} Mio"


def tree_cpu(run: Run) -> float:
    """CPU time of the whole tree: the PDF workers are children of the fork server, which
    getrusage does not always count."""
    return max(run.cpu, run.tree.get("cpu", 0.0))


def _role(pid: int) -> str:
    """What a process of the tree is, from its command line: « MkDocs », « rendu PDF » (the
    fork server and the workers forked from it), « générateur », « Chromium »…"""
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    line = b" ".join(args).decode("utf-8", "replace")
    for marker, role in (("forkserver", "rendu PDF"), ("-m generator", "générateur"),
                         ("mkdocs", "MkDocs"), ("playwright/driver", "Playwright (node)"),
                         ("chrom", "Chromium"), ("zensical", "Zensical"),
                         ("resource_tracker", "multiprocessing"), ("-m pytest", "pytest"),
                         ("sys.stdin.readline", "pytest")):  # a pytest-xdist worker (execnet)
        if marker in line:
            if role == "Chromium":
                kind = re.search(r"--type=([a-z-]+)", line)
                return f"Chromium : {_CHROMIUM.get(kind.group(1) if kind else '', 'autres')}"
            return role
    return Path(args[0].decode("utf-8", "replace")).name or "?"


# Chromium's processes by their « --type » (none: the browser process itself).
_CHROMIUM = {"": "navigateur", "renderer": "pages", "gpu-process": "affichage (GPU)",
             "zygote": "zygote"}


def memory_text(run: Run) -> str:
    tree = run.tree
    largest = ", ".join(f"{mib(kb)} ({name})" for kb, name in tree.get("largest", [])) or (
        ", ".join(mib(kb) for kb in tree.get("largest_kb", [])))
    return (f"{mib(tree.get('tree_peak_kb', 0))} (somme des pointes par processus "
            f"{mib(tree.get('sum_of_peaks_kb', 0))} ; {tree.get('processes', 0)} processus ; "
            f"les plus gros : {largest})")


def loads(runs: list[Run]) -> str:
    values = [x for r in runs for x in r.load]
    return f"{min(values):.1f} à {max(values):.1f}" if values else "?"



MEMORY_NOTE = ("Mémoire : somme des mémoires résidentes de tout l'arbre de processus, relevée "
               "dans /proc toutes les 50 ms (pointe de la somme), et somme des pointes de chaque "
               "processus (borne haute) ; les pages partagées (code de WeasyPrint, chargé une "
               "fois par le serveur de processus) comptent pour chaque processus.")



if __name__ == "__main__":
    if sys.argv[1:2] != ["--mesure-enfant"]:
        sys.exit("usage : mesure.py --mesure-enfant CWD -- CMD…")
    sys.exit(_child_main(sys.argv[2:]))
