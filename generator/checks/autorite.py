"""Confidence and the authority of sources: a fact of confidence A rests on an official text;
a fact of confidence B that rests only on training-provider pages, code or copied documents is
reported for review. A source record of confidence A is itself an official text."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, Severity
from ..model import Source
from .context import CheckContext, error

# Kinds of source (sources.yml « nature ») too weak to carry a fact of confidence B alone.
NATURES_FAIBLES = frozenset({"organisme_formation", "depot_ou_copie"})
# Kinds that carry an official text: its publication, or a faithful transcription of it (Etalab's
# copies of arrêtés, a Code article copied whole), shown to readers as such.
NATURES_OFFICIELLES = frozenset({"texte_officiel", "transcription"})
_RANG = {"A": 3, "B": 2, "C": 1, "?": 0}


def confiance_des_faits(ctx: CheckContext) -> Iterator[Diagnostic]:
    sources = {s.id: s for s in ctx.fw.sources}
    for source in ctx.fw.sources:
        yield from _source_a(source)
    for obj in ctx.cites:
        ids = [s for s in obj.sources if s in sources]  # type: ignore[attr-defined]
        if not ids:
            continue
        stated = getattr(obj, "confiance", None)
        niveau = stated or max((sources[s].confiance for s in ids), key=_RANG.__getitem__)
        natures = {sources[s].nature for s in ids}
        champ = "confiance" if stated else "sources"
        if niveau == "A" and not natures & NATURES_OFFICIELLES:
            yield error(obj.origine, "confiance.texte_officiel",
                        "confiance A refusée : aucune de ses sources n'est un texte officiel "
                        f"(sources : {', '.join(ids)}) ; citez le texte officiel lu ou "
                        "indiquez la confiance B", champ)
        elif niveau == "B" and natures <= NATURES_FAIBLES:
            yield error(obj.origine, "confiance.sources_faibles",
                        "confiance B appuyée seulement sur des pages d'organismes de formation "
                        f"ou des documents recopiés (sources : {', '.join(ids)}) ; ajoutez une "
                        "source publique ou officielle, ou indiquez la confiance C",
                        champ, severity=Severity.WARNING)


def _source_a(source: Source) -> Iterator[Diagnostic]:
    if source.confiance == "A" and source.nature not in NATURES_OFFICIELLES:
        yield error(source.origine, "confiance.texte_officiel",
                    f"confiance A refusée pour une source de nature « {source.nature} » : "
                    "seul un texte officiel lu (ou sa transcription fidèle) peut avoir la "
                    "confiance A", "confiance")
