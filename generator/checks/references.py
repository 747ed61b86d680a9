"""References to existing entities, sources, and the tool/step symmetry."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, Severity
from .context import CheckContext, error, ref, refs


def echelle(ctx: CheckContext) -> Iterator[Diagnostic]:
    """The scale's default level is one of its levels."""
    if ctx.fw.echelle:
        yield from ref(ctx, ctx.fw.echelle.origine, "niveau", ctx.fw.echelle.defaut, "defaut")


def references(ctx: CheckContext) -> Iterator[Diagnostic]:
    """CCP of each compétence; actors, compétences, tools and steps cited by the others."""
    fw = ctx.fw
    for comp in fw.competences:
        yield from ref(ctx, comp.origine, "ccp", comp.ccp, "ccp")
    for etape in fw.etapes:
        yield from refs(ctx, etape.origine, "acteur", "acteurs", etape.acteurs)
        yield from refs(ctx, etape.origine, "competence", "competences", etape.competences)
        yield from refs(ctx, etape.origine, "outil", "outils", etape.outils)
    for outil in fw.outils:
        yield from refs(ctx, outil.origine, "etape_parcours", "etapes", outil.etapes)
        yield from refs(ctx, outil.origine, "acteur", "acteurs", outil.acteurs)
        yield from refs(ctx, outil.origine, "competence", "competences", outil.competences)
    for reco in fw.reconnaissances:
        yield from refs(ctx, reco.origine, "outil", "outils", reco.outils)
    for version in fw.versions:
        for i, ccp in enumerate(version.ccp):
            for j, comp in enumerate(ccp.competences):
                if comp.correspond_a:
                    yield from ref(ctx, version.origine, "competence", comp.correspond_a,
                                   "ccp", i, "competences", j, "correspond_a")


def sources(ctx: CheckContext) -> Iterator[Diagnostic]:
    """Every source cited anywhere in the model exists."""
    for obj in ctx.cites:
        yield from refs(ctx, obj.origine, "source", "sources", obj.sources)  # type: ignore[attr-defined]


def symetrie_outils_etapes(ctx: CheckContext) -> Iterator[Diagnostic]:
    """A step that lists a tool and a tool that lists its steps must agree."""
    fw = ctx.fw
    yield from _symetrie(fw.etapes, "outils", {o.id: o for o in fw.outils}, "etapes",
                         "l'outil « {} » ne cite pas cette étape dans ses « etapes »")
    yield from _symetrie(fw.outils, "etapes", {e.id: e for e in fw.etapes}, "outils",
                         "l'étape « {} » ne cite pas cet outil dans ses « outils »")


def _symetrie(items, field: str, others: dict, back: str, message: str) -> Iterator[Diagnostic]:
    """Each item's `field` names others whose `back` field must name the item in return."""
    for item in items:
        for i, other_id in enumerate(getattr(item, field)):
            other = others.get(other_id)
            if other and item.id not in getattr(other, back):
                yield error(item.origine, "ref.asymmetric", message.format(other_id),
                            field, i, severity=Severity.WARNING)
