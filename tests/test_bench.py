"""``make bench``: the quick mode (``run.py --rapide``) runs every rubric on a tiny input and
writes its section; the rubrics are run in four groups, so that the test processes share them.
These tests check that the bench runs and says what it measured, not the numbers."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from banc.rubriques import RUBRIQUES, a_mesurer, par_numero  # noqa: E402

TITRES = {1: "## 1. Validation contre le plancher", 2: "## 2. Générateur contre un mkdocs",
          3: "## 3. Passage à l'échelle", 4: "## 4. Grilles PDF", 5: "## 5. Poids du site",
          6: "## 6. Suivi de la promotion", 7: "## 7. Aperçu (make serve)",
          8: "## 8. Durée des tests", 9: "## 9. Recherche", 10: "## 10. Application hors ligne",
          11: "## 11. Suivi de la promotion à 100 stagiaires"}
# Each group with the rubrics it needs: together, every rubric.
GROUPES = [(1, 2, 4, 6, 11), (3, 5, 9), (7,), (8, 10)]


def test_every_rubric_is_in_a_group_and_has_a_title() -> None:
    numbers = sorted(r.NUMERO for r in RUBRIQUES)
    assert numbers == sorted(TITRES) == sorted(n for g in GROUPES for n in g)
    assert len(set(numbers)) == len(numbers)
    for rubrique in RUBRIQUES:
        assert set(rubrique.BESOINS) <= set(numbers), rubrique.__name__
        # a rubric runs after those it needs
        assert all(RUBRIQUES.index(par_numero()[b]) < RUBRIQUES.index(rubrique)
                   for b in rubrique.BESOINS), rubrique.__name__
    for groupe in GROUPES:  # a group needs nothing outside itself
        assert {r.NUMERO for r in a_mesurer(set(groupe))} == set(groupe)


def test_an_unknown_rubric_is_a_usage_error() -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--rubriques",
                           "1,42"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert "rubrique inconnue : 42" in proc.stderr


@pytest.mark.site  # builds and serves sites
@pytest.mark.parametrize("groupe", GROUPES, ids=lambda g: ",".join(map(str, g)))
def test_quick_bench_prints_and_writes_its_sections(tmp_path, groupe) -> None:
    out = tmp_path / "resultats.md"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--rapide",
                           "--rubriques", ",".join(map(str, groupe)), "--sortie", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=1800, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    written = out.read_text(encoding="utf-8")
    for n, title in TITRES.items():
        assert (title in proc.stdout) == (n in groupe), title
        assert (title in written) == (n in groupe), title
    positions = [written.index(TITRES[n]) for n in groupe]
    assert positions == sorted(positions)  # sections by number
    for fact in ("| processeur |", "| cœurs |", "| mkdocs-material |", "charge moyenne"):
        assert fact in written
    if 1 in groupe:
        real_files = sum(1 for _ in (ROOT / "framework").rglob("*.yml"))
        assert f"| réel | {real_files} |" in written  # the real framework's row, files counted
        assert re.search(r"\| 10 \| \d+ \| \d+\.\d\d s \| \d+\.\d\d s \| \d+\.\d\d× \|", written)
    if 6 in groupe:  # the promotion page in Chromium: 3 stagiaires × the grids × 2 dates
        read = re.search(r"lecture seule des (\d+) fichiers", written)
        loaded = re.search(r"chargement \+ rendu de la page \((\d+) exports ajoutés\)", written)
        assert read and loaded and int(read.group(1)) == int(loaded.group(1)) > 0
        assert int(read.group(1)) % 6 == 0
    if 9 in groupe:
        assert "premier résultat, médiane de 10 requêtes" in written
    if 7 in groupe:  # three files saved, each with its delays and median
        delays = r"\| (?:\d+\.\d ; )+\d+\.\d \| \d+\.\d\d s \| ≤ 3 s \|"
        assert len(re.findall(delays, written)) == 3
    if 8 in groupe:
        assert re.search(r"\| make check : pytest[^|]*\| \d+\.\d\d s \| \d+\.\d\d s \| \d+ \|",
                         written)
        assert re.search(r"\| make check \(les deux\) \| \d+\.\d\d s \|", written)
        # where the CPU time went, by kind of process, and the floor it sets on the cores
        cpu = written.split("## 8. Durée des tests : où va le temps CPU de pytest de « make "
                            "check »", 1)[1].split("\n## ", 1)[0]
        assert re.search(r"\| pytest \| \d+\.\d\d s \| \d+ % \| \d+ \|", cpu)
        total = re.search(r"\| total \| (\d+\.\d\d) s \| 100 % \|", cpu)
        floor = re.search(r"Plancher : (\d+\.\d\d) s de CPU sur (\d+) cœurs, c'est au moins "
                          r"(\d+\.\d\d) s", cpu)
        assert total and floor and floor.group(1) == total.group(1)
        assert abs(float(floor.group(3)) * int(floor.group(2)) - float(total.group(1))) < 0.05
    if 10 in groupe:
        assert "| première visite + installation |" in written
        assert "| mise à jour après modification de " in written
