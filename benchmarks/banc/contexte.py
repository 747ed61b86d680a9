"""Ce que les rubriques partagent : dossier de travail, environnement, tailles, résultats."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .projet import synth
from .rapport import Report


@dataclass
class Contexte:
    """One run of the bench. Rubrics read the options and may leave results for the rubrics
    that need them (declared in their ``BESOINS``): ``mkdocs_nu`` (seconds of a bare
    ``mkdocs build`` of the site of rubric 2) and ``site_reel`` (that site built by the
    generator) from rubric 2, ``site_grand`` (the site built at the largest synthetic size)
    from rubric 3. Synthetic frameworks are written the first time a rubric asks for them."""

    work: Path  # temporary folder of the run
    env: dict[str, str]
    report: Report
    quick: bool  # --rapide: small sizes, one repetition
    reps: int
    big_reps: int  # repetitions at the largest size
    tailles: list[int]  # synthetic sizes (compétences), smallest first
    mkdocs_nu: float | None = None
    site_reel: Path | None = None
    site_grand: Path | None = None
    extra: dict = field(default_factory=dict)  # other results a new rubric wants to share

    @cached_property
    def synthetiques(self) -> list[tuple[int, Path]]:
        """(compétences, framework folder) of each synthetic size, smallest first."""
        return [(n, synth(n, self.work / f"synth-{n}", self.env)) for n in self.tailles]

    @cached_property
    def minuscule(self) -> Path:
        """A synthetic framework of 2 compétences: what --rapide builds and serves, to check
        that a rubric runs (not to measure)."""
        return synth(2, self.work / "synth-2", self.env)
