"""The Dossier professionnel (dossier_professionnel.yml): its activités-types name existing
CCPs, each once and every CCP of the title; example numbers are unique in an activité-type and
no more than the model allows; question numbers and ids, and field ids, are unique."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from .context import CheckContext, error, ref, unique


def activites(ctx: CheckContext) -> Iterator[Diagnostic]:
    dp = ctx.fw.dossier_professionnel
    if dp is None:
        return
    for i, activite in enumerate(dp.activites):
        yield from ref(ctx, dp.origine, "ccp", activite.ccp, "activites", i, "ccp")
        yield from unique(((str(n), activite.origine, ("exemples", j))
                           for j, n in enumerate(activite.exemples)),
                          "numéro d'exemple", "numero.duplicate")
    partie = ctx.fw.vocabulaire.partie
    yield from unique(((a.ccp, a.origine, ("ccp",)) for a in dp.activites), partie.singulier)
    nommes = {a.ccp for a in dp.activites}
    for ccp in ctx.fw.ccps:
        if ccp.id not in nommes:
            yield error(dp.origine, "dp.ccp_absent",
                        f"{partie.le} {ccp.numero} « {ccp.id} » n'a pas d'activité-type dans le "
                        "dossier professionnel", "activites")


def rubriques(ctx: CheckContext) -> Iterator[Diagnostic]:
    dp = ctx.fw.dossier_professionnel
    if dp is None or dp.rubriques is None:
        return
    exemples = dp.rubriques.exemples
    yield from unique(((str(q.numero), q.origine, ("numero",)) for q in exemples.questions),
                      "numéro de question", "numero.duplicate")
    yield from unique(((q.id, q.origine, ("id",)) for q in exemples.questions),
                      "identifiant de question")
    champs = [*dp.rubriques.page_de_garde.champs,
              *(c for q in exemples.questions for c in q.champs)]
    yield from unique(((c.id, c.origine, ("id",)) for c in champs), "identifiant de champ")
    bornes = exemples.par_activite
    if bornes is None:
        return
    if bornes.minimum > bornes.maximum:
        yield error(bornes.origine, "dp.bornes",
                    f"minimum ({bornes.minimum}) supérieur au maximum ({bornes.maximum})",
                    "minimum")
    for activite in dp.activites:
        if len(activite.exemples) > bornes.maximum:
            yield error(activite.origine, "dp.exemples_max",
                        f"{len(activite.exemples)} exemples pour cette activité-type : le modèle "
                        f"en prévoit au plus {bornes.maximum}", "exemples")
