"""Ce que les rubriques partagent : dossier de travail, environnement, tailles, résultats."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .rapport import Report


@dataclass
class Contexte:
    """One run of the bench. Rubrics read the options and may leave results for the rubrics
    that need them (declared in their ``BESOINS``): ``mkdocs_nu`` (seconds of a bare
    ``mkdocs build`` of the real site) and ``site_reel`` (that site built by the generator) from
    rubric 2, ``site_grand`` (the site built at the largest synthetic size) from rubric 3."""

    work: Path  # temporary folder of the run
    env: dict[str, str]
    report: Report
    quick: bool  # --rapide: small sizes, one repetition
    reps: int
    big_reps: int  # repetitions at the largest size
    synthetiques: list[tuple[int, Path]]  # (compétences, framework folder), smallest first
    mkdocs_nu: float | None = None
    site_reel: Path | None = None
    site_grand: Path | None = None
    extra: dict = field(default_factory=dict)  # other results a new rubric wants to share
