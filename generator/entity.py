"""The machinery of the model: objects built from schema-valid mappings, each keeping its
``origine`` (file and JSON path) so that a later check can point at the source; and the base of
everything that states a fact (``Sourced``, ``TexteSource``, ``Fait``).

Field names are the YAML keys. A class lists its nested classes in ``nested``; the build plan of
each class (field name, nested class) is computed once.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from .load import JsonPath, SourceDoc, format_json_path

T = TypeVar("T")


@dataclass(frozen=True)
class Origine:
    doc: SourceDoc
    path: JsonPath

    def at(self, *sub: str | int, key: bool = False) -> tuple[str, int, int, str]:
        path = self.path + sub
        line, column = self.doc.locate(path, key=key)
        return self.doc.display, line, column, format_json_path(path)


def origin_field() -> Any:
    return field(default=None, compare=False, repr=False, hash=False)


@dataclass(frozen=True)
class Entity:
    """Base of model objects: built from a mapping whose keys are the field names."""

    nested: ClassVar[dict[str, type]] = {}

    @classmethod
    def build(cls: type[T], data: dict, origine: Origine) -> T:
        values: dict[str, Any] = {}
        for name, sub in build_plan(cls):
            raw = data.get(name)
            if raw is None:
                continue  # optional field absent: the dataclass default applies
            if sub is not None:
                child = Origine(origine.doc, origine.path + (name,))
                if isinstance(raw, list):
                    values[name] = tuple(
                        sub.build(item, Origine(origine.doc, child.path + (i,)))
                        for i, item in enumerate(raw)
                    )
                else:
                    values[name] = sub.build(raw, child)
            elif isinstance(raw, list):
                values[name] = tuple(raw)
            else:
                values[name] = raw
        return cls(**values, origine=origine)  # type: ignore[call-arg]


_PLANS: dict[type, tuple[tuple[str, type | None], ...]] = {}


def build_plan(cls: type) -> tuple[tuple[str, type | None], ...]:
    """(field name, nested class or None) of a model class, computed once per class."""
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = tuple(
            (f.name, cls.nested.get(f.name))  # type: ignore[attr-defined]
            for f in dataclasses.fields(cls) if f.name != "origine"
        )
    return plan


_NESTED: dict[type, tuple[str, ...]] = {}


def nested_names(cls: type) -> tuple[str, ...]:
    """The fields of a model class that hold model objects (only ``nested`` ones do: ``build``
    makes objects of them alone), computed once per class."""
    names = _NESTED.get(cls)
    if names is None:
        names = _NESTED[cls] = tuple(name for name, sub in build_plan(cls) if sub is not None)
    return names


@dataclass(frozen=True)
class Sourced(Entity):
    """Anything that states a fact: it has sources and may override their confidence."""

    sources: tuple[str, ...] = ()
    confiance: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class TexteSource(Sourced):
    texte: str = ""
    origine: Origine = origin_field()


@dataclass(frozen=True)
class Fait(Sourced):
    id: str = ""
    libelle: str = ""
    valeur: str = ""
    reference: str | None = None
    origine: Origine = origin_field()
