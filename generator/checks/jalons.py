"""The certification milestones of the programme (ECF, dossier professionnel, session): unique
ids, weeks inside the calendar."""

from __future__ import annotations

from collections.abc import Iterator

from .. import calendrier
from ..diagnostics import Diagnostic
from .context import CheckContext, error, unique


def jalons(ctx: CheckContext) -> Iterator[Diagnostic]:
    programme = ctx.fw.programme
    if programme is None:
        return
    yield from unique(((j.id, j.origine, ("id",)) for j in programme.jalons),
                      "identifiant de jalon")
    semaines = calendrier.nombre_semaines(programme)
    for jalon in programme.jalons:
        for i, semaine in enumerate(jalon.semaines):
            if semaine > semaines:
                yield error(jalon.origine, "jalon.semaine",
                            f"semaine {semaine} hors du calendrier de la promotion "
                            f"(semaines 1 à {semaines})", "semaines", i)
