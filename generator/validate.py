"""Stage 2: validate each parsed file against the JSON Schema of its kind.

The schemas (generator/schemas/*.schema.json) are the only description of the data's
shape; this module only turns jsonschema's errors into located French diagnostics.

Two engines read the same schemas. The happy path uses a validator compiled to Python by
fastjsonschema (about twenty times faster than jsonschema, which dominated validation time
at a few thousand files); a document it rejects, or a kind whose schema uses keywords it
does not implement, goes through jsonschema, which alone produces the diagnostics. So the
messages never depend on the fast engine, which only has to be at least as strict as
jsonschema (tests/test_fast_validation.py checks it on every case).
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import functools
import hashlib
import json
import marshal
import os
import re
import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .diagnostics import Diagnostic
from .libelles import pluriel
from .load import SourceDoc, format_json_path

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

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


def _found(value: Any) -> str:
    """What a wrong-typed value is: « nombre 1.5 », « booléen true », « liste », « valeur vide »."""
    if value is None or isinstance(value, (list, dict)):
        return _TYPE_NAMES[_type_of(value)]
    if isinstance(value, bool):
        return f"booléen {_quote(value)}"
    return f"{_TYPE_NAMES[_type_of(value)]} {_quote(value)}"


# The fast engine's compilation is an optimisation checked by tests/test_fast_validation.py
# (it must accept exactly what jsonschema accepts), too slow for the mutation subset:
# pragma: no mutate start
# Keywords (Draft 2020-12) that fastjsonschema's 2019 generator does not implement: a kind
# whose schema uses one of them is always validated by jsonschema.
_FAST_UNSUPPORTED = frozenset({
    "maxContains", "prefixItems", "unevaluatedProperties", "unevaluatedItems",
    "dependentRequired", "dependentSchemas", "$dynamicRef", "$dynamicAnchor", "$anchor",
    "$recursiveRef",
})
# Keywords that only annotate: they may stand beside ``$ref`` without being split off.
_ANNOTATIONS = frozenset({"description", "title", "$comment", "$schema", "$id", "$defs",
                          "examples", "default"})


def _fast_form(node: Any, unsupported: set[str]) -> Any:
    """The schema as fastjsonschema reads it with 2020-12 meaning.

    Draft 7 engines ignore the siblings of ``$ref``; 2020-12 applies them: ``{"$ref": r,
    "minItems": 1}`` becomes ``{"allOf": [{"$ref": r}, {"minItems": 1}]}``. ``minContains: 1``
    is what ``contains`` already means and is dropped; any other unsupported keyword is
    recorded in ``unsupported``. The schema files stay the only source of the rules.
    """
    if isinstance(node, list):
        return [_fast_form(item, unsupported) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in ("properties", "$defs"):
            out[key] = {name: _fast_form(sub, unsupported) for name, sub in value.items()}
        elif key == "minContains" and value == 1 and "contains" in node:
            continue
        elif key in ("enum", "const", "required"):
            out[key] = value
        else:
            if key in _FAST_UNSUPPORTED or key == "minContains":
                unsupported.add(key)
            out[key] = _fast_form(value, unsupported)
    if "$ref" in out:
        rest = {k: v for k, v in out.items() if k != "$ref" and k not in _ANNOTATIONS}
        if rest:
            kept = {k: v for k, v in out.items() if k == "$ref" or k in _ANNOTATIONS}
            kept.pop("$ref")
            out = {**kept, "allOf": [{"$ref": node["$ref"]}, rest]}
    return out


def _date(value: Any) -> bool:
    """Same rule as jsonschema's ``date`` format (a real calendar date, AAAA-MM-JJ)."""
    import datetime
    import re

    if not isinstance(value, str):
        return True
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value, flags=re.ASCII):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _cache_dir() -> Path:
    """Where compiled validators are kept between runs (the user's cache, as pip does)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "referentiel-cip" / "validateurs"


def _generate(schemas: dict[str, dict], handlers: dict, formats: dict) -> str:
    """Python source of one fastjsonschema validator per kind, generated in a single pass:
    the shared definitions (defs.schema.json) are turned into code once instead of once per
    kind, which, with messages left out, divides the cost of compiling by about four.
    ``NOMS`` maps each kind to its function."""
    from fastjsonschema import _factory  # pinned version (pyproject.toml)
    from fastjsonschema.ref_resolver import RefResolver

    root = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://schemas.referentiel-cip.invalid/tous.schema.json",
        "anyOf": [{"$ref": schema["$id"]} for schema in schemas.values()],
    }
    _resolver, generator = _factory(root, handlers, formats, False, True, True, True)
    # « integer »: an int, never a float such as 52.0 (draft 4 reading; the same rule is
    # given to jsonschema in SchemaValidator._full_validators).
    from fastjsonschema.draft04 import CodeGeneratorDraft04

    generator._json_keywords_to_function["type"] = functools.partial(
        CodeGeneratorDraft04.generate_type, generator)

    def exc(msg: str, *args: Any, append_to_msg: Any = None, rule: Any = None) -> None:
        # Only valid or not matters here: no message (its generation was two thirds of
        # the compile time; the library's own non-detailed mode fails on refs).
        generator.l('raise JsonSchemaValueException("invalide")')

    generator.exc = exc
    func_code = generator.func_code
    names = {kind: RefResolver(schema["$id"], schema, handlers=handlers).get_scope_name()
             for kind, schema in schemas.items()}
    return f"{generator.global_state_code}\n{_sans_chemins(func_code)}\nNOMS = {names!r}\n"


# « , (name_prefix or "data") + ".x[{data_x}]".format(**locals())) »: the path of a value, built
# for a message that is never made (``exc`` above); at 3,000 compétences, 200,000 strings.
_CHEMIN = re.compile(r', \(name_prefix or "data"\) \+ "[^"\n]*"(?:\.format\(\*\*locals\(\)\))?\)')


def _sans_chemins(code: str) -> str:
    """The generated code without the argument that carries each value's path."""
    return _CHEMIN.sub(")", code)


def _compile_together(schemas: dict[str, dict], handlers: dict) -> dict[str, Any]:
    """The validators, from the cache when the schemas (and versions) did not change: the
    code generated from the schemas is kept compiled, keyed by its inputs' hash."""
    import fastjsonschema

    formats = {"date": _date}
    inputs = [fastjsonschema.VERSION, sys.version, "entiers-stricts", "sans-chemins", schemas]
    key = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()
    cached = _cache_dir() / f"{key}.marshal"
    try:
        code = marshal.loads(cached.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        code = None
    if not isinstance(code, types.CodeType):
        code = None
    try:
        if code is None:
            code = compile(_generate(schemas, handlers, formats), "<validateurs>", "exec")
            try:
                cached.parent.mkdir(parents=True, exist_ok=True)
                tmp = cached.with_name(f".{cached.name}.{os.getpid()}.tmp")
                tmp.write_bytes(marshal.dumps(code))
                os.replace(tmp, cached)
            except OSError:
                pass  # no cache: the next run compiles again
        namespace: dict[str, Any] = {}
        exec(code, namespace)  # noqa: S102 - code generated from our own schemas
        return {kind: functools.partial(namespace[name], custom_formats=formats)
                for kind, name in namespace["NOMS"].items()}
    except Exception:  # noqa: BLE001 - any change of the private API: jsonschema only (the
        return {}      # public API's « integer » would accept 52.0)


# pragma: no mutate end


class SchemaValidator:
    """Per kind: a fastjsonschema validator for the happy path, jsonschema to explain."""

    # pragma: no mutate start
    def __init__(self, schemas: dict[str, dict]) -> None:
        self._schemas = schemas
        self._fast: dict[str, Any] = {}
        self._full: dict[str, Any] | None = None
        try:
            import fastjsonschema
        except ImportError:  # pragma: no cover - the dependency is declared
            return
        unsupported: dict[str, set[str]] = {}
        fast_schemas = {}
        for kind, schema in schemas.items():
            unsupported[kind] = set()
            fast_schemas[kind] = _fast_form(schema, unsupported[kind])
        by_id = {schema["$id"]: fast_schemas[kind] for kind, schema in schemas.items()}

        def resolve(uri: str) -> dict:
            return by_id[uri.split("#", 1)[0]]

        handlers = {"https": resolve, "http": resolve}
        kinds = [kind for kind in fast_schemas
                 if kind != "defs" and not unsupported[kind] and not unsupported.get("defs")]
        self._fast = _compile_together({kind: fast_schemas[kind] for kind in kinds}, handlers)
        self._fast_error = fastjsonschema.JsonSchemaException
    # pragma: no mutate end

    def _full_validators(self) -> dict[str, Any]:
        if self._full is None:
            from jsonschema import Draft202012Validator, validators
            from referencing import Registry, Resource

            # « integer » means an integer: since draft 6, JSON Schema accepts 52.0 as one,
            # which then breaks the build (« CCP 1.0 »). Both engines refuse it.
            strict = validators.extend(Draft202012Validator, type_checker=(
                Draft202012Validator.TYPE_CHECKER.redefine(
                    "integer", lambda _checker, value: type(value) is int)))

            registry: Registry = Registry().with_resources(
                (schema["$id"], Resource.from_contents(schema))
                for schema in self._schemas.values()
            )
            self._full = {
                kind: strict(
                    schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
                )
                for kind, schema in self._schemas.items()
                if kind != "defs"
            }
        return self._full

    def fast_accepts(self, doc: SourceDoc) -> bool | None:
        """True/False from the fast engine, None when it does not handle this kind."""
        fast = self._fast.get(doc.kind)
        if fast is None:
            return None
        try:
            fast(doc.data)
        except self._fast_error:
            return False
        return True

    def explain(self, doc: SourceDoc) -> list[Diagnostic]:
        """jsonschema's errors, translated: the only source of schema diagnostics."""
        validator = self._full_validators()[doc.kind]
        diagnostics: list[Diagnostic] = []
        seen = set()
        for error in validator.iter_errors(doc.data):
            for diagnostic in _translate(doc, error):
                # « texte vide » once, though an empty text breaks two rules (length, pattern).
                key = (diagnostic.line, diagnostic.column, diagnostic.message)
                if key not in seen:
                    seen.add(key)
                    diagnostics.append(diagnostic)
        return diagnostics

    def validate(self, doc: SourceDoc) -> list[Diagnostic]:
        if self.fast_accepts(doc):
            return []
        return self.explain(doc)

    def pruned(self, doc: SourceDoc) -> SourceDoc | None:
        """The document without its invalid fields, when that leaves a valid document: its
        other fields can then be checked in the same run (cross-references, calendar…).

        Only fields of mappings are removed, so every remaining value keeps its path (and
        its line). None when an error concerns a whole list item or the whole document, or
        when a removed field was required."""
        validator = self._full_validators()[doc.kind]
        paths = set()
        for error in validator.iter_errors(doc.data):
            path = tuple(error.absolute_path)
            if error.validator == "additionalProperties" and isinstance(error.instance, dict):
                known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
                paths.update(path + (key,) for key in error.instance if key not in known)
            else:
                paths.add(path)
        if not paths or any(not p or not isinstance(p[-1], str) for p in paths):
            return None
        data = copy.deepcopy(doc.data)
        for path in sorted(paths, key=len, reverse=True):
            parent = data
            for step in path[:-1]:
                parent = parent[step]
            if isinstance(parent, dict):
                parent.pop(path[-1], None)
        pruned = dataclasses.replace(doc, data=data)
        valid = self.fast_accepts(pruned)
        if valid is None:
            valid = not any(True for _ in validator.iter_errors(data))
        return pruned if valid else None


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
        from jsonschema.exceptions import best_match

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
        return [_diag(doc, error, f"type attendu : {wanted} ; trouvé : {_found(instance)}")]
    if keyword == "enum":
        choices = ", ".join(_quote(v) for v in value)
        return [_diag(doc, error,
                      f"valeur {_quote(instance)} non autorisée ; valeurs possibles : {choices}")]
    if keyword == "const":
        return [_diag(doc, error,
                      f"valeur {_quote(instance)} non autorisée ; attendu : {_quote(value)}")]
    if keyword == "pattern":
        if instance.strip() == "":
            return [_diag(doc, error, "texte vide")]
        rule = described or f"motif {value}"
        return [_diag(doc, error, f"valeur {_quote(instance)} invalide : {rule}")]
    if keyword == "format":
        rule = described or f"format {value}"
        return [_diag(doc, error, f"valeur {_quote(instance)} invalide : {rule}")]
    if keyword == "minLength":
        text = "texte vide" if value == 1 else f"au moins {pluriel(value, 'caractère')} attendus"
        return [_diag(doc, error, text)]
    if keyword == "maxLength":
        return [_diag(doc, error, f"texte trop long : {pluriel(value, 'caractère')} au plus")]
    if keyword == "minItems":
        text = ("liste vide : au moins un élément" if value == 1
                else f"au moins {pluriel(value, 'élément')}")
        attendu = "attendus" if value > 1 else "attendu"
        return [_diag(doc, error, f"{text} {attendu} (trouvé : {len(instance)})")]
    if keyword == "maxItems":
        trouve = len(instance)
        return [_diag(doc, error, f"au plus {pluriel(value, 'élément')} (trouvé : {trouve})")]
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
