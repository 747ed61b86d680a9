"""The model of the Dossier professionnel: its rubriques, fields, choices and bounds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .entity import Entity, Fait, Origine, Sourced, TexteSource
from .entity import origin_field as _origin_field


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
