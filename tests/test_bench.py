"""``make bench`` runs: the quick mode prints and writes every section (not a measure)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.site  # runs the bench


def test_quick_bench_prints_and_writes_every_section(tmp_path) -> None:
    out = tmp_path / "resultats.md"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--rapide",
                           "--sortie", str(out)], cwd=ROOT, capture_output=True, text=True,
                          timeout=2400, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    written = out.read_text(encoding="utf-8")
    for title in ("## 1. Validation contre le plancher", "## 2. Générateur contre un mkdocs",
                  "## 3. Passage à l'échelle", "## 4. Grilles PDF", "## 5. Poids du site",
                  "## 6. Suivi de la promotion", "## 7. Aperçu (make serve)",
                  "## 8. Durée des tests", "## 9. Recherche",
                  "## 10. Suivi de la promotion à 100 stagiaires"):
        assert title in proc.stdout
        assert title in written
    assert written.index("## 4.") < written.index("## 5.") < written.index("## 6.") \
        < written.index("## 7.") < written.index("## 8.") < written.index("## 9.") \
        < written.index("## 10.")
    assert "premier résultat, médiane de 10 requêtes" in written
    # the promotion page measured in Chromium: 3 stagiaires × 19 grids × 2 dates in quick mode
    assert "lecture seule des 114 fichiers" in written
    assert "chargement + rendu de la page (114 exports ajoutés)" in written
    for fact in ("| processeur |", "| cœurs |", "| mkdocs-material |", "charge moyenne"):
        assert fact in written
    real_files = sum(1 for _ in (ROOT / "framework").rglob("*.yml"))
    assert f"| réel | {real_files} |" in written  # the real framework's row, files counted
