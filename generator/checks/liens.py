"""References to the compétences of linked frameworks (titre.yml's « referentiels_lies »).

A tool's ``competences_visees`` are « id du référentiel lié:id », the id being a compétence
or a part (CCP, bloc) of that framework. The linked frameworks were read and validated by the
pipeline (a missing, invalid or looping one has its own diagnostic there): a reference to a
framework that could not be read is not reported a second time.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ..diagnostics import Diagnostic
from .context import CheckContext, error, unique


def referentiels_lies(ctx: CheckContext) -> Iterator[Diagnostic]:
    """Each linked framework is declared once."""
    titre = ctx.fw.titre
    if titre is None or not titre.referentiels_lies:
        return
    yield from unique(((lien.id, lien.origine, ("id",)) for lien in titre.referentiels_lies),
                      "référentiel lié")


def competences_visees(ctx: CheckContext) -> Iterator[Diagnostic]:
    """Each aimed compétence names a declared linked framework and one of its compétences or
    parts."""
    fw = ctx.fw
    declares = sorted(lien.id for lien in (fw.titre.referentiels_lies or ())) if fw.titre else []
    for outil in fw.outils:
        for i, ref in enumerate(outil.competences_visees or ()):
            prefixe, _, ident = ref.partition(":")
            if prefixe not in declares:
                message = (f"référentiel lié inconnu « {prefixe} » dans « {ref} » : déclarez-le "
                           "dans « referentiels_lies » de titre.yml")
                yield error(outil.origine, "ref.unknown", _proche(message, prefixe, declares),
                            "competences_visees", i)
                continue
            lie = fw.lie(prefixe)
            if lie is None:
                continue  # not read: the pipeline said why, at the declaration
            connus = [c.id for c in lie.competences] + [c.id for c in lie.ccps]
            if ident not in connus:
                message = (f"« {ident} » n'est ni une compétence ni "
                           f"{lie.vocabulaire.partie.un} du référentiel lié « {prefixe} »")
                yield error(outil.origine, "ref.unknown",
                            _proche(message, ident, connus, f"{prefixe}:"),
                            "competences_visees", i)


def _proche(message: str, value: str, possibles: list[str], prefixe: str = "") -> str:
    close = difflib.get_close_matches(value, possibles, n=1)
    return message + (f" (vouliez-vous dire « {prefixe}{close[0]} » ?)" if close else "")
