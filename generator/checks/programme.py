"""The promotion's calendar: each séance's date, week and place; the programme's exceptions;
coverage of every compétence by at least one séance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from .. import calendrier
from ..diagnostics import Diagnostic, Severity
from ..libelles import date_fr
from ..model import Programme, Seance
from .context import CheckContext, error, unique


def calendrier_seances(ctx: CheckContext) -> Iterator[Diagnostic]:
    programme = ctx.fw.programme
    if programme is None:
        return
    for seance in ctx.fw.seances:
        yield from _date_semaine_lieu(programme, seance)


def _date_semaine_lieu(programme: Programme, seance: Seance) -> Iterator[Diagnostic]:
    o = seance.origine
    from_date = calendrier.semaine_de_date(programme, seance.date) if seance.date else None
    if seance.date and programme.debut is None and seance.semaine is None:
        yield error(o, "seance.date",
                    "le programme n'a pas de date de début : indiquez la « semaine » de la séance",
                    "date")
    if seance.semaine is not None and from_date is not None and from_date != seance.semaine:
        yield error(o, "seance.date",
                    f"la date {date_fr(seance.date or '')} tombe en semaine {from_date}, "
                    f"pas en semaine {seance.semaine}",
                    "date")
        return
    semaine = calendrier.semaine_de(seance, programme)
    if semaine is None:
        return
    champ = "semaine" if seance.semaine is not None else "date"
    semaines = calendrier.nombre_semaines(programme)
    if not 1 <= semaine <= semaines:
        yield error(o, "seance.semaine", _hors_calendrier(programme, seance, semaine), champ)
        return
    lieu = calendrier.lieu_semaine(programme, semaine)
    if seance.lieu == "ecole" and lieu != "ecole":
        ecole = calendrier.semaines_ecole(programme)
        liste = ", ".join(str(n) for n in ecole[:4]) + ("…" if len(ecole) > 4 else "")
        motif = next((e.motif for e in programme.exceptions if e.semaine == semaine), None)
        nature = "de terrain" if lieu == "terrain" else "d'interruption"
        if motif:
            nature += f" ({' '.join(motif.split())})"
        yield error(o, "seance.lieu",
                    f"séance à l'école en semaine {semaine}, qui est une semaine {nature} ; "
                    f"semaines d'école : {liste or 'aucune'}",
                    champ)


def _hors_calendrier(programme: Programme, seance: Seance, semaine: int) -> str:
    semaines = calendrier.nombre_semaines(programme)
    if seance.semaine is not None:
        return (f"semaine {semaine} hors du calendrier de la promotion "
                f"(semaines 1 à {semaines})")
    first, last = calendrier.lundi(programme, 1), calendrier.lundi(programme, semaines)
    assert first is not None and last is not None
    return (f"la date {date_fr(seance.date or '')} est hors du "
            f"calendrier de la promotion (du {date_fr(first)} au "
            f"{date_fr(last + dt.timedelta(days=6))})")


def exceptions(ctx: CheckContext) -> Iterator[Diagnostic]:
    """Each exception's week is unique and inside the calendar."""
    programme = ctx.fw.programme
    if programme is None:
        return
    semaines = calendrier.nombre_semaines(programme)
    yield from unique(((str(e.semaine), e.origine, ("semaine",)) for e in programme.exceptions),
                      "numéro de semaine d'exception", "numero.duplicate")
    for exception in programme.exceptions:
        if exception.semaine > semaines:
            yield error(exception.origine, "seance.semaine",
                        f"semaine {exception.semaine} hors du calendrier de la promotion "
                        f"(semaines 1 à {semaines})",
                        "semaine")


def couverture(ctx: CheckContext) -> Iterator[Diagnostic]:
    """With a programme, every compétence is worked on by at least one séance. Séances that
    fail validation still count (their own errors are reported); when a séance file cannot be
    read at all, coverage is unknown and not reported."""
    programme = ctx.fw.programme
    covered = ctx.declared.couvertes
    if programme is None or covered is None:
        return
    for comp in ctx.fw.competences:
        if comp.id not in covered:
            yield error(programme.origine, "couverture.competence",
                        f"la compétence « {comp.id} » n'est travaillée par aucune "
                        f"séance du programme",
                        "id", severity=Severity.WARNING)
