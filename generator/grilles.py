"""The evaluation grids, computed from the model: what each sheet holds, and where it goes.

One grid per compétence and per CCP (synthesis of its compétences), in three variants
(évaluateur, tuteur / encadrant de terrain, auto-évaluation: always a separate sheet), and one
per EPSP tool that is a form. Both renderings, the printable PDF (``pdf.py`` on the print
templates) and the fillable page of the site, are drawn from these objects, so that they
cannot drift apart.

Paths, under the docs directory (the same ids as the entities, never their titles):

- fillable page   ``referentiel/grilles/{type}-{id}-{variante}.md`` (tool: ``outil-{id}.md``)
- printable PDF   ``referentiel/grilles/pdf/{type}-{id}-{variante}.pdf`` (tool: ``outil-{id}.pdf``)
- fillable PDF    the same name ending in ``-remplissable.pdf``
- CCP booklet     ``referentiel/grilles/pdf/livret-{ccp id}.pdf`` (évaluateur), and
                  ``livret-{ccp id}-{variante}.pdf`` for the other variants
- all blank PDFs  ``referentiel/grilles/pdf/grilles-vierges.zip`` (``archive.py``)
- séance sheet    ``referentiel/grilles/pdf/seance-{séance id}.pdf`` (the sheet, then its grids)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import PurePosixPath

from .libelles import majuscule
from .model import (
    Ccp,
    Champ,
    Competence,
    Critere,
    Echelle,
    Framework,
    Niveau,
    Outil,
    Rubrique,
    Seance,
)
from .model_vocabulaire import Mot, Vocabulaire
from .paths import GRILLES_DIR as DIR
from .paths import GRILLES_INDEX as INDEX
from .paths import PDF_DIR, pdf_seance
from .relations import competences_par_ccp
from .visees import Visees, visees

__all__ = ["ARCHIVE", "DIR", "INDEX", "NIVEAU_TYPES", "PDF_DIR", "VARIANTE_IDS", "Grille",
           "Grilles", "criteres_numerotes", "pdf_seance", "variantes"]

ARCHIVE = PDF_DIR / "grilles-vierges.zip"  # every blank grid, one PDF each

# Form field types answered with levels of the scale.
NIVEAU_TYPES = ("niveau", "niveau_atteint")


@dataclass(frozen=True)
class Variante:
    id: str
    libelle: str  # what the sheet is, as a trainer names it
    court: str  # the same in one word, for the running header
    titre: str  # the sheet's heading
    consigne: str
    evaluateur: str | None  # who fills it, as a header field; None: the learner
    observations: str  # heading of the free-text column
    signatures: tuple[str, ...]
    consigne_ccp: str  # the instruction of a CCP synthesis, whose rows are compétences


VARIANTE_IDS = ("evaluateur", "tuteur", "auto-evaluation")


@functools.cache
def variantes(vocabulaire: Vocabulaire) -> dict[str, Variante]:
    """The three variants, worded with the certification's words (« le stagiaire »,
    « le candidat »), by id in the order of ``VARIANTE_IDS``."""
    apprenant = vocabulaire.apprenant
    le_apprenant = majuscule(apprenant.le)
    return {
        v.id: v
        for v in (
            Variante(
                "evaluateur", "Évaluateur", "Évaluateur", "Grille d'évaluation",
                f"Pour chaque critère, cochez un seul niveau, d'après ce que {apprenant.le} a "
                "fait ou produit, et notez dans « Observations » ce qui justifie ce niveau.",
                "Évaluateur (nom et fonction)", "Observations",
                (le_apprenant, "L'évaluateur"),
                "Pour chaque compétence, cochez un seul niveau, d'après l'ensemble de ses "
                "critères (rappelés sous son intitulé), et notez dans « Observations » ce qui "
                "justifie ce niveau.",
            ),
            Variante(
                "tuteur", "Tuteur ou encadrant de terrain", "Tuteur",
                "Grille d'observation en situation de travail",
                "Pour chaque critère, cochez un seul niveau, d'après ce que vous avez observé en "
                "situation de travail, et décrivez la situation observée.",
                "Tuteur ou encadrant (nom et fonction)", "Situation observée",
                (le_apprenant, "Le tuteur ou l'encadrant"),
                "Pour chaque compétence, cochez un seul niveau, d'après ce que vous avez observé "
                "en situation de travail (ses critères sont rappelés sous son intitulé), et "
                "décrivez la situation observée.",
            ),
            Variante(
                "auto-evaluation", majuscule(apprenant.singulier), majuscule(apprenant.singulier),
                "Auto-évaluation",
                "Pour chaque critère, cochez le niveau où vous vous situez aujourd'hui et notez "
                "un exemple de situation vécue qui le montre. Cette feuille est la vôtre : elle "
                "sert à préparer l'échange avec votre formateur ou votre tuteur.",
                None, "Mon exemple",
                (le_apprenant,),
                "Pour chaque compétence, cochez le niveau où vous vous situez aujourd'hui (ses "
                "critères sont rappelés sous son intitulé) et notez un exemple de situation vécue "
                "qui le montre. Cette feuille est la vôtre : elle sert à préparer l'échange avec "
                "votre formateur ou votre tuteur.",
            ),
        )
    }


def entete(vocabulaire: Vocabulaire) -> tuple[tuple[str, str], ...]:
    """Blank identification fields of a compétence or CCP grid (the evaluator's comes from the
    variant). The field ids are machine names, the same whatever the certification."""
    return (
        ("stagiaire", f"Nom et prénom {vocabulaire.apprenant.du}"),
        ("promotion", "Promotion"),
        ("structure", "Structure / ACI"),
        ("date", "Date"),
    )


# The names of the files made from ids, as plain text (the output-name check names thousands).
def cle_grille(type_: str, id_: str, variante: Variante | None) -> str:
    """A grid's key: « outil-{id} », « competence-{id}-{variante} »."""
    return f"{type_}-{id_}-{variante.id}" if variante else f"{type_}-{id_}"


def noms_pdf(cle: str) -> tuple[str, str]:
    """The blank and the fillable PDF of the grid of key ``cle``."""
    return f"{cle}.pdf", f"{cle}-remplissable.pdf"


def nom_livret(ccp_id: str, variante: Variante) -> str:
    suffixe = "" if variante.id == "evaluateur" else f"-{variante.id}"
    return f"livret-{ccp_id}{suffixe}.pdf"


@dataclass(frozen=True)
class Ligne:
    """One row of a grid: a criterion (compétence grid) or a compétence (CCP synthesis)."""

    id: str  # field name in forms: the criterion's or compétence's id
    numero: str  # « C1 », « 3 »
    libelle: str
    propose: bool  # an evaluation criterion not taken from an official text
    details: tuple[str, ...] = ()  # what to observe, or the criteria of a compétence


@dataclass(frozen=True)
class Grille:
    type: str  # "competence", "ccp" or "outil"
    entite: Competence | Ccp | Outil
    variante: Variante | None  # None for a tool's form
    titre: str  # heading of the sheet
    contexte: tuple[str, ...]  # « CCP 1 : … », « Compétence 3 : … »
    lignes: tuple[Ligne, ...]
    niveaux: tuple[Niveau, ...]
    rubriques: tuple[Rubrique, ...]  # a tool's form
    version: str  # framework version, « 2023 »
    sources: tuple[str, ...]  # source ids, for the footer and the sources block
    criteres_proposes: bool  # some rows are « critère proposé »
    vocabulaire: Vocabulaire  # the certification's words
    # A tool's form: the compétences of linked frameworks it aims at (``visees.py``), asked
    # after the rubrique of index ``apres_rubrique`` with fields of type ``type_visees``.
    visees: tuple[Visees, ...] = ()
    apres_rubrique: int = -1
    type_visees: str = "niveau"

    @property
    def partie(self) -> Mot:
        return self.vocabulaire.partie

    @property
    def cle(self) -> str:
        """Stable key: file names, form storage, cache."""
        return cle_grille(self.type, self.entite.id, self.variante)

    @property
    def page(self) -> PurePosixPath:
        return DIR / f"{self.cle}.md"

    @property
    def pdf(self) -> PurePosixPath:
        return PDF_DIR / noms_pdf(self.cle)[0]

    @property
    def pdf_remplissable(self) -> PurePosixPath:
        return PDF_DIR / noms_pdf(self.cle)[1]

    @property
    def consigne(self) -> str:
        """The sheet's instruction, which names what its rows are (criteria or compétences)."""
        if self.variante is None:
            return ""
        return self.variante.consigne_ccp if self.type == "ccp" else self.variante.consigne

    @property
    def nom_court(self) -> str:
        """The grid as a link text names it: « Grille d'évaluation », « Auto-évaluation »."""
        return self.variante.titre if self.variante else self.titre

    @property
    def titre_courant(self) -> str:
        """The running header of the sheet's pages: short, the full title is on the sheet."""
        if self.type == "competence":
            return f"Compétence {self.entite.numero}"  # type: ignore[union-attr]
        if self.type == "ccp":
            numero = self.entite.numero  # type: ignore[union-attr]
            if " " in self.partie.singulier:  # « bloc de compétences »: a header, not a sentence
                return f"Synthèse · {majuscule(self.partie.singulier)} {numero}"
            return f"Synthèse {self.partie.du} {numero}"
        return mots(self.titre, 4)

    @property
    def paysage(self) -> bool:
        """Landscape when the level columns leave too little room for the criteria."""
        return len(self.niveaux) > 4

    @property
    def utilise_echelle(self) -> bool:
        """The sheet asks for levels: its legend is printed."""
        return self.variante is not None or bool(self.visees) or any(
            champ.type in NIVEAU_TYPES for rubrique in self.rubriques for champ in rubrique.champs)

    @property
    def consigne_visees(self) -> str:
        """What to do with the compétences of a linked certification: position the salarié on
        them, or attest those he has acquired."""
        if self.type_visees == "niveau_atteint":
            return ("si le salarié prépare cette certification, attestez aussi ses compétences "
                    "acquises : ne cochez que le niveau atteint, d'après le suivi et les grilles "
                    "d'évaluation, et laissez vides les compétences non acquises.")
        return ("si le salarié prépare cette certification, situez-le aussi sur ses compétences, "
                "d'après ce que vous observez sur le poste. Sinon, laissez cette partie vide.")

    def niveaux_du_type(self, type_: str) -> tuple[Niveau, ...]:
        """The levels offered by a field of type ``type_``: the whole scale, or only the
        mastered levels for « niveau_atteint » (an attestation reports only what is acquired)."""
        if type_ == "niveau_atteint":
            return tuple(n for n in self.niveaux if n.maitrise)
        return tuple(self.niveaux)

    def niveaux_du_champ(self, champ: Champ) -> tuple[Niveau, ...]:
        """The levels a form field offers: the whole scale, or only the mastered levels for a
        « niveau_atteint » field (an attestation reports only what is acquired)."""
        return self.niveaux_du_type(champ.type)

    @property
    def champs_entete(self) -> tuple[tuple[str, str], ...]:
        if self.variante is None:
            return ()
        extra = (("evaluateur", self.variante.evaluateur),) if self.variante.evaluateur else ()
        return entete(self.vocabulaire) + extra


@dataclass(frozen=True)
class Livret:
    """All the blank grids of a CCP in one variant, in one PDF: its synthesis, then each
    compétence. The évaluateur booklet keeps its historical name ``livret-{ccp}.pdf``."""

    ccp: Ccp
    grilles: tuple[Grille, ...]
    variante: Variante
    partie: Mot  # « CCP », « bloc de compétences »

    @property
    def pdf(self) -> PurePosixPath:
        return PDF_DIR / nom_livret(self.ccp.id, self.variante)

    @property
    def titre(self) -> str:
        du = f"{self.partie.du} {self.ccp.numero}"
        if self.variante.id == "evaluateur":
            return f"Livret des grilles d'évaluation {du}"
        if self.variante.id == "tuteur":
            return f"Livret des grilles d'observation {du}"
        return f"Livret d'auto-évaluation {du}"


def mots(texte: str, nombre: int) -> str:
    """The first ``nombre`` words of ``texte``, « … » when cut: a running header or footer
    stays a short line (a long one would read as prose hidden from screen readers)."""
    tous = texte.split()
    return " ".join(tous) if len(tous) <= nombre else " ".join(tous[:nombre]) + "…"


def numero_critere(rang: int) -> str:
    """« C1 », « C2 »…: the same number on the compétence page, the grids and the PDFs."""
    return f"C{rang}"


def criteres_numerotes(comp: Competence) -> list[tuple[str, Critere]]:
    return [(numero_critere(i), cr) for i, cr in enumerate(comp.criteres, start=1)]


class Grilles:
    """Every grid of the framework, with lookups by entity."""

    def __init__(self, fw: Framework) -> None:
        self.fw = fw
        self.version = fw.titre.version if fw.titre else ""
        self.vocabulaire = fw.vocabulaire
        self.variantes = variantes(fw.vocabulaire)
        echelle = fw.echelle
        self.niveaux: tuple[Niveau, ...] = echelle.niveaux if echelle else ()
        self.echelle: Echelle | None = echelle
        self._by_ccp = competences_par_ccp(fw)
        self._ccps = {c.id: c for c in fw.ccps}
        self.par_entite: dict[tuple[str, str], tuple[Grille, ...]] = {}
        for ccp in fw.ccps:
            self.par_entite[("ccp", ccp.id)] = tuple(
                self._ccp(ccp, v) for v in self.variantes.values())
        for comp in fw.competences:
            self.par_entite[("competence", comp.id)] = tuple(
                self._competence(comp, v) for v in self.variantes.values())
        for outil in fw.outils:
            if outil.formulaire:
                self.par_entite[("outil", outil.id)] = (self._outil(outil),)

    # -- lookups -------------------------------------------------------------------------
    def __iter__(self):
        for grilles in self.par_entite.values():
            yield from grilles

    def de(self, entite: Competence | Ccp | Outil) -> tuple[Grille, ...]:
        return self.par_entite.get((_type(entite), entite.id), ())

    def outils_avec_formulaire(self) -> list[Outil]:
        """The tools that have a form, in the framework's order (none without tools)."""
        return [o for o in self.fw.outils if self.de(o)]

    def grille(self, entite: Competence | Ccp | Outil, variante: str = "evaluateur") -> Grille:
        return self._grille((_type(entite), entite.id), variante)

    def _grille(self, cible: tuple[str, str], variante: str | None) -> Grille:
        for g in self.par_entite.get(cible, ()):
            if g.variante is None or g.variante.id == variante:
                return g
        raise KeyError(f"pas de grille {variante} pour {cible}")

    def de_seance(self, seance: Seance) -> tuple[Grille, ...]:
        """The grids a séance prints, in its order (its references were checked)."""
        return tuple(self._grille(ref.cible, ref.variante_effective) for ref in seance.grilles)

    def livret(self, ccp: Ccp, variante: str = "evaluateur") -> Livret:
        return Livret(ccp, (self.grille(ccp, variante),) + tuple(
            self.grille(c, variante) for c in self._by_ccp.get(ccp.id, [])),
            self.variantes[variante], self.vocabulaire.partie)

    def livrets(self) -> list[Livret]:
        """Every booklet: for each CCP, one per variant."""
        return [self.livret(ccp, v) for ccp in self.fw.ccps for v in self.variantes]

    def vierges(self) -> list[Grille]:
        """The grids whose blank PDF goes into the archive of all blank grids."""
        return list(self)

    # -- construction ---------------------------------------------------------------------
    def _competence(self, comp: Competence, variante: Variante) -> Grille:
        ccp = self._ccps.get(comp.ccp)
        lignes = tuple(Ligne(cr.id, numero, cr.libelle, cr.propose, cr.indicateurs)
                       for numero, cr in criteres_numerotes(comp))
        sources = _unique(list(comp.sources) + [s for cr in comp.criteres for s in cr.sources])
        partie = majuscule(self.vocabulaire.partie.singulier)
        contexte = ((f"{partie} {ccp.numero} : {ccp.intitule}",) if ccp else ()) + (
            f"Compétence {comp.numero} : {comp.intitule}",)
        return Grille("competence", comp, variante, variante.titre, contexte, lignes,
                      self.niveaux, (), self.version, sources, any(li.propose for li in lignes),
                      self.vocabulaire)

    def _ccp(self, ccp: Ccp, variante: Variante) -> Grille:
        comps = self._by_ccp.get(ccp.id, [])
        lignes = tuple(
            Ligne(c.id, str(c.numero), c.intitule, False, tuple(cr.libelle for cr in c.criteres))
            for c in comps
        )
        sources = _unique(list(ccp.sources) + [s for c in comps for s in c.sources])
        partie = self.vocabulaire.partie
        titre = f"{variante.titre} : synthèse {partie.du} {ccp.numero}"
        return Grille("ccp", ccp, variante, titre,
                      (f"{majuscule(partie.singulier)} {ccp.numero} : {ccp.intitule}",),
                      lignes, self.niveaux, (), self.version, sources, False, self.vocabulaire)

    def _outil(self, outil: Outil) -> Grille:
        assert outil.formulaire is not None
        rubriques = outil.formulaire.rubriques
        apres, type_visees = _place_des_visees(rubriques)
        return Grille("outil", outil, None, outil.intitule, ("Outil de l'encadrant technique",),
                      (), self.niveaux, rubriques, self.version,
                      tuple(outil.sources), False, self.vocabulaire, visees(self.fw, outil),
                      apres, type_visees)


def _place_des_visees(rubriques: tuple[Rubrique, ...]) -> tuple[int, str]:
    """Where a form asks for the linked compétences it aims at: after its last rubrique that
    asks for levels, with that rubrique's kind of level (the whole scale to position a salarié,
    only the mastered levels to attest); after the last rubrique when none asks for levels."""
    for index in range(len(rubriques) - 1, -1, -1):
        types = [c.type for c in rubriques[index].champs if c.type in NIVEAU_TYPES]
        if types:
            return index, types[-1]
    return len(rubriques) - 1, "niveau"


def _type(entite: object) -> str:
    if isinstance(entite, Competence):
        return "competence"
    if isinstance(entite, Ccp):
        return "ccp"
    if isinstance(entite, Outil):
        return "outil"
    raise TypeError(f"pas de grille pour {entite!r}")


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
