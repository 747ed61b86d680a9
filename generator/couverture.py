"""Which séances work on which compétence, and for how many hours (« Couverture » page,
compétence pages, séance sheets).

A séance's duration is shared equally between its compétences.
"""

from __future__ import annotations

from functools import cached_property

from .calendrier import Calendrier, heures_ecole, semaines_ecole
from .model import Ccp, Competence, Critere, Framework, Seance
from .relations import competences_par_ccp

# Columns of compétences in one séances × compétences table (coverage page).
COUVERTURE_COLONNES_MAX = 60

# (compétence, its séances, hours credited, number of its criteria aimed at)
Ligne = tuple[Competence, list[Seance], float, int]


def part_heures(seance: Seance) -> float:
    """Hours credited to each compétence of a séance: its duration shared equally."""
    return seance.duree / len(seance.competences) if seance.competences else 0.0


class Couverture:
    def __init__(self, fw: Framework, calendrier: Calendrier | None = None) -> None:
        self.fw = fw
        self.calendrier = calendrier or Calendrier(fw)
        self.competences = {c.id: c for c in fw.competences}

    part_heures = staticmethod(part_heures)

    @cached_property
    def _seances_par_competence(self) -> dict[str, list[Seance]]:
        """Chronological séances of each compétence, indexed once (not a scan per page)."""
        index: dict[str, list[Seance]] = {}
        for seance in self.calendrier.seances:
            for cid in dict.fromkeys(seance.competences):
                index.setdefault(cid, []).append(seance)
        return index

    def seances_de(self, competence: Competence) -> list[Seance]:
        return list(self._seances_par_competence.get(competence.id, ()))

    def nb_seances(self, competence: Competence) -> int:
        return len(self._seances_par_competence.get(competence.id, ()))

    @cached_property
    def lignes(self) -> list[Ligne]:
        rows = []
        for comp in self.fw.competences:
            seances = self.seances_de(comp)
            heures = sum(part_heures(s) for s in seances)
            ids = {c.id for c in comp.criteres}
            vises = {c for s in seances for c in s.criteres if c in ids}
            rows.append((comp, seances, heures, len(vises)))
        return rows

    @cached_property
    def competences_non_couvertes(self) -> list[Competence]:
        return [c for c, seances, _, _ in self.lignes if not seances]

    @cached_property
    def _par_ccp(self) -> dict[str, list[Ligne]]:
        index: dict[str, list[Ligne]] = {}
        for row in self.lignes:
            index.setdefault(row[0].ccp, []).append(row)
        return index

    def couverture_du_ccp(self, ccp: Ccp) -> list[Ligne]:
        return self._par_ccp.get(ccp.id, [])

    def heures_du_ccp(self, ccp: Ccp) -> float:
        return sum(h for _, _, h, _ in self.couverture_du_ccp(ccp))

    @cached_property
    def heures_totales(self) -> float:
        return sum(s.duree for s in self.fw.seances)

    @cached_property
    def temps_ecole(self) -> dict | None:
        """School time and the share of it the séances fill: hours, weeks, percentage."""
        programme = self.fw.programme
        total = heures_ecole(programme) if programme else None
        if not total or programme is None or programme.temps_ecole is None:
            return None
        return {"heures": total, "semaines": len(semaines_ecole(programme)),
                "par_semaine": programme.temps_ecole.heures_par_semaine,
                "pourcent": round(100 * self.heures_totales / total),
                "reste": max(total - self.heures_totales, 0.0)}

    @cached_property
    def blocs_couverture(self) -> list[tuple[Ccp | None, list[Competence], list[Seance]]]:
        """The séances × compétences table: a single one while the compétences fit in
        COUVERTURE_COLONNES_MAX columns; beyond, one per CCP with only the séances that work
        on its compétences, so that the page grows with the framework, not with its square."""
        competences = list(self.fw.competences)
        seances = self.calendrier.seances
        if len(competences) <= COUVERTURE_COLONNES_MAX:
            return [(None, competences, seances)]
        rang = {s.id: i for i, s in enumerate(seances)}
        par_ccp: dict[str, dict[str, Seance]] = {}
        for comp in competences:
            for seance in self._seances_par_competence.get(comp.id, ()):
                par_ccp.setdefault(comp.ccp, {})[seance.id] = seance
        du_ccp = competences_par_ccp(self.fw)
        return [
            (ccp, list(du_ccp.get(ccp.id, ())),
             sorted(par_ccp.get(ccp.id, {}).values(), key=lambda s: rang[s.id]))
            for ccp in self.fw.ccps
        ]

    def criteres_vises(self, seance: Seance) -> list[tuple[Competence, list[Critere], bool]]:
        """For each compétence of the séance: the criteria aimed at (all of them when the
        séance names none for this compétence, flagged False)."""
        out = []
        for cid in seance.competences:
            comp = self.competences[cid]
            named = [c for c in comp.criteres if c.id in seance.criteres]
            out.append((comp, named or list(comp.criteres), bool(named)))
        return out
