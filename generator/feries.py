"""French public holidays (jours fériés) of a year, computed: the fixed ones and those that
follow Easter (lundi de Pâques, Ascension, lundi de Pentecôte).

The list is the one of the Code du travail, article L3133-1 (fêtes légales), for mainland
France; local holidays (Alsace-Moselle, overseas departments) are not included. Easter Sunday
is computed with the Gregorian algorithm of Meeus/Jones/Butcher.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

_FIXES = (
    (1, 1, "jour de l'an"),
    (5, 1, "fête du Travail"),
    (5, 8, "victoire de 1945"),
    (7, 14, "fête nationale"),
    (8, 15, "Assomption"),
    (11, 1, "Toussaint"),
    (11, 11, "armistice de 1918"),
    (12, 25, "Noël"),
)
# Days after Easter Sunday.
_MOBILES = ((1, "lundi de Pâques"), (39, "Ascension"), (50, "lundi de Pentecôte"))


def paques(annee: int) -> dt.date:
    """Easter Sunday of a Gregorian year."""
    a, b, c = annee % 19, annee // 100, annee % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    mois, jour = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(annee, mois, jour + 1)


@lru_cache(maxsize=64)
def jours_feries(annee: int) -> dict[dt.date, str]:
    """Every public holiday of the year, date → name."""
    jours = {dt.date(annee, mois, jour): nom for mois, jour, nom in _FIXES}
    dimanche = paques(annee)
    jours.update({dimanche + dt.timedelta(days=n): nom for n, nom in _MOBILES})
    return dict(sorted(jours.items()))


def ferie(jour: dt.date) -> str | None:
    """The name of the holiday that falls on this day, None on an ordinary day."""
    return jours_feries(jour.year).get(jour)
