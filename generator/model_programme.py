"""The model of the training programme: séances (with their persons, steps and grids) and the
programme of the promotion (start, duration, rhythm, school time, milestones, exceptions)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .entity import Entity, Origine, Sourced
from .entity import origin_field as _origin_field


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
