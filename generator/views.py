"""What the pages show, computed from the model: relations, confidence, items to verify.

Templates receive these objects and hold no business rule of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import PurePosixPath

from . import calendrier
from .calendrier import Semaine
from .model import (
    Ccp,
    Competence,
    EtapeParcours,
    Fait,
    Framework,
    GrilleRef,
    Outil,
    Personne,
    Reconnaissance,
    Seance,
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

# Columns of compétences in one séances × compétences table (coverage page).
COUVERTURE_COLONNES_MAX = 60

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
    "calendrier": ROOT / "programme" / "index.md",
    "couverture": ROOT / "programme" / "couverture.md",
    "evolutions": ROOT / "evolutions.md",
    "exporter": ROOT / "exporter.md",
    "promotion": ROOT / "suivi-promotion.md",
}


@dataclass(frozen=True)
class AVerifier:
    page: PurePosixPath
    entite: str
    element: str
    texte: str
    confiance: str
    sources: tuple[str, ...]


@dataclass
class _Index:
    competences_du_ccp: dict[str, list[Competence]]
    etapes_de: dict[str, list[EtapeParcours]]
    outils_de: dict[str, list[Outil]]
    etapes_citant_outil: dict[str, set[str]]
    outils_citant_etape: dict[str, set[str]]


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
        if isinstance(entity, Seance):
            return ROOT / "programme" / "seances" / f"{entity.id}.md"
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

    @cached_property
    def _rang_outil(self) -> dict[str, int]:
        return {o.id: i for i, o in enumerate(self.fw.outils)}

    @cached_property
    def _rang_etape(self) -> dict[str, int]:
        return {e.id: i for i, e in enumerate(self.fw.etapes)}

    @cached_property
    def _index(self) -> _Index:
        """The relations above, indexed once (each list keeps the framework's order):
        a lookup per page instead of a scan of every step and tool."""
        index = _Index({}, {}, {}, {}, {})
        for c in self.fw.competences:
            index.competences_du_ccp.setdefault(c.ccp, []).append(c)
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

    # -- séances, calendar, coverage ---------------------------------------------------------
    @property
    def a_des_seances(self) -> bool:
        return bool(self.fw.seances or self.fw.programme)

    def semaine_de(self, seance: Seance) -> int | None:
        return calendrier.semaine_de(seance, self.fw.programme)

    @cached_property
    def seances(self) -> list[Seance]:
        """Chronological: by week, then date, then id (undated séances last)."""
        def key(seance: Seance) -> tuple:
            semaine = self.semaine_de(seance)
            return (semaine is None, semaine or 0, seance.date or "", seance.id)
        return sorted(self.fw.seances, key=key)

    def seances_de(self, competence: Competence) -> list[Seance]:
        return list(self._seances_par_competence.get(competence.id, ()))

    @cached_property
    def _seances_par_competence(self) -> dict[str, list[Seance]]:
        """Chronological séances of each compétence, indexed once (not a scan per page)."""
        index: dict[str, list[Seance]] = {}
        for seance in self.seances:
            for cid in dict.fromkeys(seance.competences):
                index.setdefault(cid, []).append(seance)
        return index

    def lundi(self, semaine: int | None):
        if semaine is None or self.fw.programme is None:
            return None
        return calendrier.lundi(self.fw.programme, semaine)

    def lieu_semaine(self, semaine: int | None) -> str | None:
        if semaine is None or self.fw.programme is None:
            return None
        return calendrier.lieu_semaine(self.fw.programme, semaine)

    def quand(self, seance: Seance) -> str:
        """« semaine 5 (école), mardi 6 octobre 2026 »."""
        semaine = self.semaine_de(seance)
        parts = []
        if semaine is not None:
            lieu = self.lieu_semaine(semaine)
            parts.append(f"semaine {semaine}" + (f" ({calendrier.LIEUX[lieu]})" if lieu else ""))
        if seance.date:
            parts.append(calendrier.date_fr(seance.date, jour=True))
        elif semaine is not None and self.lundi(semaine):
            parts.append(f"semaine du {calendrier.date_fr(self.lundi(semaine))}")
        text = ", ".join(parts) or "non datée"
        return text[0].upper() + text[1:]

    @cached_property
    def calendrier(self) -> list[Semaine]:
        programme = self.fw.programme
        if programme is None:
            return []
        by_week: dict[int, list[Seance]] = {}
        for seance in self.seances:
            semaine = self.semaine_de(seance)
            if semaine is not None:
                by_week.setdefault(semaine, []).append(seance)
        motifs = {e.semaine: e.motif for e in programme.exceptions}
        return [
            Semaine(n, calendrier.lieu_semaine(programme, n), calendrier.lundi(programme, n),
                    motifs.get(n), tuple(by_week.get(n, ())))
            for n in range(1, calendrier.nombre_semaines(programme) + 1)
        ]

    @cached_property
    def periodes(self) -> list[tuple[int, int]]:
        """School periods: from each school week to the week before the next one."""
        programme = self.fw.programme
        if programme is None:
            return []
        ecole = calendrier.semaines_ecole(programme)
        fin = calendrier.nombre_semaines(programme)
        return [(debut, (ecole[i + 1] - 1) if i + 1 < len(ecole) else fin)
                for i, debut in enumerate(ecole)]

    def titre_periode(self, numero: int, debut: int, fin: int) -> str:
        title = f"Période {numero} : semaines {debut} à {fin}" if fin > debut \
            else f"Période {numero} : semaine {debut}"
        lundi = self.lundi(debut)
        return f"{title} ({calendrier.mois_fr(lundi)})" if lundi else title

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

    @staticmethod
    def part_heures(seance: Seance) -> float:
        """Hours credited to each compétence of a séance: its duration shared equally."""
        return seance.duree / len(seance.competences) if seance.competences else 0.0

    @cached_property
    def couverture(self) -> list[tuple[Competence, list[Seance], float, int]]:
        """(compétence, séances, hours credited, number of its criteria aimed at)."""
        rows = []
        for comp in self.fw.competences:
            seances = self.seances_de(comp)
            heures = sum(self.part_heures(s) for s in seances)
            ids = {c.id for c in comp.criteres}
            vises = {c for s in seances for c in s.criteres if c in ids}
            rows.append((comp, seances, heures, len(vises)))
        return rows

    @cached_property
    def competences_non_couvertes(self) -> list[Competence]:
        return [c for c, seances, _, _ in self.couverture if not seances]

    def heures_du_ccp(self, ccp: Ccp) -> float:
        return sum(h for _, _, h, _ in self.couverture_du_ccp(ccp))

    def couverture_du_ccp(self, ccp: Ccp) -> list[tuple[Competence, list[Seance], float, int]]:
        return self._couverture_par_ccp.get(ccp.id, [])

    @cached_property
    def _couverture_par_ccp(self) -> dict[str, list[tuple[Competence, list[Seance], float, int]]]:
        index: dict[str, list[tuple[Competence, list[Seance], float, int]]] = {}
        for row in self.couverture:
            index.setdefault(row[0].ccp, []).append(row)
        return index

    def nb_seances(self, competence: Competence) -> int:
        return len(self._seances_par_competence.get(competence.id, ()))

    @cached_property
    def blocs_couverture(self) -> list[tuple[Ccp | None, list[Competence], list[Seance]]]:
        """The séances × compétences table: a single one while the compétences fit in
        COUVERTURE_COLONNES_MAX columns; beyond, one per CCP with only the séances that work
        on its compétences, so that the page grows with the framework, not with its square."""
        competences = list(self.fw.competences)
        if len(competences) <= COUVERTURE_COLONNES_MAX:
            return [(None, competences, self.seances)]
        rang = {s.id: i for i, s in enumerate(self.seances)}
        par_ccp: dict[str, dict[str, Seance]] = {}
        for comp in competences:
            for seance in self._seances_par_competence.get(comp.id, ()):
                par_ccp.setdefault(comp.ccp, {})[seance.id] = seance
        return [
            (ccp, self.competences_du_ccp(ccp),
             sorted(par_ccp.get(ccp.id, {}).values(), key=lambda s: rang[s.id]))
            for ccp in self.fw.ccps
        ]

    @cached_property
    def heures_totales(self) -> float:
        return sum(s.duree for s in self.fw.seances)

    def criteres_vises(self, seance: Seance) -> list[tuple[Competence, list, bool]]:
        """For each compétence of the séance: the criteria aimed at (all of them when the
        séance names none for this compétence, flagged False)."""
        out = []
        for cid in seance.competences:
            comp = self.competences[cid]
            named = [c for c in comp.criteres if c.id in seance.criteres]
            out.append((comp, named or list(comp.criteres), bool(named)))
        return out

    @staticmethod
    def heures(value: float) -> str:
        """« 3 h 30 », « 45 min », « 12 h » (rounded to the minute)."""
        minutes = round(value * 60)
        heures, reste = divmod(minutes, 60)
        if not heures:
            return f"{reste} min"
        return f"{heures} h {reste:02d}" if reste else f"{heures} h"

    def grille_cible(self, grille: GrilleRef) -> Competence | Ccp | Outil:
        kind, value = grille.cible
        return {"competence": self.competences, "ccp": self.ccps, "outil": self.outils}[kind][value]

    def grille_contexte(self, grille: GrilleRef) -> str:
        """What the grid evaluates: « compétence 3 : … », « CCP 1 : … », « outil : … »."""
        cible = self.grille_cible(grille)
        if isinstance(cible, Competence):
            return f"compétence {cible.numero} : {cible.intitule}"
        if isinstance(cible, Ccp):
            return f"synthèse du CCP {cible.numero} : {cible.intitule}"
        return f"outil : {cible.intitule}"

    @staticmethod
    def date_courte(day) -> str:
        return calendrier.date_fr(day) if day else "—"

    def quand_debut(self) -> str:
        programme = self.fw.programme
        if programme is None or programme.debut is None:
            return ""
        return calendrier.date_fr(programme.debut.date, jour=True)

    def seance_outils(self, seance: Seance) -> list[Outil]:
        return [self.outils[o] for o in seance.outils]

    def personne(self, personne: Personne) -> str:
        if personne.acteur:
            text = self.acteurs[personne.acteur].libelle
            return f"{text}, {personne.precision}" if personne.precision else text
        return personne.nom or ""

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
        if fw.programme:
            programme = fw.programme
            page, entite = PATHS["calendrier"], programme.intitule
            if programme.debut:
                add(page, entite, "Date de début", programme.debut, programme.debut.date)
            if programme.duree:
                add(page, entite, "Durée", programme.duree,
                    f"{programme.duree.semaines} semaines")
            if programme.rythme:
                add(page, entite, "Rythme de l'alternance", programme.rythme,
                    f"{programme.rythme.ecole} semaine(s) d'école, "
                    f"{programme.rythme.terrain} de terrain")
            if programme.stagiaires:
                add(page, entite, "Stagiaires", programme.stagiaires,
                    str(programme.stagiaires.nombre))
        for terme in fw.glossaire:
            add(PATHS["glossaire"], "Glossaire", terme.sigle, terme, terme.definition)
        return rows

