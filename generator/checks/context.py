"""What every rule receives, and the helpers rules share to report a problem."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from ..diagnostics import Diagnostic, Severity
from ..model import Entity, Framework, Origine, walk
from .declared import REF_NAMES, Declared


@dataclass
class CheckContext:
    fw: Framework
    declared: Declared

    @cached_property
    def owner(self) -> dict[str, str]:
        """The compétence of each criterion (built once: séances are many at scale)."""
        return {c.id: comp.id for comp in self.fw.competences for c in comp.criteres}

    @cached_property
    def cites(self) -> list[Entity]:
        """Every model object that cites sources, wherever it is nested (one walk of the model
        for the rules on sources and on confidence)."""
        return [obj for obj in walk(self.fw) if getattr(obj, "sources", None)]


def error(origine: Origine, code: str, message: str, *sub: str | int,
          severity: Severity = Severity.ERROR) -> Diagnostic:
    display, line, column, path = origine.at(*sub)
    return Diagnostic(display, line, column, code, message, path, severity)


def nom_de_reference(ctx: CheckContext, kind: str) -> str:
    """« outil inconnu », « CCP inconnu » (a part is named by the framework's vocabulary)."""
    if kind == "ccp":
        partie = ctx.fw.vocabulaire.partie
        return f"{partie.singulier} {'inconnue' if partie.feminin else 'inconnu'}"
    return REF_NAMES[kind]


def ref(ctx: CheckContext, origine: Origine, kind: str, value: str,
        *sub: str | int) -> Iterator[Diagnostic]:
    """« outil inconnu « x » (vouliez-vous dire « y » ?) » unless ``value`` is declared."""
    if ctx.declared.knows(kind, value):
        return
    message = f"{nom_de_reference(ctx, kind)} « {value} »"
    declared = sorted(ctx.declared.ids[kind])
    # The same id but for capitals: the suggestion says which side to correct (an id with
    # capitals is refused by the schema where it is declared).
    casse = next((d for d in declared if d.lower() == value.lower()), None)
    close = difflib.get_close_matches(value, declared, n=1)
    if casse is not None and casse != casse.lower():
        message += (f" (« {casse} » est déclaré avec des majuscules : un identifiant s'écrit en "
                    "minuscules, corrigez-le là où il est déclaré)")
    elif casse is not None:
        message += f" (vouliez-vous dire « {casse} » ? un identifiant s'écrit en minuscules)"
    elif close:
        message += f" (vouliez-vous dire « {close[0]} » ?)"
    yield error(origine, "ref.unknown", message, *sub)


def refs(ctx: CheckContext, origine: Origine, kind: str, field_name: str,
         values: Iterable[str]) -> Iterator[Diagnostic]:
    for i, value in enumerate(values):
        yield from ref(ctx, origine, kind, value, field_name, i)


def unique(items: Iterable[tuple[str, Origine, tuple]], what: str,
           code: str = "id.duplicate") -> Iterator[Diagnostic]:
    """Every value seen a second time, pointing at the first."""
    first: dict[str, Origine] = {}
    for value, origine, sub in items:
        if value in first:
            seen = first[value]
            display, line, _, _ = seen.at(*sub)
            where = f"ligne {line}" if seen.doc is origine.doc else f"{display}:{line}"
            yield error(origine, code, f"{what} « {value} » déjà utilisé ({where})", *sub)
        else:
            first[value] = origine
