"""French wording shared by the pages, the print documents, the checks and the CLI.

Pure functions (no import of the model at load time: ``diagnostics`` uses them), registered
as Jinja filters by ``render``: « 3 h 30 », « lundi 7 septembre 2026 », « 2 erreurs ».
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # libelles is imported by diagnostics, below the model
    from .model import Personne

_MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
         "octobre", "novembre", "décembre")
LIEUX = {"ecole": "école", "terrain": "terrain", "interruption": "interruption"}
_JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def pluriel(nombre: int, singulier: str, pluriel_: str | None = None) -> str:
    """« 0 erreur », « 1 erreur », « 2 erreurs » (French: 0 and 1 take the singular).
    ``pluriel_`` for irregular words (« 2 CCP », « 3 étapes du parcours »)."""
    mot = singulier if nombre <= 1 else (pluriel_ if pluriel_ is not None else singulier + "s")
    return f"{nombre} {mot}"


def heures(value: float) -> str:
    """« 3 h 30 », « 45 min », « 12 h » (hours, rounded to the minute)."""
    return minutes(round(value * 60))


def minutes(total: int) -> str:
    """« 3 h 30 », « 45 min », « 12 h » (from a number of minutes)."""
    h, reste = divmod(total, 60)
    if not h:
        return f"{reste} min"
    return f"{h} h {reste:02d}" if reste else f"{h} h"


def date_fr(day: dt.date | str, jour: bool = False) -> str:
    """« 7 septembre 2026 », or « lundi 7 septembre 2026 »."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    text = f"{'1er' if day.day == 1 else day.day} {_MOIS[day.month - 1]} {day.year}"
    return f"{_JOURS[day.weekday()]} {text}" if jour else text


def mois_fr(day: dt.date) -> str:
    return f"{_MOIS[day.month - 1]} {day.year}"


def date_courte(day: dt.date | str | None) -> str:
    return date_fr(day) if day else "—"


def majuscule(text: str) -> str:
    return text[:1].upper() + text[1:]


def quand(semaine: int | None, lieu: str | None, date: str | None,
          lundi: dt.date | None) -> str:
    """« Semaine 5 (école), mardi 6 octobre 2026 », « Semaine 3, semaine du … », « Non datée »."""
    parts = []
    if semaine is not None:
        parts.append(f"semaine {semaine}" + (f" ({LIEUX[lieu]})" if lieu else ""))
    if date:
        parts.append(date_fr(date, jour=True))
    elif semaine is not None and lundi:
        parts.append(f"semaine du {date_fr(lundi)}")
    return majuscule(", ".join(parts) or "non datée")


def titre_periode(numero: int, debut: int, fin: int, lundi: dt.date | None) -> str:
    """« Période 2 : semaines 5 à 8 (octobre 2026) »."""
    title = f"Période {numero} : semaines {debut} à {fin}" if fin > debut \
        else f"Période {numero} : semaine {debut}"
    return f"{title} ({mois_fr(lundi)})" if lundi else title


def personne(p: Personne, libelles_acteurs: dict[str, str]) -> str:
    """An actor's label (and precision), or a person's name."""
    if p.acteur:
        text = libelles_acteurs[p.acteur]
        return f"{text}, {p.precision}" if p.precision else text
    return p.nom or ""


# Registered once in ``render._environment``.
FILTERS = {
    "heures": heures,
    "date_fr": date_fr,
    "date_courte": date_courte,
    "mois_fr": mois_fr,
    "pluriel": pluriel,
    "majuscule": majuscule,
}
