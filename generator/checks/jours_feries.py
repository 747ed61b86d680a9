"""A séance at the school is not dated on a public holiday (fixed ones and those that follow
Easter: lundi de Pâques, Ascension, lundi de Pentecôte)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..feries import ferie
from ..libelles import date_fr
from .context import CheckContext, error


def seances_jours_feries(ctx: CheckContext) -> Iterator[Diagnostic]:
    for seance in ctx.fw.seances:
        if seance.lieu != "ecole" or not seance.date:
            continue
        try:
            jour = dt.date.fromisoformat(seance.date)
        except ValueError:
            continue  # an impossible date is reported by the schema
        nom = ferie(jour)
        if nom:
            yield error(seance.origine, "seance.ferie",
                        f"séance à l'école le {date_fr(jour, jour=True)}, jour férié ({nom}) : "
                        "choisissez un autre jour de la semaine", "date")
