"""A séance's references, grids, criteria and déroulé (its place in time: ``programme``)."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, Severity
from ..libelles import minutes
from ..model import Seance
from .context import CheckContext, error, ref, refs


def references_seances(ctx: CheckContext) -> Iterator[Diagnostic]:
    """People, compétences, criteria, tools and grids named by each séance exist."""
    for seance in ctx.fw.seances:
        yield from _references(ctx, seance)


def _references(ctx: CheckContext, seance: Seance) -> Iterator[Diagnostic]:
    o = seance.origine
    personnes = [(("formateur",), seance.formateur)]
    personnes += [(("intervenants", i), p) for i, p in enumerate(seance.intervenants)]
    for sub, personne in personnes:
        if personne is not None and personne.acteur:
            yield from ref(ctx, o, "acteur", personne.acteur, *sub, "acteur")
    yield from refs(ctx, o, "competence", "competences", seance.competences)
    yield from refs(ctx, o, "critere", "criteres", seance.criteres)
    yield from refs(ctx, o, "outil", "outils", seance.outils)
    for i, grille in enumerate(seance.grilles):
        kind, value = grille.cible
        if not ctx.declared.knows(kind, value):
            yield from ref(ctx, o, kind, value, "grilles", i, kind)
        elif kind == "outil" and not ctx.declared.knows("grille_outil", value):
            avec = sorted(ctx.declared.ids["grille_outil"])
            yield error(
                o, "ref.unknown",
                f"grille inconnue : l'outil « {value} » n'a pas de formulaire, donc pas de "
                f"grille (outils qui en ont : {', '.join(avec) or 'aucun'})",
                "grilles", i, kind,
            )


def criteres_seances(ctx: CheckContext) -> Iterator[Diagnostic]:
    """A criterion evaluates one compétence: it must be one the séance works on."""
    owner = ctx.owner
    for seance in ctx.fw.seances:
        for i, critere in enumerate(seance.criteres):
            comp = owner.get(critere)
            if comp and comp not in seance.competences:
                yield error(
                    seance.origine, "seance.critere",
                    f"le critère « {critere} » évalue la compétence « {comp} », absente des "
                    f"« competences » de la séance",
                    "criteres", i,
                )


def deroule_seances(ctx: CheckContext) -> Iterator[Diagnostic]:
    """The steps of the déroulé add up to the séance's duration (a warning)."""
    for seance in ctx.fw.seances:
        total = sum(etape.duree for etape in seance.deroule)
        if seance.deroule and total != round(seance.duree * 60):
            yield error(
                seance.origine, "seance.duree",
                f"le déroulé totalise {minutes(total)} pour une séance de "
                f"{minutes(round(seance.duree * 60))}",
                "duree", severity=Severity.WARNING,
            )
