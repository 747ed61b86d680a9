"""What the pages show, computed from the model: relations, confidence, items to verify.

Templates receive these objects and hold no business rule of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import PurePosixPath

from .model import (
    Ccp,
    Competence,
    EtapeParcours,
    Fait,
    Framework,
    Outil,
    Reconnaissance,
    Source,
    walk,
)

_RANK = {"A": 3, "B": 2, "C": 1, "?": 0}
CONFIANCE_LIBELLES = {
    "A": "texte officiel",
    "B": "source secondaire sérieuse",
    "C": "source unique non officielle",
    "?": "non trouvé dans les sources",
}

ROOT = PurePosixPath("referentiel")
PATHS = {
    "titre": ROOT / "titre.md",
    "parcours": ROOT / "parcours" / "index.md",
    "outils": ROOT / "outils" / "index.md",
    "reconnaissances": ROOT / "reconnaissances.md",
    "ecole": ROOT / "ecole.md",
    "matrice": ROOT / "matrice.md",
    "glossaire": ROOT / "glossaire.md",
    "sources": ROOT / "sources.md",
    "a_verifier": ROOT / "a-verifier.md",
    "evolutions": ROOT / "evolutions.md",
    "exporter": ROOT / "exporter.md",
}


@dataclass(frozen=True)
class AVerifier:
    page: PurePosixPath
    entite: str
    element: str
    texte: str
    confiance: str
    sources: tuple[str, ...]


class SiteView:
    """Read-only queries over the framework used by every template."""

    def __init__(self, fw: Framework) -> None:
        self.fw = fw
        self.sources = {s.id: s for s in fw.sources}
        self.ccps = {c.id: c for c in fw.ccps}
        self.competences = {c.id: c for c in fw.competences}
        self.etapes = {e.id: e for e in fw.etapes}
        self.outils = {o.id: o for o in fw.outils}
        self.acteurs = {a.id: a for a in fw.acteurs}

    # -- paths -------------------------------------------------------------------------
    @staticmethod
    def path(entity: object) -> PurePosixPath:
        if isinstance(entity, Ccp):
            return ROOT / "ccp" / f"{entity.id}.md"
        if isinstance(entity, Competence):
            return ROOT / "competences" / f"{entity.id}.md"
        if isinstance(entity, EtapeParcours):
            return ROOT / "parcours" / f"{entity.id}.md"
        if isinstance(entity, Outil):
            return ROOT / "outils" / f"{entity.id}.md"
        if isinstance(entity, Reconnaissance):
            return PATHS["reconnaissances"]
        if isinstance(entity, str):
            return PATHS[entity]
        raise TypeError(f"pas de page pour {entity!r}")

    # -- confidence ----------------------------------------------------------------------
    def confiance(self, obj: object) -> str:
        """Stated confidence, else the best confidence among the object's sources."""
        stated = getattr(obj, "confiance", None)
        if stated:
            return stated
        ranks = [self.sources[s].confiance for s in getattr(obj, "sources", ()) if s in self.sources]
        return max(ranks, key=_RANK.__getitem__) if ranks else "?"

    def a_verifier(self, obj: object) -> bool:
        return _RANK[self.confiance(obj)] <= 1

    def source(self, source_id: str) -> Source:
        return self.sources[source_id]

    # -- relations -----------------------------------------------------------------------
    def competences_du_ccp(self, ccp: Ccp) -> list[Competence]:
        return [c for c in self.fw.competences if c.ccp == ccp.id]

    def ccp_de(self, competence: Competence) -> Ccp:
        return self.ccps[competence.ccp]

    def etapes_de(self, competence: Competence) -> list[EtapeParcours]:
        return [e for e in self.fw.etapes if competence.id in e.competences]

    def outils_de(self, competence: Competence) -> list[Outil]:
        return [o for o in self.fw.outils if competence.id in o.competences]

    def outils_de_etape(self, etape: EtapeParcours) -> list[Outil]:
        ids = set(etape.outils) | {o.id for o in self.fw.outils if etape.id in o.etapes}
        return [o for o in self.fw.outils if o.id in ids]

    def etapes_de_outil(self, outil: Outil) -> list[EtapeParcours]:
        ids = set(outil.etapes) | {e.id for e in self.fw.etapes if outil.id in e.outils}
        return [e for e in self.fw.etapes if e.id in ids]

    def reconnaissances_de_outil(self, outil: Outil) -> list[Reconnaissance]:
        return [r for r in self.fw.reconnaissances if outil.id in r.outils]

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

    # -- what an editor must confirm -------------------------------------------------------
    @cached_property
    def a_verifier_liste(self) -> list[AVerifier]:
        fw = self.fw
        rows: list[AVerifier] = []

        def add(page, entite, element, obj, texte):
            if self.a_verifier(obj):
                rows.append(AVerifier(page, entite, element, texte, self.confiance(obj),
                                      tuple(getattr(obj, "sources", ()))))

        def facts(page, entite, faits: tuple[Fait, ...]):
            for fait in faits:
                add(page, entite, fait.libelle, fait, fait.valeur)

        if fw.titre:
            facts(PATHS["titre"], "Titre CIP", fw.titre.fiche)
            for para in fw.titre.description:
                add(PATHS["titre"], "Titre CIP", "Résumé de l'emploi", para, para.texte)
        for ccp in fw.ccps:
            add(self.path(ccp), f"CCP {ccp.numero}", "Intitulé", ccp, ccp.intitule)
        for comp in fw.competences:
            page, entite = self.path(comp), f"Compétence {comp.numero}"
            add(page, entite, "Intitulé", comp, comp.intitule)
            if comp.description:
                add(page, entite, "Description", comp.description, comp.description.texte)
        for etape in fw.etapes:
            page, entite = self.path(etape), f"Étape {etape.ordre} : {etape.intitule}"
            add(page, entite, "Étape", etape, etape.objectif)
            for regle in etape.regles:
                add(page, entite, "Règle", regle, regle.texte)
            for duree in etape.durees:
                add(page, entite, duree.libelle, duree, duree.valeur)
        for outil in fw.outils:
            add(self.path(outil), f"Outil : {outil.intitule}", "Outil", outil, outil.objectif)
        for reco in fw.reconnaissances:
            add(self.path(reco), reco.intitule, "Voie de reconnaissance", reco, reco.intitule)
            facts(self.path(reco), reco.intitule, reco.faits)
        if fw.ecole:
            facts(PATHS["ecole"], fw.ecole.intitule, fw.ecole.faits)
        for terme in fw.glossaire:
            add(PATHS["glossaire"], "Glossaire", terme.sigle, terme, terme.definition)
        return rows

