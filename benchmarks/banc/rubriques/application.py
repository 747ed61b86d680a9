"""10. Application hors ligne : octets téléchargés par le service worker à l'installation et à
la mise à jour après la modification d'une compétence, dans Chromium (mesures de
``benchmarks/app.py``, lançable seul ; avec --rapide, le référentiel de base des tests)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..contexte import Contexte
from ..machine import load_text
from ..projet import REAL_FRAMEWORK, ROOT

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # benchmarks/, for app.py

import app  # noqa: E402

NUMERO = 10
BESOINS: tuple[int, ...] = ()
BASE_FRAMEWORK = ROOT / "tests" / "cases" / "base" / "framework"


def mesurer(ctx: Contexte) -> None:
    framework, label = ((BASE_FRAMEWORK, "référentiel de base des tests") if ctx.quick
                        else (REAL_FRAMEWORK, "site réel"))
    header, rows, notes = app.table(app.measure(ctx.work / "application", framework))
    ctx.report.add(f"{app.TITLE} ({label})", header, rows,
                   notes + [f"Une mesure ; charge moyenne (1 min) à la fin : {load_text()}."])
