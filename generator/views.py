"""The façade the page templates receive as ``v``: one name for the query objects.

Each question has its own module (one noun per module): ``paths`` (where a page goes),
``confiance`` (how sure a fact is, what to verify), ``relations`` (who points at whom),
``calendrier`` (séances in time), ``couverture`` (séances per compétence) and ``libelles``
(French wording). ``SiteView`` only composes them: ``v.outils_de(c)`` is
``v.relations.outils_de(c)``. Templates hold no business rule of their own.
"""

from __future__ import annotations

from functools import cached_property

from . import libelles
from .calendrier import Calendrier, Semaine
from .confiance import CONFIANCE_LIBELLES, AVerifier, Confiance, liste_a_verifier
from .couverture import Couverture, Ligne
from .model import Ccp, Competence, Framework, GrilleRef, Outil, Personne
from .paths import PATHS, ROOT, path
from .relations import Relations
from .visees import Visees, visees

__all__ = ["CONFIANCE_LIBELLES", "PATHS", "ROOT", "AVerifier", "SiteView"]


class SiteView:
    """Read-only queries over the framework used by every template."""

    path = staticmethod(path)
    heures = staticmethod(libelles.heures)
    date_courte = staticmethod(libelles.date_courte)

    def __init__(self, fw: Framework) -> None:
        self.fw = fw
        self.relations = Relations(fw)
        self.confiance_ = Confiance(fw)
        self.programme = Calendrier(fw)
        self.couverture_ = Couverture(fw, self.programme)
        self._parts = (self.relations, self.confiance_, self.programme, self.couverture_)

    def __getattr__(self, name: str) -> object:
        """Every other query is answered by the module that owns it."""
        if name.startswith("_") or name == "relations":
            raise AttributeError(name)
        for part in self._parts:
            if hasattr(part, name):
                return getattr(part, name)
        raise AttributeError(f"SiteView n'a pas d'attribut « {name} »")

    # Names whose template meaning differs from the owning object's attribute.
    @property
    def calendrier(self) -> list[Semaine]:
        return self.programme.semaines

    @property
    def couverture(self) -> list[Ligne]:
        return self.couverture_.lignes

    # The framework's optional parts: a page (and every link to it) exists only with its data.
    @property
    def a_un_parcours(self) -> bool:
        return bool(self.fw.etapes)

    @property
    def a_des_outils(self) -> bool:
        return bool(self.fw.outils)

    @property
    def a_des_reconnaissances(self) -> bool:
        return bool(self.fw.reconnaissances)

    @property
    def a_une_matrice(self) -> bool:
        """The traceability matrix crosses compétences with the path's steps and the tools."""
        return self.a_un_parcours or self.a_des_outils

    def confiance(self, obj: object) -> str:
        return self.confiance_.confiance(obj)

    @cached_property
    def a_verifier_liste(self) -> list[AVerifier]:
        return liste_a_verifier(self.fw, self.confiance_)

    def grille_contexte(self, grille: GrilleRef) -> str:
        """What a grid evaluates: « compétence 3 : … », « synthèse du CCP 1 : … », « outil : … »
        (here and not in ``libelles``, which sits below the model: ``diagnostics`` uses it)."""
        cible = self.relations.grille_cible(grille)
        if isinstance(cible, Competence):
            return f"compétence {cible.numero} : {cible.intitule}"
        if isinstance(cible, Ccp):
            return f"synthèse {self.fw.vocabulaire.partie.du} {cible.numero} : {cible.intitule}"
        return f"outil : {cible.intitule}"

    def visees(self, outil: Outil) -> tuple[Visees, ...]:
        """The compétences of linked frameworks ``outil`` aims at (``visees.py``)."""
        return visees(self.fw, outil)

    def personne(self, personne: Personne) -> str:
        return libelles.personne(personne, self._acteurs)

    @cached_property
    def _acteurs(self) -> dict[str, str]:
        return {a.id: a.libelle for a in self.fw.acteurs}
