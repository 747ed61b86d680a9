"""Ids equal to file names; ids, numbers and ranks unique."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from .context import CheckContext, error, unique


def noms_de_fichier(ctx: CheckContext) -> Iterator[Diagnostic]:
    fw = ctx.fw
    for entity in (*fw.ccps, *fw.competences, *fw.etapes, *fw.outils,
                   *fw.reconnaissances, *fw.versions, *fw.seances):
        stem = entity.origine.doc.rel.stem
        if entity.id != stem:
            yield error(
                entity.origine, "id.filename",
                f"l'identifiant « {entity.id} » n'est pas le nom du fichier « {stem} » : "
                f"renommez le fichier en « {entity.id}.yml » ou changez l'identifiant",
                "id",
            )


def identifiants_uniques(ctx: CheckContext) -> Iterator[Diagnostic]:
    fw = ctx.fw
    # The glossary is sorted by sigle in the model: its duplicates are told in file order.
    glossaire = sorted(fw.glossaire, key=lambda t: t.origine.path)
    for group in (fw.ccps, fw.competences, fw.etapes, fw.outils, fw.reconnaissances,
                  fw.versions, fw.seances, fw.sources, fw.acteurs, glossaire):
        yield from unique(((e.id, e.origine, ("id",)) for e in group), "identifiant")
    yield from unique(((t.sigle, t.origine, ("sigle",)) for t in glossaire), "sigle")
    yield from unique(((c.id, c.origine, ("id",)) for comp in fw.competences
                       for c in comp.criteres), "identifiant de critère")
    yield from unique(((str(c.numero), c.origine, ("numero",)) for c in fw.ccps),
                      f"numéro {fw.vocabulaire.partie.de}", "numero.duplicate")
    yield from unique(((str(c.numero), c.origine, ("numero",)) for c in fw.competences),
                      "numéro de compétence", "numero.duplicate")
    yield from unique(((str(e.ordre), e.origine, ("ordre",)) for e in fw.etapes),
                      "rang d'étape", "numero.duplicate")
    for faits in ([fw.titre.fiche] if fw.titre else []) + \
            [r.faits for r in fw.reconnaissances] + ([fw.ecole.faits] if fw.ecole else []):
        yield from unique(((f.id, f.origine, ("id",)) for f in faits), "identifiant de fait")
    for outil in fw.outils:
        if outil.formulaire:
            yield from unique(((c.id, c.origine, ("id",)) for r in outil.formulaire.rubriques
                               for c in r.champs), "identifiant de champ")
    if fw.echelle:
        yield from unique(((n.id, n.origine, ("id",)) for n in fw.echelle.niveaux),
                          "identifiant de niveau")
