"""Rules on facts: the authority of their sources and the days of school séances.

- A fact of confidence A rests on an official text (source of nature ``texte_officiel``); a
  source record of confidence A is itself an official text.
- A fact of confidence B that rests only on training-provider pages, code or copied documents
  is reported for review (warning).
- A séance at the school is not dated on a public holiday (fixed ones and those that follow
  Easter: lundi de Pâques, Ascension, lundi de Pentecôte).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from .calendrier import date_fr
from .diagnostics import Diagnostic, Severity
from .feries import ferie
from .model import Framework, Origine, Source, walk

# Kinds of source (sources.yml « nature ») too weak to carry a fact of confidence B alone.
NATURES_FAIBLES = frozenset({"organisme_formation", "depot_ou_copie"})
_RANG = {"A": 3, "B": 2, "C": 1, "?": 0}


def _diag(origine: Origine, code: str, message: str, champ: str,
          severity: Severity = Severity.ERROR) -> Diagnostic:
    display, line, column, path = origine.at(champ)
    return Diagnostic(display, line, column, code, message, path, severity)


def confiance_des_faits(fw: Framework) -> Iterator[Diagnostic]:
    sources = {s.id: s for s in fw.sources}
    for obj in walk(fw):
        if isinstance(obj, Source):
            yield from _source_a(obj)
            continue
        ids = [s for s in getattr(obj, "sources", ()) if s in sources]
        if not ids:
            continue
        stated = getattr(obj, "confiance", None)
        niveau = stated or max((sources[s].confiance for s in ids), key=_RANG.__getitem__)
        natures = {sources[s].nature for s in ids}
        champ = "confiance" if stated else "sources"
        if niveau == "A" and "texte_officiel" not in natures:
            yield _diag(obj.origine, "confiance.texte_officiel",
                        "confiance A refusée : aucune de ses sources n'est un texte officiel "
                        f"(sources : {', '.join(ids)}) ; citez le texte officiel lu ou "
                        "indiquez la confiance B", champ)
        elif niveau == "B" and natures <= NATURES_FAIBLES:
            yield _diag(obj.origine, "confiance.sources_faibles",
                        "confiance B appuyée seulement sur des pages d'organismes de formation "
                        f"ou des documents recopiés (sources : {', '.join(ids)}) ; ajoutez une "
                        "source publique ou officielle, ou indiquez la confiance C",
                        champ, Severity.WARNING)


def _source_a(source: Source) -> Iterator[Diagnostic]:
    if source.confiance == "A" and source.nature != "texte_officiel":
        yield _diag(source.origine, "confiance.texte_officiel",
                    f"confiance A refusée pour une source de nature « {source.nature} » : "
                    "seul un texte officiel lu peut avoir la confiance A", "confiance")


def seances_jours_feries(fw: Framework) -> Iterator[Diagnostic]:
    for seance in fw.seances:
        if seance.lieu != "ecole" or not seance.date:
            continue
        try:
            jour = dt.date.fromisoformat(seance.date)
        except ValueError:
            continue  # an impossible date is reported by the schema
        nom = ferie(jour)
        if nom:
            yield _diag(seance.origine, "seance.ferie",
                        f"séance à l'école le {date_fr(jour, jour=True)}, jour férié ({nom}) : "
                        "choisissez un autre jour de la semaine", "date")


def jalons_programme(fw: Framework) -> Iterator[Diagnostic]:
    """A certification milestone (ECF, dossier professionnel, session) falls in the calendar."""
    programme = fw.programme
    if programme is None:
        return
    semaines = programme.duree.semaines if programme.duree else 0
    vus: dict[str, Origine] = {}
    for jalon in programme.jalons:
        if jalon.id in vus:
            yield _diag(jalon.origine, "id.duplicate",
                        f"identifiant de jalon « {jalon.id} » déjà utilisé", "id")
        vus.setdefault(jalon.id, jalon.origine)
        for i, semaine in enumerate(jalon.semaines):
            if semaine > semaines:
                display, line, column, path = jalon.origine.at("semaines", i)
                yield Diagnostic(display, line, column, "jalon.semaine",
                                 f"semaine {semaine} hors du calendrier de la promotion "
                                 f"(semaines 1 à {semaines})", path, Severity.ERROR)
