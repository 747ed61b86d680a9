"""Stage 3: the framework as frozen, typed objects, built from schema-valid documents.

Field names are the YAML keys (one vocabulary from data to templates). Every object keeps
its ``origine`` (file and JSON path) so that later checks can point at the source.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from .load import JsonPath, SourceDoc, format_json_path

T = TypeVar("T")


@dataclass(frozen=True)
class Origine:
    doc: SourceDoc
    path: JsonPath

    def at(self, *sub: str | int, key: bool = False) -> tuple[str, int, int, str]:
        path = self.path + sub
        line, column = self.doc.locate(path, key=key)
        return self.doc.display, line, column, format_json_path(path)


def _origin_field() -> Any:
    return field(default=None, compare=False, repr=False, hash=False)


@dataclass(frozen=True)
class Entity:
    """Base of model objects: built from a mapping whose keys are the field names."""

    nested: ClassVar[dict[str, type]] = {}

    @classmethod
    def build(cls: type[T], data: dict, origine: Origine) -> T:
        values: dict[str, Any] = {}
        for name, sub in _build_plan(cls):
            raw = data.get(name)
            if raw is None:
                continue  # optional field absent: the dataclass default applies
            if sub is not None:
                child = Origine(origine.doc, origine.path + (name,))
                if isinstance(raw, list):
                    values[name] = tuple(
                        sub.build(item, Origine(origine.doc, child.path + (i,)))
                        for i, item in enumerate(raw)
                    )
                else:
                    values[name] = sub.build(raw, child)
            elif isinstance(raw, list):
                values[name] = tuple(raw)
            else:
                values[name] = raw
        return cls(**values, origine=origine)  # type: ignore[call-arg]


_PLANS: dict[type, tuple[tuple[str, type | None], ...]] = {}


def _build_plan(cls: type) -> tuple[tuple[str, type | None], ...]:
    """(field name, nested class or None) of a model class, computed once per class."""
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = tuple(
            (f.name, cls.nested.get(f.name))  # type: ignore[attr-defined]
            for f in dataclasses.fields(cls) if f.name != "origine"
        )
    return plan


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
class Sourced(Entity):
    """Anything that states a fact: it has sources and may override their confidence."""

    sources: tuple[str, ...] = ()
    confiance: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class TexteSource(Sourced):
    texte: str = ""
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class Fait(Sourced):
    id: str = ""
    libelle: str = ""
    valeur: str = ""
    reference: str | None = None
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
class Titre(Sourced):
    nested: ClassVar[dict[str, type]] = {"fiche": Fait, "description": TexteSource}
    id: str = ""
    intitule: str = ""
    sigle: str = ""
    version: str = ""
    fiche: tuple[Fait, ...] = ()
    description: tuple[TexteSource, ...] = ()
    origine: Origine = _origin_field()


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
class Personne(Entity):
    """Who leads a session: free text (``nom``) or an actor of acteurs.yml (``acteur``)."""

    nom: str | None = None
    acteur: str | None = None
    precision: str | None = None
    origine: Origine = _origin_field()

    @classmethod
    def build(cls, data, origine):  # type: ignore[override]
        return super().build({"nom": data} if isinstance(data, str) else data, origine)


@dataclass(frozen=True)
class EtapeSeance(Entity):
    titre: str
    duree: int  # minutes
    description: str | None = None
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class GrilleRef(Entity):
    """An evaluation grid to print: of a compétence, a CCP or a tool with a form."""

    competence: str | None = None
    ccp: str | None = None
    outil: str | None = None
    variante: str | None = None
    origine: Origine = _origin_field()

    @property
    def cible(self) -> tuple[str, str]:
        """(kind, id) of what the grid evaluates."""
        if self.competence:
            return "competence", self.competence
        if self.ccp:
            return "ccp", self.ccp
        return "outil", self.outil or ""

    @property
    def variante_effective(self) -> str | None:
        """The variant printed: ``evaluateur`` by default, none for a tool."""
        return None if self.outil else (self.variante or "evaluateur")


@dataclass(frozen=True)
class Seance(Sourced):
    nested: ClassVar[dict[str, type]] = {
        "formateur": Personne,
        "intervenants": Personne,
        "deroule": EtapeSeance,
        "grilles": GrilleRef,
    }
    id: str = ""
    intitule: str = ""
    semaine: int | None = None
    date: str | None = None
    duree: float = 0
    lieu: str = ""
    formateur: Personne | None = None
    intervenants: tuple[Personne, ...] = ()
    objectifs: tuple[str, ...] = ()
    deroule: tuple[EtapeSeance, ...] = ()
    competences: tuple[str, ...] = ()
    criteres: tuple[str, ...] = ()
    outils: tuple[str, ...] = ()
    grilles: tuple[GrilleRef, ...] = ()
    ressources: tuple[str, ...] = ()
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class Debut(Sourced):
    date: str = ""
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class DureeProgramme(Sourced):
    semaines: int = 0
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class Rythme(Sourced):
    ecole: int = 1
    terrain: int = 0
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class Stagiaires(Sourced):
    nombre: int = 0
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class ExceptionSemaine(Entity):
    semaine: int
    lieu: str
    motif: str
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class TempsEcole(Sourced):
    heures_par_semaine: float = 0.0
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class Jalon(Sourced):
    id: str = ""
    type: str = ""
    intitule: str = ""
    semaines: tuple[int, ...] = ()
    description: str = ""
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class Programme(Sourced):
    nested: ClassVar[dict[str, type]] = {
        "debut": Debut,
        "duree": DureeProgramme,
        "rythme": Rythme,
        "stagiaires": Stagiaires,
        "temps_ecole": TempsEcole,
        "jalons": Jalon,
        "exceptions": ExceptionSemaine,
    }
    id: str = ""
    intitule: str = ""
    description: str | None = None
    debut: Debut | None = None
    duree: DureeProgramme | None = None
    rythme: Rythme | None = None
    stagiaires: Stagiaires | None = None
    temps_ecole: TempsEcole | None = None
    jalons: tuple[Jalon, ...] = ()
    exceptions: tuple[ExceptionSemaine, ...] = ()
    origine: Origine = _origin_field()


# -- Dossier professionnel ------------------------------------------------------------------
@dataclass(frozen=True)
class ChampDp(Entity):
    id: str
    libelle: str
    long: bool = False
    periode: bool = False
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class ChoixDp(Entity):
    id: str
    libelle: str
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class ModaliteDp(Entity):
    nested: ClassVar[dict[str, type]] = {"choix": ChoixDp}
    libelle: str
    choix: tuple[ChoixDp, ...] = ()
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class BornesDp(Sourced):
    minimum: int = 0
    maximum: int = 0
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class QuestionDp(Entity):
    nested: ClassVar[dict[str, type]] = {"champs": ChampDp, "conseil": TexteSource}
    numero: int
    id: str
    libelle: str
    facultatif: bool = False
    champs: tuple[ChampDp, ...] = ()
    conseil: TexteSource | None = None
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class RubriqueDp(Sourced):
    """One rubric of the model; each kind of rubric fills the fields it needs."""

    nested: ClassVar[dict[str, type]] = {
        "conseil": TexteSource, "champs": ChampDp, "modalite": ModaliteDp,
        "colonnes": ChampDp, "questions": QuestionDp, "par_activite": BornesDp,
        "pages_par_exemple": BornesDp,
    }
    intitule: str = ""
    obligatoire: bool = True
    condition: str | None = None
    conseil: TexteSource | None = None
    champs: tuple[ChampDp, ...] = ()
    modalite: ModaliteDp | None = None
    colonnes: tuple[ChampDp, ...] = ()
    lignes: int = 0
    par_activite: BornesDp | None = None
    pages_par_exemple: BornesDp | None = None
    questions: tuple[QuestionDp, ...] = ()
    soussigne: str | None = None
    engagement: str | None = None
    lieu: str | None = None
    date: str | None = None
    formule: str | None = None
    signature: str | None = None
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class RubriquesDp(Entity):
    """The rubrics, declared in the model's order (the order of the printed dossier)."""

    nested: ClassVar[dict[str, type]] = {
        name: RubriqueDp for name in ("page_de_garde", "sommaire", "exemples", "titres",
                                      "declaration", "documents", "annexes")
    }
    page_de_garde: RubriqueDp
    sommaire: RubriqueDp
    exemples: RubriqueDp
    titres: RubriqueDp
    declaration: RubriqueDp
    documents: RubriqueDp
    annexes: RubriqueDp
    origine: Origine = _origin_field()

    def dans_l_ordre(self) -> tuple[tuple[str, RubriqueDp], ...]:
        return tuple((name, getattr(self, name)) for name in self.nested)


@dataclass(frozen=True)
class ActiviteDp(Entity):
    ccp: str
    exemples: tuple[int, ...] = ()
    origine: Origine = _origin_field()


@dataclass(frozen=True)
class DossierProfessionnel(Sourced):
    nested: ClassVar[dict[str, type]] = {
        "presentation": Fait, "rubriques": RubriquesDp, "activites": ActiviteDp,
    }
    id: str = ""
    intitule: str = ""
    modele: str = ""
    presentation: tuple[Fait, ...] = ()
    rubriques: RubriquesDp | None = None
    activites: tuple[ActiviteDp, ...] = ()
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
        for name, _ in _build_plan(type(obj)):
            value = getattr(obj, name)
            if isinstance(value, tuple):
                stack.extend(v for v in value if isinstance(v, Entity))
            elif isinstance(value, Entity):
                stack.append(value)
