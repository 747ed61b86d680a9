"""Stage 2: validate each parsed file against the JSON Schema of its kind.

The schemas (generator/schemas/*.schema.json) are the only description of the data's
shape; this module only turns jsonschema's errors into located French diagnostics.
"""

from __future__ import annotations

import difflib
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource

from .diagnostics import Diagnostic
from .load import SourceDoc, format_json_path

_TYPE_NAMES = {
    "string": "texte",
    "integer": "nombre entier",
    "number": "nombre",
    "boolean": "booléen (true ou false)",
    "array": "liste",
    "object": "dictionnaire (clé: valeur)",
    "null": "valeur vide",
}


def _type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _quote(value: Any) -> str:
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "…"
        return f"« {text} »"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "vide"
    if isinstance(value, (list, dict)):
        return _TYPE_NAMES[_type_of(value)]
    return str(value)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


class SchemaValidator:
    """One compiled Draft 2020-12 validator per kind, sharing a registry for ``$ref``."""

    def __init__(self, schemas: dict[str, dict]) -> None:
        registry: Registry = Registry().with_resources(
            (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values()
        )
        self._validators = {
            kind: Draft202012Validator(
                schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
            )
            for kind, schema in schemas.items()
            if kind != "defs"
        }

    def validate(self, doc: SourceDoc) -> list[Diagnostic]:
        validator = self._validators[doc.kind]
        diagnostics: list[Diagnostic] = []
        for error in validator.iter_errors(doc.data):
            diagnostics.extend(_translate(doc, error))
        return diagnostics


def _diag(doc: SourceDoc, error: ValidationError, message: str, path=None, key=False) -> Diagnostic:
    path = tuple(error.absolute_path) if path is None else path
    line, column = doc.locate(path, key=key)
    return Diagnostic(
        doc.display, line, column, f"schema.{error.validator}", message, format_json_path(path)
    )


def _translate(doc: SourceDoc, error: ValidationError) -> list[Diagnostic]:
    keyword = error.validator
    value = error.validator_value
    instance = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    described = schema.get("description")

    if keyword in ("anyOf", "oneOf") and described and (
            keyword == "oneOf" or all(e.validator == "required" for e in error.context)):
        # « exactly one of », « at least one of these fields »: the rule says it best.
        return [_diag(doc, error, f"condition non remplie : {described}")]
    if keyword in ("anyOf", "oneOf") and error.context:
        # Explain the branch of the value's own type (a mapping: its fields), not « type ».
        typed = [e for e in error.context if not (e.validator == "type" and not e.relative_path)]
        return _translate(doc, best_match(typed or error.context))
    if keyword == "additionalProperties" and isinstance(instance, dict):
        known = set(schema.get("properties", {}))
        diagnostics = []
        for extra in sorted(set(instance) - known):
            message = f"champ inconnu « {extra} »"
            close = difflib.get_close_matches(extra, sorted(known), n=1)
            if close:
                message += f" (vouliez-vous dire « {close[0]} » ?)"
            elif known:
                message += " ; champs possibles : " + ", ".join(sorted(known))
            path = tuple(error.absolute_path) + (extra,)
            diagnostics.append(_diag(doc, error, message, path=path, key=True))
        return diagnostics
    if keyword == "required" and isinstance(instance, dict):
        missing = [name for name in value if name not in instance]
        name = next((n for n in missing if repr(n) in error.message), missing[0])
        return [_diag(doc, error, f"champ obligatoire manquant « {name} »")]
    if keyword == "type":
        expected = value if isinstance(value, list) else [value]
        wanted = " ou ".join(_TYPE_NAMES.get(t, t) for t in expected)
        found = _TYPE_NAMES[_type_of(instance)]
        return [_diag(doc, error, f"type attendu : {wanted} ; trouvé : {found} {_quote(instance)}")]
    if keyword == "enum":
        choices = ", ".join(_quote(v) for v in value)
        return [_diag(doc, error, f"valeur {_quote(instance)} non autorisée ; valeurs possibles : {choices}")]
    if keyword == "const":
        return [_diag(doc, error, f"valeur {_quote(instance)} non autorisée ; attendu : {_quote(value)}")]
    if keyword == "pattern":
        if instance.strip() == "":
            return [_diag(doc, error, "texte vide")]
        rule = described or f"motif {value}"
        return [_diag(doc, error, f"valeur {_quote(instance)} invalide : {rule}")]
    if keyword == "format":
        rule = described or f"format {value}"
        return [_diag(doc, error, f"valeur {_quote(instance)} invalide : {rule}")]
    if keyword == "minLength":
        text = "texte vide" if value == 1 else f"au moins {_plural(value, 'caractère')} attendus"
        return [_diag(doc, error, text)]
    if keyword == "maxLength":
        return [_diag(doc, error, f"texte trop long : {_plural(value, 'caractère')} au plus")]
    if keyword == "minItems":
        text = "liste vide : au moins un élément" if value == 1 else f"au moins {_plural(value, 'élément')}"
        return [_diag(doc, error, f"{text} attendu{'s' if value > 1 else ''} (trouvé : {len(instance)})")]
    if keyword == "maxItems":
        return [_diag(doc, error, f"au plus {_plural(value, 'élément')} (trouvé : {len(instance)})")]
    if keyword == "uniqueItems":
        return [_diag(doc, error, "la liste contient des éléments en double")]
    if keyword in ("minimum", "exclusiveMinimum"):
        return [_diag(doc, error, f"valeur {_quote(instance)} trop petite : minimum {value}")]
    if keyword in ("maximum", "exclusiveMaximum"):
        return [_diag(doc, error, f"valeur {_quote(instance)} trop grande : maximum {value}")]
    if keyword in ("contains", "minContains"):
        rule = described or "aucun élément ne convient"
        return [_diag(doc, error, f"condition non remplie : {rule}")]
    return [_diag(doc, error, error.message)]
