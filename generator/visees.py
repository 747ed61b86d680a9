"""The compétences of linked frameworks that a tool aims at, resolved for the pages, the grids
and the exports.

A tool's ``competences_visees`` (« cap-aepe:ep1 », « cap-aepe:soins ») name compétences, or
parts (CCP, bloc) standing for all their compétences, of a framework read beside this one
(``Framework.lies``; the references were checked). For each linked framework, in the order of
titre.yml's ``referentiels_lies``, the compétences come in that framework's own order, each
with its part, its criteria (official or proposed) and its sources, all read from the linked
framework's data: its name (« CAP AEPE ») is never written in the code.
"""

from __future__ import annotations

from dataclasses import dataclass

from .confiance import Confiance
from .libelles import majuscule
from .model import Ccp, Competence, Framework, Outil, Source, Titre
from .relations import competences_par_ccp


@dataclass(frozen=True)
class CritereVise:
    numero: str  # « C1 », as on the linked framework's own grids
    libelle: str
    propose: bool  # « critère proposé »: not taken from an official text
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class CompetenceVisee:
    cle: str  # « cap-aepe:soins »: the name of its answers in a form (no field id has « : »)
    competence: Competence
    bloc: Ccp | None
    criteres: tuple[CritereVise, ...]
    sources: tuple[Source, ...]
    a_verifier: bool  # confidence C or ? in the linked framework

    @property
    def numero(self) -> int:
        return self.competence.numero

    @property
    def intitule(self) -> str:
        return self.competence.intitule


@dataclass(frozen=True)
class Visees:
    """The compétences of one linked framework that one tool aims at."""

    id: str  # the linked framework's id, prefix of the references
    titre: Titre  # the linked framework's titre.yml
    partie: str  # what the framework calls its parts, capitalised: « Bloc de compétences »
    competences: tuple[CompetenceVisee, ...]

    @property
    def nom(self) -> str:
        """The certification as people name it: its sigle (« CAP AEPE »)."""
        return self.titre.sigle

    def contexte(self, visee: CompetenceVisee) -> str:
        """« Bloc de compétences 1 : … » (empty when the part is unknown)."""
        bloc = visee.bloc
        return f"{self.partie} {bloc.numero} : {bloc.intitule}" if bloc else ""

    def par_bloc(self) -> list[tuple[str, list[CompetenceVisee]]]:
        """The compétences grouped by part, in order: (« Bloc de compétences 1 : … », …)."""
        groupes: list[tuple[str, list[CompetenceVisee]]] = []
        for visee in self.competences:
            contexte = self.contexte(visee)
            if not groupes or groupes[-1][0] != contexte:
                groupes.append((contexte, []))
            groupes[-1][1].append(visee)
        return groupes

    @property
    def sources(self) -> tuple[Source, ...]:
        seen: dict[str, Source] = {}
        for visee in self.competences:
            for s in visee.sources + tuple(x for c in visee.criteres for x in c.sources):
                seen.setdefault(s.id, s)
        return tuple(seen.values())


def nom_partie(titre: Titre) -> str:
    """What a framework calls its parts (« Bloc de compétences », « CCP »), capitalised."""
    return majuscule(titre.vocabulaire.partie.singulier)


def visees(fw: Framework, outil: Outil) -> tuple[Visees, ...]:
    """The linked frameworks' compétences ``outil`` aims at, grouped by framework."""
    refs = outil.competences_visees or ()
    if not refs:
        return ()
    out = []
    for ident, lie in fw.lies:
        wanted = {ref.partition(":")[2] for ref in refs if ref.partition(":")[0] == ident}
        if not wanted or lie.titre is None:
            continue
        blocs = {c.id: c for c in lie.ccps}
        par_bloc = competences_par_ccp(lie)
        sources = {s.id: s for s in lie.sources}
        confiance = Confiance(lie)
        chosen = {c.id for c in lie.competences if c.id in wanted}
        for bloc_id in wanted & blocs.keys():
            chosen |= {c.id for c in par_bloc.get(bloc_id, ())}
        competences = tuple(
            CompetenceVisee(
                f"{ident}:{comp.id}", comp, blocs.get(comp.ccp),
                tuple(CritereVise(f"C{n}", cr.libelle, cr.propose,
                                  tuple(sources[s] for s in cr.sources if s in sources))
                      for n, cr in enumerate(comp.criteres, start=1)),
                tuple(sources[s] for s in comp.sources if s in sources),
                confiance.a_verifier(comp))
            for bloc_id in [*blocs, None] for comp in _du_bloc(lie, par_bloc, bloc_id)
            if comp.id in chosen)
        out.append(Visees(ident, lie.titre, nom_partie(lie.titre), competences))
    return tuple(out)


def _du_bloc(lie: Framework, par_bloc: dict[str, list[Competence]],
             bloc_id: str | None) -> list[Competence]:
    """The compétences of a part in order; for ``None``, those of no known part."""
    if bloc_id is not None:
        return par_bloc.get(bloc_id, [])
    known = {c.id for c in lie.ccps}
    return [c for c in lie.competences if c.ccp not in known]
