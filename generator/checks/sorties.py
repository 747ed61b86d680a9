"""Every file the build makes from an id has a name of its own: two entities whose ids give
the same page or PDF name (the outils « analyse-poste » and « analyse-poste-remplissable »:
``outil-analyse-poste-remplissable.pdf`` is the fillable PDF of the first and the PDF of the
second) would silently lose one of them. The names come from ``grilles.py`` and ``paths.py``,
the very functions the rendering uses."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..grilles import Variante, cle_grille, nom_livret, noms_pdf, variantes
from ..model import Ccp, Competence, Mot, Outil, Seance
from ..paths import pdf_seance
from .context import CheckContext, error

Entite = Ccp | Competence | Outil | Seance

_ARTICLES = ((Competence, "de la compétence"), (Outil, "de l'outil"), (Seance, "de la séance"))


def _de(entite: Entite, partie: Mot) -> str:
    """« de la compétence « cp01 » », « du CCP « ccp1 » » (a part: the framework's word)."""
    if isinstance(entite, Ccp):
        return f"{partie.du} « {entite.id} »"
    article = next(text for kind, text in _ARTICLES if isinstance(entite, kind))
    return f"{article} « {entite.id} »"


def noms_pdf_du_referentiel(ctx: CheckContext) -> Iterator[tuple[str, Entite, str]]:
    """Every PDF named from an id (a grid's page is named as its blank PDF): its file name,
    its entity, and what it is, in French. Plain text, no grid built: thousands at scale."""
    for nom, entite, sorte, variante in _noms(ctx):
        yield nom, entite, _quoi(sorte, variante)


# What each name is: (kind of file, variante or None) → French, made only for a collision.
_SORTES = {"pdf": "le PDF", "remplissable": "le PDF remplissable", "livret": "le livret",
           "seance": "la fiche imprimable"}


def _quoi(sorte: str, variante: Variante | None) -> str:
    quoi = _SORTES[sorte]
    return f"{quoi} ({variante.libelle.lower()})" if variante else quoi


def _noms(ctx: CheckContext) -> Iterator[tuple[str, Entite, str, Variante | None]]:
    """(file name, entity, kind of file, variante): the same names as the rendering's."""
    fw = ctx.fw
    tous = tuple(variantes(fw.vocabulaire).values())
    for type_, group in (("ccp", fw.ccps), ("competence", fw.competences)):
        for entite in group:
            for variante in tous:
                vierge, remplissable = noms_pdf(cle_grille(type_, entite.id, variante))
                yield vierge, entite, "pdf", variante
                yield remplissable, entite, "remplissable", variante
    for outil in fw.outils:
        if outil.formulaire:
            vierge, remplissable = noms_pdf(cle_grille("outil", outil.id, None))
            yield vierge, outil, "pdf", None
            yield remplissable, outil, "remplissable", None
    for ccp in fw.ccps:
        for variante in tous:
            yield nom_livret(ccp.id, variante), ccp, "livret", variante
    for seance in fw.seances:
        yield pdf_seance(seance).name, seance, "seance", None


def noms_de_sortie(ctx: CheckContext) -> Iterator[Diagnostic]:
    noms = [nom for nom, _, _, _ in _noms(ctx)]
    if len(set(noms)) == len(noms):
        return  # the usual case, thousands of names at scale: no French made
    first: dict[str, tuple[Entite, str]] = {}
    partie = ctx.fw.vocabulaire.partie
    for nom, entite, quoi in noms_pdf_du_referentiel(ctx):
        if nom not in first:
            first[nom] = (entite, quoi)
            continue
        autre, autre_quoi = first[nom]
        if type(autre) is type(entite) and autre.id == entite.id:
            continue  # the same id twice: told by id.duplicate
        display, line, _, _ = autre.origine.at("id")
        where = f"ligne {line}" if autre.origine.doc is entite.origine.doc else f"{display}:{line}"
        yield error(entite.origine, "sortie.collision",
                    f"{quoi} {_de(entite, partie)} porterait le nom « {nom} », déjà pris par "
                    f"{autre_quoi} {_de(autre, partie)} ({where}) : l'un des deux fichiers "
                    "serait perdu ; changez l'un des deux identifiants", "id")
