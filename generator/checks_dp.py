"""Rules of the Dossier professionnel file (dossier_professionnel.yml) that a JSON Schema
cannot express: its activités-types name existing CCPs, each once and every CCP of the title;
example, question and field numbers or ids are unique where the dossier repeats them."""

from __future__ import annotations

from typing import Protocol

from .diagnostics import Diagnostic
from .model import DossierProfessionnel, Framework, Origine


class _Checker(Protocol):  # the part of checks._Checker these rules use
    fw: Framework
    out: list[Diagnostic]

    def ref(self, origine: Origine, kind: str, value: str, *sub: str | int) -> None: ...

    def unique(self, items, what: str, code: str = "id.duplicate") -> None: ...


def check_dossier_professionnel(checker: _Checker) -> None:
    dp: DossierProfessionnel | None = checker.fw.dossier_professionnel
    if dp is None:
        return
    for i, activite in enumerate(dp.activites):
        checker.ref(dp.origine, "ccp", activite.ccp, "activites", i, "ccp")
        checker.unique(((str(n), activite.origine, ("exemples", j))
                        for j, n in enumerate(activite.exemples)),
                       "numéro d'exemple", "numero.duplicate")
    checker.unique(((a.ccp, a.origine, ("ccp",)) for a in dp.activites),
                   "CCP", "id.duplicate")
    nommes = {a.ccp for a in dp.activites}
    for ccp in checker.fw.ccps:
        if ccp.id not in nommes:
            display, line, column, path = dp.origine.at("activites")
            checker.out.append(Diagnostic(
                display, line, column, "dp.ccp_absent",
                f"le CCP {ccp.numero} « {ccp.id} » n'a pas d'activité-type dans le dossier "
                "professionnel", path))
    if dp.rubriques is None:
        return
    exemples = dp.rubriques.exemples
    checker.unique(((str(q.numero), q.origine, ("numero",)) for q in exemples.questions),
                   "numéro de question", "numero.duplicate")
    checker.unique(((q.id, q.origine, ("id",)) for q in exemples.questions),
                   "identifiant de question")
    champs = [*dp.rubriques.page_de_garde.champs,
              *(c for q in exemples.questions for c in q.champs)]
    checker.unique(((c.id, c.origine, ("id",)) for c in champs), "identifiant de champ")
    bornes = exemples.par_activite
    if bornes is not None and bornes.minimum > bornes.maximum:
        display, line, column, path = bornes.origine.at("minimum")
        checker.out.append(Diagnostic(
            display, line, column, "dp.bornes",
            f"minimum ({bornes.minimum}) supérieur au maximum ({bornes.maximum})", path))
    for activite in dp.activites:
        if bornes is not None and len(activite.exemples) > bornes.maximum:
            display, line, column, path = activite.origine.at("exemples")
            checker.out.append(Diagnostic(
                display, line, column, "dp.exemples_max",
                f"{len(activite.exemples)} exemples pour cette activité-type : le modèle en "
                f"prévoit au plus {bornes.maximum}", path))
