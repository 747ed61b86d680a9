"""How sure each fact is, and the list of what an editor must confirm (« À vérifier » page).

Confidence is stated on the object, else the best of its sources'. A, B, C, ?: C and ? are
shown « à vérifier ». The exports read this module directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from .libelles import majuscule, pluriel
from .model import Ccp, Competence, Fait, Framework, Source
from .paths import PATHS, path

_RANK = {"A": 3, "B": 2, "C": 1, "?": 0}
CONFIANCE_LIBELLES = {
    "A": "texte officiel",
    "B": "source secondaire sérieuse",
    "C": "source unique non officielle",
    "?": "non trouvé dans les sources",
}


# Kinds of source (sources.yml « nature »), from the most to the least authoritative.
NATURES = {
    "texte_officiel": "texte officiel",
    "transcription": "transcription d'un texte officiel",
    "site_public": "site public ou institutionnel",
    "reseau_professionnel": "réseau professionnel ou presse",
    "organisme_formation": "page d'organisme de formation",
    "depot_ou_copie": "document recopié ou base de données d'un tiers",
    "equipe_pedagogique": "proposition de l'équipe pédagogique",
}


@dataclass(frozen=True)
class AVerifier:
    page: PurePosixPath
    entite: str
    element: str
    texte: str
    confiance: str
    sources: tuple[str, ...]
    note: str | None = None  # the editor's note, whole (readers' pages show only part of it)


class Confiance:
    """Confidence of any model object, from its sources."""

    def __init__(self, fw: Framework) -> None:
        self.fw = fw
        self.sources = {s.id: s for s in fw.sources}

    def confiance(self, obj: object) -> str:
        """Stated confidence, else the best confidence among the object's sources."""
        stated = getattr(obj, "confiance", None)
        if stated:
            return stated
        cited = getattr(obj, "sources", ())
        ranks = [self.sources[s].confiance for s in cited if s in self.sources]
        return max(ranks, key=_RANK.__getitem__) if ranks else "?"

    def a_verifier(self, obj: object) -> bool:
        return _RANK[self.confiance(obj)] <= 1

    def natures(self, obj: object) -> list[str]:
        """French labels of the kinds of the object's sources (of a source: its own kind),
        strongest first."""
        if isinstance(obj, Source):
            return [NATURES[obj.nature]]
        cited = getattr(obj, "sources", ())
        kinds = {self.sources[s].nature for s in cited if s in self.sources}
        return [NATURES[k] for k in NATURES if k in kinds]

    def sans_texte_officiel(self, obj: object) -> bool:
        """True when no source of the object is an official text (or its transcription)."""
        return not {NATURES["texte_officiel"], NATURES["transcription"]} & set(self.natures(obj))

    @property
    def libelles_non_officiels(self) -> list[Ccp | Competence]:
        """CCP and compétences whose wording no official text supports."""
        return [o for o in (*self.fw.ccps, *self.fw.competences) if self.sans_texte_officiel(o)]

    def source(self, source_id: str) -> Source:
        return self.sources[source_id]


def liste_a_verifier(fw: Framework, conf: Confiance | None = None) -> list[AVerifier]:
    """Every fact shown « à vérifier », page by page, in the order of the site."""
    liste = _Liste(conf or Confiance(fw))
    nom = majuscule(fw.vocabulaire.nom.singulier)  # « Titre CIP »
    partie = majuscule(fw.vocabulaire.partie.singulier)  # « CCP »
    if fw.titre:
        liste.faits(PATHS["titre"], nom, fw.titre.fiche)
        for para in fw.titre.description:
            liste.add(PATHS["titre"], nom, "Résumé de l'emploi", para, para.texte)
    for ccp in fw.ccps:
        liste.add(path(ccp), f"{partie} {ccp.numero}", "Intitulé", ccp, ccp.intitule)
    for comp in fw.competences:
        page, entite = path(comp), f"Compétence {comp.numero}"
        liste.add(page, entite, "Intitulé", comp, comp.intitule)
        if comp.description:
            liste.add(page, entite, "Description", comp.description, comp.description.texte)
    for etape in fw.etapes:
        page, entite = path(etape), f"Étape {etape.ordre} : {etape.intitule}"
        liste.add(page, entite, "Étape", etape, etape.objectif)
        for regle in etape.regles:
            liste.add(page, entite, "Règle", regle, regle.texte)
        for duree in etape.durees:
            liste.add(page, entite, duree.libelle, duree, duree.valeur)
    for outil in fw.outils:
        liste.add(path(outil), f"Outil : {outil.intitule}", "Outil", outil, outil.objectif)
    for reco in fw.reconnaissances:
        liste.add(path(reco), reco.intitule, "Voie de reconnaissance", reco, reco.intitule)
        liste.faits(path(reco), reco.intitule, reco.faits)
    if fw.ecole:
        liste.faits(PATHS["ecole"], fw.ecole.intitule, fw.ecole.faits)
    if fw.programme:
        _programme(liste, fw)
    for terme in fw.glossaire:
        liste.add(PATHS["glossaire"], "Glossaire", terme.sigle, terme, terme.definition)
    if fw.dossier_professionnel:
        _dossier_professionnel(liste, fw)
    return liste.rows


class _Liste:
    def __init__(self, conf: Confiance) -> None:
        self.conf = conf
        self.rows: list[AVerifier] = []

    def add(self, page: PurePosixPath, entite: str, element: str, obj: object,
            texte: str) -> None:
        if self.conf.a_verifier(obj):
            self.rows.append(AVerifier(page, entite, element, texte, self.conf.confiance(obj),
                                       tuple(getattr(obj, "sources", ())),
                                       getattr(obj, "note", None)))

    def faits(self, page: PurePosixPath, entite: str, faits: tuple[Fait, ...]) -> None:
        for fait in faits:
            self.add(page, entite, fait.libelle, fait, fait.valeur)


def _dossier_professionnel(liste: _Liste, fw: Framework) -> None:
    dp = fw.dossier_professionnel
    assert dp is not None
    page = PATHS["dossier_professionnel"]
    liste.faits(page, dp.intitule, dp.presentation)
    for _, rubrique in dp.rubriques.dans_l_ordre() if dp.rubriques else ():
        liste.add(page, dp.intitule, rubrique.intitule, rubrique, rubrique.intitule)
        if rubrique.conseil:
            liste.add(page, dp.intitule, f"Conseil : {rubrique.intitule}", rubrique.conseil,
                      rubrique.conseil.texte)
        for q in rubrique.questions:
            if q.conseil:
                liste.add(page, dp.intitule, f"Conseil : {q.numero}. {q.libelle}", q.conseil,
                          q.conseil.texte)


def _programme(liste: _Liste, fw: Framework) -> None:
    programme = fw.programme
    assert programme is not None
    page, entite = PATHS["calendrier"], programme.intitule
    if programme.debut:
        liste.add(page, entite, "Date de début", programme.debut, programme.debut.date)
    if programme.duree:
        liste.add(page, entite, "Durée", programme.duree, f"{programme.duree.semaines} semaines")
    if programme.rythme:
        liste.add(page, entite, "Rythme de l'alternance", programme.rythme,
                  f"{pluriel(programme.rythme.ecole, 'semaine')} d'école, "
                  f"{programme.rythme.terrain} de terrain")
    if programme.stagiaires:
        liste.add(page, entite, majuscule(fw.vocabulaire.apprenant.pluriel), programme.stagiaires,
                  str(programme.stagiaires.nombre))
