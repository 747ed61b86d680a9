"""Stage 4: rules a JSON Schema cannot express, checked on the model.

Unique ids (within a kind, and criteria across the whole framework), file names equal to ids,
references to existing entities, unique ranks. ``declared`` holds every id that the files
declare, even files that failed earlier stages, so that a broken file does not make every
reference to it look dangling.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePosixPath

from . import calendrier
from .checks_dp import check_dossier_professionnel
from .diagnostics import Diagnostic, Severity
from .load import FOLDERS, SourceDoc
from .model import Framework, Origine, Seance, walk

# What a reference names, in French, for messages: "outil inconnu « x »".
_REF_NAMES = {
    "competence": "compétence inconnue",
    "ccp": "CCP inconnu",
    "outil": "outil inconnu",
    "etape_parcours": "étape du parcours inconnue",
    "acteur": "acteur inconnu",
    "source": "source inconnue",
    "niveau": "niveau inconnu",
    "critere": "critère inconnu",
    "grille_outil": "grille inconnue",
}
_LIST_KEYS = {"sources": ("source", "sources"), "acteurs": ("acteur", "acteurs")}


@dataclass
class Declared:
    """Ids declared by the files, including files that failed validation.

    ``unknown`` holds the kinds whose ids cannot be known (their file is unreadable), for
    which references are not checked rather than all reported as dangling.
    """

    ids: dict[str, set[str]] = field(default_factory=dict)
    unknown: set[str] = field(default_factory=set)
    # Compétences named by séance files, valid or not (None: a séance file does not parse).
    couvertes: set[str] | None = field(default_factory=set)

    def knows(self, kind: str, value: str) -> bool:
        return kind in self.unknown or value in self.ids.get(kind, set())


def declared_ids(docs: Iterable[SourceDoc], entity_files: Iterable[PurePosixPath]) -> Declared:
    declared = Declared(ids={kind: set() for kind in _REF_NAMES})
    for rel in entity_files:  # a file's stem is its id, even when the file does not parse
        kind = FOLDERS.get(rel.parts[0]) if len(rel.parts) == 2 else None
        if kind in _REF_NAMES:
            declared.ids[kind].add(rel.stem)
    parsed_lists = set()
    for doc in docs:
        data = doc.data if isinstance(doc.data, dict) else {}
        if doc.kind in _REF_NAMES and isinstance(data.get("id"), str):
            declared.ids[doc.kind].add(data["id"])
        if doc.kind == "competence":
            parsed_lists.add(doc.rel.as_posix())
            criteres = data.get("criteres")
            for item in criteres if isinstance(criteres, list) else []:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    declared.ids["critere"].add(item["id"])
        if doc.kind == "seance" and declared.couvertes is not None:
            competences = data.get("competences")
            for item in competences if isinstance(competences, list) else []:
                if isinstance(item, str):
                    declared.couvertes.add(item)
        if doc.kind == "outil" and isinstance(data.get("id"), str) and "formulaire" in data:
            declared.ids["grille_outil"].add(data["id"])
        if doc.kind in _LIST_KEYS:
            kind, key = _LIST_KEYS[doc.kind]
            parsed_lists.add(doc.kind)
            items = data.get(key)
            for item in items if isinstance(items, list) else []:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    declared.ids[kind].add(item["id"])
        if doc.kind == "echelle":
            parsed_lists.add("echelle")
            niveaux = data.get("niveaux")
            for item in niveaux if isinstance(niveaux, list) else []:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    declared.ids["niveau"].add(item["id"])
    # A list file that is missing or does not parse hides its ids: its own diagnostic says so,
    # and references to it are not checked rather than all reported as dangling.
    for list_kind, ref_kind in (("sources", "source"), ("acteurs", "acteur"), ("echelle", "niveau")):
        if list_kind not in parsed_lists:
            declared.unknown.add(ref_kind)
    # A compétence file that does not parse hides its criteria (and an outil file its form).
    entity_files = list(entity_files)
    if any(FOLDERS.get(rel.parts[0]) == "competence" and rel.as_posix() not in parsed_lists
           for rel in entity_files if len(rel.parts) == 2):
        declared.unknown.add("critere")
    parsed_outils = {doc.rel for doc in docs if doc.kind == "outil"}
    parsed_seances = {doc.rel for doc in docs if doc.kind == "seance"}
    if any(FOLDERS.get(rel.parts[0]) == "seance" and rel not in parsed_seances
           for rel in entity_files if len(rel.parts) == 2):
        declared.couvertes = None
    if any(FOLDERS.get(rel.parts[0]) == "outil" and rel not in parsed_outils
           for rel in entity_files if len(rel.parts) == 2):
        declared.unknown.add("grille_outil")
    return declared


def _error(origine: Origine, code: str, message: str, *sub: str | int, key: bool = False,
           severity: Severity = Severity.ERROR) -> Diagnostic:
    display, line, column, path = origine.at(*sub, key=key)
    return Diagnostic(display, line, column, code, message, path, severity)


class _Checker:
    def __init__(self, fw: Framework, declared: Declared) -> None:
        self.fw = fw
        self.declared = declared
        self.out: list[Diagnostic] = []

    def ref(self, origine: Origine, kind: str, value: str, *sub: str | int) -> None:
        if self.declared.knows(kind, value):
            return
        message = f"{_REF_NAMES[kind]} « {value} »"
        close = difflib.get_close_matches(value, sorted(self.declared.ids.get(kind, ())), n=1)
        if close:
            message += f" (vouliez-vous dire « {close[0]} » ?)"
        self.out.append(_error(origine, "ref.unknown", message, *sub))

    def refs(self, origine: Origine, kind: str, field_name: str, values: Iterable[str]) -> None:
        for i, value in enumerate(values):
            self.ref(origine, kind, value, field_name, i)

    def unique(self, items: Iterable[tuple[str, Origine, tuple]], what: str,
               code: str = "id.duplicate") -> None:
        first: dict[str, Origine] = {}
        for value, origine, sub in items:
            if value in first:
                seen = first[value]
                display, line, _, _ = seen.at(*sub)
                where = f"ligne {line}" if seen.doc is origine.doc else f"{display}:{line}"
                self.out.append(
                    _error(origine, code, f"{what} « {value} » déjà utilisé ({where})", *sub)
                )
            else:
                first[value] = origine

    def run(self) -> list[Diagnostic]:
        fw = self.fw
        for entity in (*fw.ccps, *fw.competences, *fw.etapes, *fw.outils,
                       *fw.reconnaissances, *fw.versions, *fw.seances):
            stem = entity.origine.doc.rel.stem
            if entity.id != stem:
                self.out.append(_error(
                    entity.origine, "id.filename",
                    f"l'identifiant « {entity.id} » doit être le nom du fichier « {stem} »",
                    "id",
                ))
        for group, what in ((fw.ccps, "identifiant"), (fw.competences, "identifiant"),
                            (fw.etapes, "identifiant"), (fw.outils, "identifiant"),
                            (fw.reconnaissances, "identifiant"), (fw.versions, "identifiant"),
                            (fw.seances, "identifiant"),
                            (fw.sources, "identifiant"), (fw.acteurs, "identifiant"),
                            (fw.glossaire, "identifiant")):
            self.unique(((e.id, e.origine, ("id",)) for e in group), what)
        self.unique(((t.sigle, t.origine, ("sigle",)) for t in fw.glossaire), "sigle")
        self.unique(((c.id, c.origine, ("id",)) for comp in fw.competences for c in comp.criteres),
                    "identifiant de critère")
        self.unique(((str(c.numero), c.origine, ("numero",)) for c in fw.ccps), "numéro de CCP",
                    "numero.duplicate")
        self.unique(((str(c.numero), c.origine, ("numero",)) for c in fw.competences),
                    "numéro de compétence", "numero.duplicate")
        self.unique(((str(e.ordre), e.origine, ("ordre",)) for e in fw.etapes),
                    "rang d'étape", "numero.duplicate")
        for titre_facts in ([fw.titre.fiche] if fw.titre else []) + \
                [r.faits for r in fw.reconnaissances] + ([fw.ecole.faits] if fw.ecole else []):
            self.unique(((f.id, f.origine, ("id",)) for f in titre_facts), "identifiant de fait")
        for outil in fw.outils:
            if outil.formulaire:
                self.unique(((c.id, c.origine, ("id",)) for r in outil.formulaire.rubriques
                             for c in r.champs), "identifiant de champ")

        if fw.echelle:
            self.unique(((n.id, n.origine, ("id",)) for n in fw.echelle.niveaux),
                        "identifiant de niveau")
            self.ref(fw.echelle.origine, "niveau", fw.echelle.defaut, "defaut")
        for comp in fw.competences:
            self.ref(comp.origine, "ccp", comp.ccp, "ccp")
        for etape in fw.etapes:
            self.refs(etape.origine, "acteur", "acteurs", etape.acteurs)
            self.refs(etape.origine, "competence", "competences", etape.competences)
            self.refs(etape.origine, "outil", "outils", etape.outils)
        for outil in fw.outils:
            self.refs(outil.origine, "etape_parcours", "etapes", outil.etapes)
            self.refs(outil.origine, "acteur", "acteurs", outil.acteurs)
            self.refs(outil.origine, "competence", "competences", outil.competences)
        for reco in fw.reconnaissances:
            self.refs(reco.origine, "outil", "outils", reco.outils)
        for version in fw.versions:
            for i, ccp in enumerate(version.ccp):
                for j, comp in enumerate(ccp.competences):
                    if comp.correspond_a:
                        self.ref(version.origine, "competence", comp.correspond_a,
                                 "ccp", i, "competences", j, "correspond_a")
        for origine, sources in _all_sources(fw):
            self.refs(origine, "source", "sources", sources)
        self._tool_step_symmetry()
        for seance in fw.seances:
            self._seance(seance)
        if fw.programme:
            self._programme()
        check_dossier_professionnel(self)
        return self.out

    # -- séances and programme ---------------------------------------------------------
    def _seance(self, seance: Seance) -> None:
        o = seance.origine
        personnes = [(("formateur",), seance.formateur)]
        personnes += [(("intervenants", i), p) for i, p in enumerate(seance.intervenants)]
        for sub, personne in personnes:
            if personne is not None and personne.acteur:
                self.ref(o, "acteur", personne.acteur, *sub, "acteur")
        self.refs(o, "competence", "competences", seance.competences)
        self.refs(o, "critere", "criteres", seance.criteres)
        self.refs(o, "outil", "outils", seance.outils)
        for i, grille in enumerate(seance.grilles):
            kind, value = grille.cible
            if not self.declared.knows(kind, value):
                self.ref(o, kind, value, "grilles", i, kind)
            elif kind == "outil" and not self.declared.knows("grille_outil", value):
                avec = sorted(self.declared.ids["grille_outil"])
                self.out.append(_error(
                    o, "ref.unknown",
                    f"grille inconnue : l'outil « {value} » n'a pas de formulaire, donc pas de "
                    f"grille (outils qui en ont : {', '.join(avec) or 'aucun'})",
                    "grilles", i, kind,
                ))
        # A criterion evaluates one compétence: it must be one the séance works on.
        owner = self._owner
        for i, critere in enumerate(seance.criteres):
            comp = owner.get(critere)
            if comp and comp not in seance.competences:
                self.out.append(_error(
                    o, "seance.critere",
                    f"le critère « {critere} » évalue la compétence « {comp} », absente des "
                    f"« competences » de la séance",
                    "criteres", i,
                ))
        total = sum(etape.duree for etape in seance.deroule)
        if seance.deroule and total != round(seance.duree * 60):
            self.out.append(_error(
                o, "seance.duree",
                f"le déroulé totalise {_heures(total)} pour une séance de "
                f"{_heures(round(seance.duree * 60))}",
                "duree", severity=Severity.WARNING,
            ))
        programme = self.fw.programme
        if programme is None:
            return
        semaines = calendrier.nombre_semaines(programme)
        from_date = calendrier.semaine_de_date(programme, seance.date) if seance.date else None
        if seance.date and programme.debut is None and seance.semaine is None:
            self.out.append(_error(
                o, "seance.date",
                "le programme n'a pas de date de début : indiquez la « semaine » de la séance",
                "date",
            ))
        if seance.semaine is not None and from_date is not None and from_date != seance.semaine:
            self.out.append(_error(
                o, "seance.date",
                f"la date {calendrier.date_fr(seance.date)} tombe en semaine {from_date}, "
                f"pas en semaine {seance.semaine}",
                "date",
            ))
            return
        semaine = calendrier.semaine_de(seance, programme)
        if semaine is None:
            return
        if not 1 <= semaine <= semaines:
            if seance.semaine is not None:
                message = (f"semaine {semaine} hors du calendrier de la promotion "
                           f"(semaines 1 à {semaines})")
            else:
                first, last = calendrier.lundi(programme, 1), calendrier.lundi(programme, semaines)
                assert first is not None and last is not None
                message = (f"la date {calendrier.date_fr(seance.date or '')} est hors du "
                           f"calendrier de la promotion (du {calendrier.date_fr(first)} au "
                           f"{calendrier.date_fr(last + dt.timedelta(days=6))})")
            self.out.append(_error(o, "seance.semaine", message,
                                   "semaine" if seance.semaine is not None else "date"))
            return
        lieu = calendrier.lieu_semaine(programme, semaine)
        if seance.lieu == "ecole" and lieu != "ecole":
            ecole = calendrier.semaines_ecole(programme)
            liste = ", ".join(str(n) for n in ecole[:4]) + ("…" if len(ecole) > 4 else "")
            motif = next((e.motif for e in programme.exceptions if e.semaine == semaine), None)
            nature = "de terrain" if lieu == "terrain" else "d'interruption"
            if motif:
                nature += f" ({' '.join(motif.split())})"
            self.out.append(_error(
                o, "seance.lieu",
                f"séance à l'école en semaine {semaine}, qui est une semaine {nature} ; "
                f"semaines d'école : {liste or 'aucune'}",
                "semaine" if seance.semaine is not None else "date",
            ))

    @cached_property
    def _owner(self) -> dict[str, str]:
        """The compétence of each criterion (built once: séances are many at scale)."""
        return {c.id: comp.id for comp in self.fw.competences for c in comp.criteres}

    def _programme(self) -> None:
        programme = self.fw.programme
        assert programme is not None
        semaines = calendrier.nombre_semaines(programme)
        self.unique(((str(e.semaine), e.origine, ("semaine",)) for e in programme.exceptions),
                    "numéro de semaine d'exception", "numero.duplicate")
        for exception in programme.exceptions:
            if exception.semaine > semaines:
                self.out.append(_error(
                    exception.origine, "seance.semaine",
                    f"semaine {exception.semaine} hors du calendrier de la promotion "
                    f"(semaines 1 à {semaines})",
                    "semaine",
                ))
        # Coverage: with a programme, every compétence is worked on by at least one séance.
        # Séances that fail validation still count (their own errors are reported); when a
        # séance file cannot be read at all, coverage is unknown and not reported.
        covered = self.declared.couvertes
        if covered is None:
            return
        for comp in self.fw.competences:
            if comp.id not in covered:
                self.out.append(_error(
                    programme.origine, "couverture.competence",
                    f"la compétence « {comp.id} » n'est travaillée par aucune "
                    f"séance du programme",
                    "id", severity=Severity.WARNING,
                ))

    def _tool_step_symmetry(self) -> None:
        """A step that lists a tool and a tool that lists its steps must agree."""
        fw = self.fw
        etapes = {e.id: e for e in fw.etapes}
        outils = {o.id: o for o in fw.outils}
        for etape in fw.etapes:
            for i, outil_id in enumerate(etape.outils):
                outil = outils.get(outil_id)
                if outil and etape.id not in outil.etapes:
                    self.out.append(_error(
                        etape.origine, "ref.asymmetric",
                        f"l'outil « {outil_id} » ne cite pas cette étape dans ses « etapes »",
                        "outils", i, severity=Severity.WARNING,
                    ))
        for outil in fw.outils:
            for i, etape_id in enumerate(outil.etapes):
                etape = etapes.get(etape_id)
                if etape and outil.id not in etape.outils:
                    self.out.append(_error(
                        outil.origine, "ref.asymmetric",
                        f"l'étape « {etape_id} » ne cite pas cet outil dans ses « outils »",
                        "etapes", i, severity=Severity.WARNING,
                    ))


def _heures(minutes: int) -> str:
    """« 3 h 30 », « 45 min »."""
    heures, reste = divmod(minutes, 60)
    if not heures:
        return f"{reste} min"
    return f"{heures} h {reste:02d}" if reste else f"{heures} h"


def _all_sources(fw: Framework) -> Iterator[tuple[Origine, tuple[str, ...]]]:
    """Every (object, sources) pair of the model, wherever it is nested."""
    for obj in walk(fw):
        sources = getattr(obj, "sources", ())
        if sources:
            yield obj.origine, sources


def check(fw: Framework, declared: Declared) -> list[Diagnostic]:
    return _Checker(fw, declared).run()
