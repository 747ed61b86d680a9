"""Stage 3: the framework as frozen, typed objects, built from schema-valid documents.

Field names are the YAML keys (one vocabulary from data to templates). Every object keeps
its ``origine`` (file and JSON path) so that later checks can point at the source.

This module holds the référentiel (titre, CCP, compétences, parcours, outils, sources…), the
``Framework`` and its construction; the machinery is in ``entity``, the programme and its
séances in ``model_programme``, the Dossier professionnel in ``model_dossier`` (their classes
are importable from here too).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from .entity import Entity, Fait, Origine, Sourced, TexteSource, nested_names
from .entity import origin_field as _origin_field
from .load import SourceDoc
from .model_dossier import (
    ActiviteDp,
    BornesDp,
    ChampDp,
    ChoixDp,
    DossierProfessionnel,
    ModaliteDp,
    QuestionDp,
    RubriqueDp,
    RubriquesDp,
)
from .model_programme import (
    Debut,
    DureeProgramme,
    EtapeSeance,
    ExceptionSemaine,
    GrilleRef,
    Jalon,
    Personne,
    Programme,
    Rythme,
    Seance,
    Stagiaires,
    TempsEcole,
)
from .model_vocabulaire import VOCABULAIRE_NEUTRE, Mot, Vocabulaire

__all__ = [  # the classes of the model, wherever they are defined
    "Acteur", "ActiviteDp", "BornesDp", "build_model", "Ccp", "Champ", "ChampDp", "ChoixDp",
    "Competence", "Critere", "Debut", "DossierProfessionnel", "Duree", "DureeProgramme",
    "Echelle", "Ecole", "Entity", "EtapeParcours", "EtapeSeance", "ExceptionSemaine", "Fait",
    "Formulaire", "Framework", "GrilleRef", "Jalon", "ModaliteDp", "Niveau", "Origine",
    "Outil", "Personne", "Programme", "QuestionDp", "Reconnaissance", "ReferentielLie",
    "Regle", "Rubrique",
    "RubriqueDp", "RubriquesDp", "Rythme", "Seance", "Source", "Sourced", "Stagiaires",
    "TempsEcole", "Terme", "TexteSource", "Titre", "Variante", "VersionCcp",
    "VersionCompetence", "VersionTitre", "Vocabulaire", "Mot", "walk",
]


@dataclass(frozen=True)
class Source(Entity):
    id: str
    titre: str
    titre_court: str
    nature: str
    consulte_le: str
    confiance: str
    auteur: str | None = None
    url: str | None = None
    note: str | None = None
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class Regle(Sourced):
    texte: str = ""
    reference: str | None = None
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class Duree(Sourced):
    libelle: str = ""
    valeur: str = ""
    reference: str | None = None
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class ReferentielLie(Entity):
    """Another framework whose compétences this one's tools aim at, read beside it."""

    id: str
    dossier: str  # relative to this framework's folder
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class Titre(Sourced):
    nested: ClassVar[dict[str, type]] = {"fiche": Fait, "description": TexteSource,
                                         "vocabulaire": Vocabulaire,
                                         "referentiels_lies": ReferentielLie}
    id: str = ""
    intitule: str = ""
    sigle: str = ""
    version: str = ""
    vocabulaire: Vocabulaire = VOCABULAIRE_NEUTRE
    fiche: tuple[Fait, ...] = ()
    description: tuple[TexteSource, ...] = ()
    referentiels_lies: tuple[ReferentielLie, ...] | None = None
    origine: Origine = _origin_field()

    @classmethod
    def build(cls, data, origine):  # type: ignore[override]
        """The vocabulary knows the title's acronym (« le titre CIP »)."""
        titre = super().build(data, origine)
        return dataclasses.replace(
            titre, vocabulaire=dataclasses.replace(titre.vocabulaire, sigle=titre.sigle))


@dataclass(frozen=True)
class Ccp(Sourced):
    nested: ClassVar[dict[str, type]] = {"description": TexteSource}
    id: str = ""
    numero: int = 0
    intitule: str = ""
    description: TexteSource | None = None
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class Critere(Entity):
    id: str
    libelle: str
    statut: str
    indicateurs: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    origine: Origine = _origin_field()

    @property
    def propose(self) -> bool:
        return self.statut == "propose"


@dataclass(frozen=True)
class Variante(Sourced):
    intitule: str = ""
    version: str | None = None
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class Competence(Sourced):
    nested: ClassVar[dict[str, type]] = {
        "variantes": Variante,
        "description": TexteSource,
        "criteres": Critere,
    }
    id: str = ""
    ccp: str = ""
    numero: int = 0
    intitule: str = ""
    variantes: tuple[Variante, ...] = ()
    description: TexteSource | None = None
    criteres: tuple[Critere, ...] = ()
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class Niveau(Entity):
    id: str
    libelle: str
    description: str
    maitrise: bool
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class Echelle(Entity):
    nested: ClassVar[dict[str, type]] = {"niveaux": Niveau}
    id: str
    intitule: str
    niveaux: tuple[Niveau, ...]
    defaut: str
    sources: tuple[str, ...]
    note: str | None = None
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class Terme(Sourced):
    id: str = ""
    sigle: str = ""
    forme_longue: str | None = None
    definition: str = ""
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class Acteur(Sourced):
    id: str = ""
    libelle: str = ""
    role: str = ""
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class EtapeParcours(Sourced):
    nested: ClassVar[dict[str, type]] = {
        "description": TexteSource,
        "regles": Regle,
        "durees": Duree,
    }
    id: str = ""
    ordre: int = 0
    intitule: str = ""
    objectif: str = ""
    description: tuple[TexteSource, ...] = ()
    acteurs: tuple[str, ...] = ()
    regles: tuple[Regle, ...] = ()
    durees: tuple[Duree, ...] = ()
    points_attention: tuple[str, ...] = ()
    competences: tuple[str, ...] = ()
    outils: tuple[str, ...] = ()
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class Champ(Entity):
    id: str
    libelle: str
    type: str
    aide: str | None = None
    evalue_par: str | None = None  # niveau fields: "salarie" for the salarié's own view
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class Rubrique(Entity):
    nested: ClassVar[dict[str, type]] = {"champs": Champ}
    titre: str
    champs: tuple[Champ, ...]
    consigne: str | None = None
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class Formulaire(Entity):
    nested: ClassVar[dict[str, type]] = {"rubriques": Rubrique}
    rubriques: tuple[Rubrique, ...]
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class Outil(Sourced):
    nested: ClassVar[dict[str, type]] = {"formulaire": Formulaire}
    id: str = ""
    intitule: str = ""
    objectif: str = ""
    etapes: tuple[str, ...] = ()
    acteurs: tuple[str, ...] = ()
    modalites: tuple[str, ...] = ()
    competences: tuple[str, ...] = ()
    competences_visees: tuple[str, ...] | None = None  # « référentiel lié:compétence ou bloc »
    formulaire: Formulaire | None = None
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class Reconnaissance(Sourced):
    nested: ClassVar[dict[str, type]] = {"description": TexteSource, "faits": Fait}
    id: str = ""
    intitule: str = ""
    sigle: str | None = None
    description: tuple[TexteSource, ...] = ()
    faits: tuple[Fait, ...] = ()
    outils: tuple[str, ...] = ()
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class VersionCompetence(Entity):
    intitule: str
    correspond_a: str | None = None
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class VersionCcp(Entity):
    nested: ClassVar[dict[str, type]] = {"competences": VersionCompetence}
    numero: int
    intitule: str
    competences: tuple[VersionCompetence, ...]
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class VersionTitre(Sourced):
    nested: ClassVar[dict[str, type]] = {"ccp": VersionCcp}
    id: str = ""
    annee: str = ""
    texte: str = ""
    niveau: str | None = None
    ccp: tuple[VersionCcp, ...] = ()
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class Ecole(Sourced):
    nested: ClassVar[dict[str, type]] = {"description": TexteSource, "faits": Fait}
    id: str = ""
    intitule: str = ""
    description: tuple[TexteSource, ...] = ()
    faits: tuple[Fait, ...] = ()
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class Framework:
    """The whole framework. Collections are ordered as the site shows them."""

    titre: Titre | None
    echelle: Echelle | None
    ecole: Ecole | None
    sources: tuple[Source, ...]
    glossaire: tuple[Terme, ...]
    acteurs: tuple[Acteur, ...]
    ccps: tuple[Ccp, ...]
    competences: tuple[Competence, ...]
    etapes: tuple[EtapeParcours, ...]
    outils: tuple[Outil, ...]
    reconnaissances: tuple[Reconnaissance, ...]
    versions: tuple[VersionTitre, ...]
    seances: tuple[Seance, ...] = ()
    programme: Programme | None = None
    dossier_professionnel: DossierProfessionnel | None = None
    # The linked frameworks that were read (titre.yml's « referentiels_lies »), by their id.
    lies: tuple[tuple[str, Framework], ...] = ()

    def lie(self, ident: str) -> Framework | None:
        return next((fw for i, fw in self.lies if i == ident), None)

    @property
    def vocabulaire(self) -> Vocabulaire:
        """The words of the certification (titre.yml), neutral ones without a titre."""
        return self.titre.vocabulaire if self.titre else VOCABULAIRE_NEUTRE


_ENTITY_CLASSES: dict[str, type[Entity]] = {
    "ccp": Ccp,
    "competence": Competence,
    "etape_parcours": EtapeParcours,
    "outil": Outil,
    "reconnaissance": Reconnaissance,
    "version_titre": VersionTitre,
    "seance": Seance,
}
_LIST_FILES: dict[str, tuple[str, type[Entity]]] = {
    "sources": ("sources", Source),
    "glossaire": ("termes", Terme),
    "acteurs": ("acteurs", Acteur),
}


def build_model(docs: list[SourceDoc]) -> Framework:
    """Build the model from documents that passed schema validation (missing parts allowed)."""
    singles: dict[str, Entity] = {}
    lists: dict[str, list[Entity]] = {kind: [] for kind in _LIST_FILES}
    entities: dict[str, list[Entity]] = {kind: [] for kind in _ENTITY_CLASSES}
    for doc in docs:
        root = Origine(doc, ())
        if doc.kind in _ENTITY_CLASSES:
            entities[doc.kind].append(_ENTITY_CLASSES[doc.kind].build(doc.data, root))
        elif doc.kind in _LIST_FILES:
            key, cls = _LIST_FILES[doc.kind]
            lists[doc.kind].extend(
                cls.build(item, Origine(doc, (key, i))) for i, item in enumerate(doc.data[key])
            )
        else:
            cls = {"titre": Titre, "echelle": Echelle, "ecole": Ecole,
                   "programme": Programme,
                   "dossier_professionnel": DossierProfessionnel}[doc.kind]
            singles[doc.kind] = cls.build(doc.data, root)
    return Framework(
        titre=singles.get("titre"),  # type: ignore[arg-type]
        echelle=singles.get("echelle"),  # type: ignore[arg-type]
        ecole=singles.get("ecole"),  # type: ignore[arg-type]
        sources=tuple(sorted(lists["sources"], key=lambda s: s.id)),  # type: ignore[attr-defined]
        glossaire=tuple(sorted(lists["glossaire"], key=lambda t: t.sigle.casefold())),  # type: ignore[attr-defined]
        acteurs=tuple(lists["acteurs"]),  # type: ignore[arg-type]
        ccps=tuple(sorted(entities["ccp"], key=lambda c: (c.numero, c.id))),  # type: ignore[attr-defined]
        competences=tuple(sorted(entities["competence"], key=lambda c: (c.numero, c.id))),  # type: ignore[attr-defined]
        etapes=tuple(sorted(entities["etape_parcours"], key=lambda e: (e.ordre, e.id))),  # type: ignore[attr-defined]
        outils=tuple(sorted(entities["outil"], key=lambda o: o.id)),  # type: ignore[attr-defined]
        reconnaissances=tuple(sorted(entities["reconnaissance"], key=lambda r: r.id)),  # type: ignore[attr-defined]
        versions=tuple(sorted(entities["version_titre"], key=lambda v: v.annee)),  # type: ignore[attr-defined]
        seances=tuple(sorted(entities["seance"],  # type: ignore[attr-defined]
                             key=lambda s: (s.semaine or 0, s.date or "", s.id))),
        programme=singles.get("programme"),  # type: ignore[arg-type]
        dossier_professionnel=singles.get("dossier_professionnel"),  # type: ignore[arg-type]
    )


def walk(fw: Framework) -> Iterator[Entity]:
    """Every model object, nested ones included (criteria, facts, rules…)."""
    stack: list[object] = [
        fw.titre, fw.echelle, fw.ecole, *fw.sources, *fw.glossaire, *fw.acteurs, *fw.ccps,
        *fw.competences, *fw.etapes, *fw.outils, *fw.reconnaissances, *fw.versions,
        *fw.seances, fw.programme, fw.dossier_professionnel,
    ]
    while stack:
        obj = stack.pop()
        if not isinstance(obj, Entity):
            continue
        yield obj
        for name in nested_names(type(obj)):
            value = getattr(obj, name)
            if isinstance(value, tuple):
                stack.extend(value)
            elif value is not None:
                stack.append(value)
