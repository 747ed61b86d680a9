"""References to existing entities, sources, and the tool/step symmetry."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, Severity
from ..model import Framework, Origine, walk
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
    for origine, cited in all_sources(ctx.fw):
        yield from refs(ctx, origine, "source", "sources", cited)


def all_sources(fw: Framework) -> Iterator[tuple[Origine, tuple[str, ...]]]:
    """Every (object, sources) pair of the model, wherever it is nested."""
    for obj in walk(fw):
        cited = getattr(obj, "sources", ())
        if cited:
            yield obj.origine, cited


def symetrie_outils_etapes(ctx: CheckContext) -> Iterator[Diagnostic]:
    """A step that lists a tool and a tool that lists its steps must agree."""
    fw = ctx.fw
    etapes = {e.id: e for e in fw.etapes}
    outils = {o.id: o for o in fw.outils}
    for etape in fw.etapes:
        for i, outil_id in enumerate(etape.outils):
            outil = outils.get(outil_id)
            if outil and etape.id not in outil.etapes:
                yield error(
                    etape.origine, "ref.asymmetric",
                    f"l'outil « {outil_id} » ne cite pas cette étape dans ses « etapes »",
                    "outils", i, severity=Severity.WARNING,
                )
    for outil in fw.outils:
        for i, etape_id in enumerate(outil.etapes):
            etape = etapes.get(etape_id)
            if etape and outil.id not in etape.outils:
                yield error(
                    outil.origine, "ref.asymmetric",
                    f"l'étape « {etape_id} » ne cite pas cet outil dans ses « outils »",
                    "etapes", i, severity=Severity.WARNING,
                )
