"""Which entities point at which: compétences of a CCP, steps and tools of a compétence,
tools of a step and back, the traceability matrix, how often each source is cited.

Indexed once per build (each list keeps the framework's order): a lookup per page instead of
a scan of every step and tool.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .model import (
    Ccp,
    Competence,
    EtapeParcours,
    Framework,
    GrilleRef,
    Outil,
    Reconnaissance,
    Seance,
    walk,
)


@dataclass
class _Index:
    competences_du_ccp: dict[str, list[Competence]] = field(default_factory=dict)
    etapes_de: dict[str, list[EtapeParcours]] = field(default_factory=dict)
    outils_de: dict[str, list[Outil]] = field(default_factory=dict)
    etapes_citant_outil: dict[str, set[str]] = field(default_factory=dict)
    outils_citant_etape: dict[str, set[str]] = field(default_factory=dict)


def competences_par_ccp(fw: Framework) -> dict[str, list[Competence]]:
    """The compétences of each CCP id, in the framework's order."""
    index: dict[str, list[Competence]] = {}
    for c in fw.competences:
        index.setdefault(c.ccp, []).append(c)
    return index


class Relations:
    """Read-only lookups between entities, by id."""

    def __init__(self, fw: Framework) -> None:
        self.fw = fw
        self.ccps = {c.id: c for c in fw.ccps}
        self.competences = {c.id: c for c in fw.competences}
        self.etapes = {e.id: e for e in fw.etapes}
        self.outils = {o.id: o for o in fw.outils}
        self.acteurs = {a.id: a for a in fw.acteurs}

    def competences_du_ccp(self, ccp: Ccp) -> list[Competence]:
        return list(self._index.competences_du_ccp.get(ccp.id, ()))

    def ccp_de(self, competence: Competence) -> Ccp:
        return self.ccps[competence.ccp]

    def etapes_de(self, competence: Competence) -> list[EtapeParcours]:
        return list(self._index.etapes_de.get(competence.id, ()))

    def outils_de(self, competence: Competence) -> list[Outil]:
        return list(self._index.outils_de.get(competence.id, ()))

    def outils_de_etape(self, etape: EtapeParcours) -> list[Outil]:
        ids = set(etape.outils) | self._index.outils_citant_etape.get(etape.id, set())
        return sorted((self.outils[i] for i in ids if i in self.outils),
                      key=lambda o: self._rang_outil[o.id])

    def etapes_de_outil(self, outil: Outil) -> list[EtapeParcours]:
        ids = set(outil.etapes) | self._index.etapes_citant_outil.get(outil.id, set())
        return sorted((self.etapes[i] for i in ids if i in self.etapes),
                      key=lambda e: self._rang_etape[e.id])

    def reconnaissances_de_outil(self, outil: Outil) -> list[Reconnaissance]:
        return [r for r in self.fw.reconnaissances if outil.id in r.outils]

    def grille_cible(self, grille: GrilleRef) -> Competence | Ccp | Outil:
        kind, value = grille.cible
        return {"competence": self.competences, "ccp": self.ccps, "outil": self.outils}[kind][value]

    def seance_outils(self, seance: Seance) -> list[Outil]:
        return [self.outils[o] for o in seance.outils]

    @cached_property
    def _rang_outil(self) -> dict[str, int]:
        return {o.id: i for i, o in enumerate(self.fw.outils)}

    @cached_property
    def _rang_etape(self) -> dict[str, int]:
        return {e.id: i for i, e in enumerate(self.fw.etapes)}

    @cached_property
    def _index(self) -> _Index:
        index = _Index(competences_du_ccp=competences_par_ccp(self.fw))
        for e in self.fw.etapes:
            for cid in dict.fromkeys(e.competences):
                index.etapes_de.setdefault(cid, []).append(e)
            for oid in e.outils:
                index.etapes_citant_outil.setdefault(oid, set()).add(e.id)
        for o in self.fw.outils:
            for cid in dict.fromkeys(o.competences):
                index.outils_de.setdefault(cid, []).append(o)
            for eid in o.etapes:
                index.outils_citant_etape.setdefault(eid, set()).add(o.id)
        return index

    @cached_property
    def matrice(self) -> list[tuple[Competence, list[EtapeParcours], list[Outil]]]:
        return [(c, self.etapes_de(c), self.outils_de(c)) for c in self.fw.competences]

    @cached_property
    def competences_orphelines(self) -> list[Competence]:
        return [c for c, etapes, outils in self.matrice if not etapes and not outils]

    @cached_property
    def sources_citees(self) -> dict[str, int]:
        counts = {s.id: 0 for s in self.fw.sources}
        for item in walk(self.fw):
            for source_id in getattr(item, "sources", ()):
                counts[source_id] = counts.get(source_id, 0) + 1
        return counts
