"""The promotion's calendar: which week is a school week, the date of each week, the week of a
date. Pure functions of the programme (programme.yml), shared by the checks and the pages.

Weeks are numbered from 1. The rhythm repeats from week 1: ``ecole`` school weeks, then
``terrain`` field weeks (1 and 3 at the École CIP: weeks 1, 5, 9… are school weeks). Exceptions
declared in the programme override the rhythm for one week.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Programme, Seance

LIEUX = {"ecole": "école", "terrain": "terrain", "interruption": "interruption"}


def nombre_semaines(programme: Programme) -> int:
    return programme.duree.semaines if programme.duree else 0


def lieu_semaine(programme: Programme, semaine: int) -> str:
    """``ecole``, ``terrain`` or ``interruption``."""
    for exception in programme.exceptions:
        if exception.semaine == semaine:
            return exception.lieu
    rythme = programme.rythme
    if rythme is None:
        return "terrain"
    cycle = rythme.ecole + rythme.terrain
    return "ecole" if (semaine - 1) % cycle < rythme.ecole else "terrain"


def semaines_ecole(programme: Programme) -> list[int]:
    return [n for n in range(1, nombre_semaines(programme) + 1)
            if lieu_semaine(programme, n) == "ecole"]


def heures_ecole(programme: Programme) -> float | None:
    """Hours of all the school weeks (school weeks × hours per school week), None when the
    programme does not state the hours of a school week."""
    if programme.temps_ecole is None:
        return None
    return len(semaines_ecole(programme)) * programme.temps_ecole.heures_par_semaine


def debut(programme: Programme) -> dt.date | None:
    return dt.date.fromisoformat(programme.debut.date) if programme.debut else None


def lundi(programme: Programme, semaine: int) -> dt.date | None:
    """First day of a week (the start date plus whole weeks), None without a start date."""
    start = debut(programme)
    return start + dt.timedelta(weeks=semaine - 1) if start else None


def semaine_de_date(programme: Programme, date: str) -> int | None:
    """Week number of a date (may be < 1 or beyond the calendar), None without a start date."""
    start = debut(programme)
    if start is None:
        return None
    return (dt.date.fromisoformat(date) - start).days // 7 + 1


def semaine_de(seance: Seance, programme: Programme | None) -> int | None:
    """The séance's week: stated, else computed from its date."""
    if seance.semaine is not None:
        return seance.semaine
    if seance.date and programme is not None:
        return semaine_de_date(programme, seance.date)
    return None


_MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
         "octobre", "novembre", "décembre")
_JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def date_fr(day: dt.date | str, jour: bool = False) -> str:
    """« 7 septembre 2026 », or « lundi 7 septembre 2026 »."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    text = f"{'1er' if day.day == 1 else day.day} {_MOIS[day.month - 1]} {day.year}"
    return f"{_JOURS[day.weekday()]} {text}" if jour else text


def mois_fr(day: dt.date) -> str:
    return f"{_MOIS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Semaine:
    numero: int
    lieu: str  # ecole, terrain, interruption
    lundi: dt.date | None
    motif: str | None
    seances: tuple[Seance, ...]

    @property
    def lieu_libelle(self) -> str:
        return LIEUX[self.lieu]
