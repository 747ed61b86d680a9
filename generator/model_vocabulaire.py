"""The words of the certification that a reader reads (``vocabulaire`` of titre.yml): its kind
(« titre professionnel », « certificat d'aptitude professionnelle »), the name of its parts
(« CCP », « bloc de compétences »), of its evaluation and of the person who prepares it
(« stagiaire », « candidat »). Pages, grids, PDFs, exports and the installed app take these
words from here, never from the code.

A word (``Mot``) gives its forms with their article, elided before a vowel and agreed with its
gender: ``le`` « le CCP », « l'élève », « la licence » ; ``du`` « du CCP », « de l'élève » ;
``un``, ``les``, ``des``, ``ce``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from .entity import Entity, Origine
from .entity import origin_field as _origin_field

_VOYELLES = frozenset("aeiouyàâäéèêëîïôöùûüœæAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒÆ")


def _elide(mot: str) -> bool:
    return mot[:1] in _VOYELLES


@dataclass(frozen=True)
class Mot(Entity):
    """A noun as the reader reads it, with its plural and gender (masculine by default)."""

    singulier: str = ""
    pluriel: str = ""
    feminin: bool = False
    developpe: str | None = None  # long form of a part's name (« certificat de compétences… »)
    origine: Origine = _origin_field()

    def __str__(self) -> str:
        return self.singulier

    @property
    def le(self) -> str:
        if _elide(self.singulier):
            return f"l'{self.singulier}"
        return f"{'la' if self.feminin else 'le'} {self.singulier}"

    @property
    def article(self) -> str:
        """« le », « la » or « l' », to write before the word when the word alone is a link:
        « le [titre…] », « l'[examen…] »."""
        if _elide(self.singulier):
            return "l'"
        return "la " if self.feminin else "le "

    @property
    def du(self) -> str:
        if _elide(self.singulier):
            return f"de l'{self.singulier}"
        return f"{'de la' if self.feminin else 'du'} {self.singulier}"

    @property
    def de(self) -> str:
        """« de CCP », « d'élève » (no article: « tous les exemples de CCP »)."""
        return f"d'{self.singulier}" if _elide(self.singulier) else f"de {self.singulier}"

    @property
    def un(self) -> str:
        return f"{'une' if self.feminin else 'un'} {self.singulier}"

    @property
    def ce(self) -> str:
        if self.feminin:
            return f"cette {self.singulier}"
        return f"{'cet' if _elide(self.singulier) else 'ce'} {self.singulier}"

    @property
    def les(self) -> str:
        return f"les {self.pluriel}"

    @property
    def des(self) -> str:
        return f"des {self.pluriel}"

    def nombre(self, n: int) -> str:
        """« 1 CCP », « 3 CCP », « 2 stagiaires »."""
        return f"{n} {self.singulier if n <= 1 else self.pluriel}"


def mot(singulier: str, pluriel: str | None = None, feminin: bool = False) -> Mot:
    return Mot(singulier=singulier, pluriel=pluriel or singulier + "s", feminin=feminin)


@dataclass(frozen=True)
class Vocabulaire(Entity):
    """``vocabulaire`` of titre.yml. ``sigle`` is the title's (set by ``Titre``)."""

    nested: ClassVar[dict[str, type]] = {"partie": Mot, "apprenant": Mot, "evaluateur_final": Mot}
    nature: str = ""
    nature_courte: str = ""
    partie: Mot = Mot()
    evaluation: str = ""
    apprenant: Mot = Mot()
    designation: str | None = None
    evaluateur_final: Mot | None = None
    referentiel_officiel: str | None = None
    # the title's acronym, set by ``Titre`` (not a key of the block, not exported)
    sigle: str = field(default="", metadata={"calcule": True})
    origine: Origine = _origin_field()

    @property
    def certification(self) -> Mot:
        """The kind in short, after an article: « le titre », « du CAP »."""
        return mot(self.nature_courte)

    @property
    def certification_longue(self) -> Mot:
        """The kind in full: « le titre professionnel »."""
        return mot(self.nature)

    @property
    def referentiel(self) -> Mot:
        """The official text that describes the certification's compétences: « le référentiel
        emploi activités compétences (REAC) », by default « le référentiel officiel »."""
        return mot(self.referentiel_officiel or "référentiel officiel")

    @property
    def nom(self) -> Mot:
        """This certification in a sentence: « le titre CIP », « le CAP AEPE » (``designation``;
        by default the short kind then the acronym, or the acronym alone when it starts with the
        short kind)."""
        if self.designation:
            return mot(self.designation)
        court, sigle = self.nature_courte, self.sigle
        if not sigle or sigle.casefold().startswith(court.casefold()):
            return mot(sigle or court)
        return mot(f"{court} {sigle}")


# Neutral words, for the code that shows a framework without its titre.yml (the schema requires
# the block: a titre.yml's vocabulary is never guessed).
VOCABULAIRE_NEUTRE = Vocabulaire(
    nature="certification", nature_courte="certification",
    partie=Mot(singulier="partie", pluriel="parties", feminin=True,
               developpe="partie de la certification"),
    evaluation="évaluation finale", apprenant=mot("apprenant"))
