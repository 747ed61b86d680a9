"""The promotion's calendar: which week is a school week, the date of each week, the week of a
date. Pure functions of the programme (programme.yml), shared by the checks and the pages.

Weeks are numbered from 1. The rhythm repeats from week 1: ``ecole`` school weeks, then
``terrain`` field weeks (1 and 3 at the École CIP: weeks 1, 5, 9… are school weeks). Exceptions
declared in the programme override the rhythm for one week.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from .libelles import LIEUX, date_fr, quand, titre_periode
from .model import Framework, Programme, Seance


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


class Calendrier:
    """The promotion's séances in time: in date order, by week, by school period."""

    def __init__(self, fw: Framework) -> None:
        self.fw = fw
        self.programme = fw.programme

    @property
    def a_des_seances(self) -> bool:
        return bool(self.fw.seances or self.fw.programme)

    def semaine_de(self, seance: Seance) -> int | None:
        return semaine_de(seance, self.programme)

    @cached_property
    def seances(self) -> list[Seance]:
        """Chronological: by week, then date, then id (undated séances last)."""
        def key(seance: Seance) -> tuple:
            semaine = self.semaine_de(seance)
            return (semaine is None, semaine or 0, seance.date or "", seance.id)
        return sorted(self.fw.seances, key=key)

    def lundi(self, semaine: int | None) -> dt.date | None:
        if semaine is None or self.programme is None:
            return None
        return lundi(self.programme, semaine)

    def lieu_semaine(self, semaine: int | None) -> str | None:
        if semaine is None or self.programme is None:
            return None
        return lieu_semaine(self.programme, semaine)

    def quand(self, seance: Seance) -> str:
        """« Semaine 5 (école), mardi 6 octobre 2026 »."""
        semaine = self.semaine_de(seance)
        return quand(semaine, self.lieu_semaine(semaine), seance.date, self.lundi(semaine))

    def quand_debut(self) -> str:
        if self.programme is None or self.programme.debut is None:
            return ""
        return date_fr(self.programme.debut.date, jour=True)

    @cached_property
    def semaines(self) -> list[Semaine]:
        """Every week of the programme, with its séances."""
        programme = self.programme
        if programme is None:
            return []
        by_week: dict[int, list[Seance]] = {}
        for seance in self.seances:
            semaine = self.semaine_de(seance)
            if semaine is not None:
                by_week.setdefault(semaine, []).append(seance)
        motifs = {e.semaine: e.motif for e in programme.exceptions}
        return [
            Semaine(n, lieu_semaine(programme, n), lundi(programme, n),
                    motifs.get(n), tuple(by_week.get(n, ())))
            for n in range(1, nombre_semaines(programme) + 1)
        ]

    @cached_property
    def periodes(self) -> list[tuple[int, int]]:
        """School periods: from each school week to the week before the next one."""
        programme = self.programme
        if programme is None:
            return []
        ecole = semaines_ecole(programme)
        fin = nombre_semaines(programme)
        return [(debut, (ecole[i + 1] - 1) if i + 1 < len(ecole) else fin)
                for i, debut in enumerate(ecole)]

    def titre_periode(self, numero: int, debut: int, fin: int) -> str:
        return titre_periode(numero, debut, fin, self.lundi(debut))

    @cached_property
    def groupes_seances(self) -> list[tuple[str, list[Seance]]]:
        """Séances grouped for the navigation: by school period (a school week and the field
        weeks that follow it) when there is a programme, else by week."""
        groups: dict[str, list[Seance]] = {}
        for seance in self.seances:
            semaine = self.semaine_de(seance)
            if semaine is None:
                title = "Séances non datées"
            elif self.periodes:
                found = [(i, d, f) for i, (d, f) in enumerate(self.periodes, 1) if d <= semaine]
                title = (self.titre_periode(*found[-1]) if found
                         else "Avant la première semaine d'école")
            else:
                title = f"Semaine {semaine}"
            groups.setdefault(title, []).append(seance)
        return list(groups.items())
