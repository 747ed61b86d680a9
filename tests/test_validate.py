"""Stage 2 on its own: each JSON Schema rule the data can break is explained in French, at
the value's position, with the value quoted as the author typed it."""

from __future__ import annotations

import copy
from pathlib import PurePosixPath

import pytest

from generator.load import parse_yaml
from generator.pipeline import schema_validator
from generator.validate import _translate

from .conftest import CASES

BASE = CASES / "base" / "framework"
SEANCE = """\
id: s1
intitule: Découverte du métier
semaine: 1
duree: 1
lieu: ecole
formateur: Formatrice
objectifs: [Situer le métier]
deroule:
  - titre: Présentation
    duree: 60
competences: [cp01]
sources: [equipe-pedagogique]
"""


def _explain(rel: str, old: str, new: str, kind: str) -> list[str]:
    path = BASE / rel
    text = path.read_text(encoding="utf-8") if path.is_file() else SEANCE
    assert old in text
    doc, problems = parse_yaml(text.replace(old, new, 1), rel, PurePosixPath(rel), kind)
    assert doc is not None, problems
    return [d.format() for d in schema_validator().explain(doc)]


MESSAGES = [
    ("ccp/ccp1.yml", "numero: 1", "numero: 0", "ccp",
     "ccp/ccp1.yml:2:9: error[schema.minimum]: $.numero: valeur 0 trop petite : minimum 1"),
    ("seances/s1.yml", "duree: 1\n", "duree: 0\n", "seance",
     "seances/s1.yml:4:8: error[schema.exclusiveMinimum]: $.duree: valeur 0 trop petite : "
     "minimum 0"),
    # 15 digits is still a number (MAX_DIGITS): the schema, not the loader, refuses it.
    ("ccp/ccp1.yml", "numero: 1", "numero: 123456789012345", "ccp",
     "ccp/ccp1.yml:2:9: error[schema.maximum]: $.numero: valeur 123456789012345 trop grande : "
     "maximum 999999"),
    ("seances/s1.yml", "duree: 1\n", "duree: 40.5\n", "seance",
     "seances/s1.yml:4:8: error[schema.maximum]: $.duree: valeur 40.5 trop grande : maximum 40"),
    ("ccp/ccp1.yml", "id: ccp1", "id: " + "c" * 65, "ccp",
     "ccp/ccp1.yml:1:5: error[schema.maxLength]: $.id: texte trop long : 64 caractères au plus"),
    ("ccp/ccp1.yml", "intitule: Accueillir", 'intitule: ""\nnote: Accueillir', "ccp",
     "ccp/ccp1.yml:3:11: error[schema.minLength]: $.intitule: texte vide"),
    ("ccp/ccp1.yml", "intitule: Accueillir", 'intitule: "  "\nnote: Accueillir', "ccp",
     "ccp/ccp1.yml:3:11: error[schema.pattern]: $.intitule: texte vide"),
    ("ccp/ccp1.yml", "sources: [arrete-2023]", "sources: [arrete-2023, arrete-2023]", "ccp",
     "ccp/ccp1.yml:4:10: error[schema.uniqueItems]: $.sources: la liste contient des éléments "
     "en double"),
    ("ccp/ccp1.yml", "sources: [arrete-2023]", "sources: []", "ccp",
     "ccp/ccp1.yml:4:10: error[schema.minItems]: $.sources: liste vide : au moins un élément "
     "attendu (trouvé : 0)"),
    ("echelle.yml", "  - id: non-acquis\n    libelle: Non acquis\n    description: La compétence "
     "n'est pas encore observée.\n    maitrise: false\n", "", "echelle",
     "echelle.yml:4:3: error[schema.minItems]: $.niveaux: au moins 2 éléments attendus "
     "(trouvé : 1)"),
    ("echelle.yml", "    maitrise: true", "    maitrise: false", "echelle",
     "echelle.yml:4:3: error[schema.contains]: $.niveaux: condition non remplie : aucun élément "
     "ne convient"),
    ("echelle.yml", "  - id: acquis", "  - id: acquis\n    libelle: Acquis\n    description: x\n"
     "    maitrise: true\n  - id: a2\n    libelle: A\n    description: x\n    maitrise: true\n"
     "  - id: a3\n    libelle: A\n    description: x\n    maitrise: true\n"
     "  - id: a4\n    libelle: A\n    description: x\n    maitrise: true\n"
     "  - id: a5\n    libelle: A\n    description: x\n    maitrise: true\n"
     "  - id: a6", "echelle",
     "echelle.yml:4:3: error[schema.maxItems]: $.niveaux: au plus 6 éléments (trouvé : 7)"),
    ("competences/cp01.yml", "    statut: propose\n  - id: cp01-c2", "    statut: officiel\n"
     "  - id: cp01-c2", "competence",
     "competences/cp01.yml:11:5: error[schema.required]: $.criteres[0]: champ obligatoire "
     "manquant « sources »"),
    ("echelle.yml", "defaut: non-acquis",
     "defaut: Non acquis puis en cours d'acquisition puis acquis avec aide ok", "echelle",
     "echelle.yml:12:9: error[schema.pattern]: $.defaut: valeur « Non acquis puis en cours "
     "d'acquisition puis acquis avec a… » "
     "invalide : identifiant stable : lettres minuscules sans accent, chiffres et tirets "
     "(ex. « cp01 », « pass-iae »), autre que « index »"),
    # A value of 60 characters is quoted whole, from 61 on it is cut at 57 and « … » added.
    ("echelle.yml", "defaut: non-acquis", "defaut: " + ("Non-acquis " * 6)[:60], "echelle",
     "echelle.yml:12:9: error[schema.pattern]: $.defaut: valeur « Non-acquis Non-acquis "
     "Non-acquis Non-acquis Non-acquis Non-a » invalide : identifiant stable : lettres "
     "minuscules sans accent, chiffres et tirets (ex. « cp01 », « pass-iae »), "
     "autre que « index »"),
    ("echelle.yml", "defaut: non-acquis", "defaut: " + ("Non-acquis " * 6)[:61], "echelle",
     "echelle.yml:12:9: error[schema.pattern]: $.defaut: valeur « Non-acquis Non-acquis "
     "Non-acquis Non-acquis Non-acquis No… » invalide : identifiant stable : lettres "
     "minuscules sans accent, chiffres et tirets (ex. « cp01 », « pass-iae »), "
     "autre que « index »"),
    ("ccp/ccp1.yml", "intitule: Accueillir", "intitule: 12\nnote: Accueillir", "ccp",
     "ccp/ccp1.yml:3:11: error[schema.type]: $.intitule: type attendu : texte ; "
     "trouvé : nombre entier 12"),
    ("seances/s1.yml", "lieu: ecole", "lieu: true", "seance",
     "seances/s1.yml:5:7: error[schema.enum]: $.lieu: valeur true non autorisée ; valeurs "
     "possibles : « ecole », « terrain »"),
    ("seances/s1.yml", "lieu: ecole", "lieu: false", "seance",
     "seances/s1.yml:5:7: error[schema.enum]: $.lieu: valeur false non autorisée ; valeurs "
     "possibles : « ecole », « terrain »"),
    ("seances/s1.yml", "lieu: ecole", "lieu: 2", "seance",
     "seances/s1.yml:5:7: error[schema.enum]: $.lieu: valeur 2 non autorisée ; valeurs "
     "possibles : « ecole », « terrain »"),
    ("seances/s1.yml", "lieu: ecole", "lieu:", "seance",
     "seances/s1.yml:5:6: error[schema.enum]: $.lieu: valeur vide non autorisée ; valeurs "
     "possibles : « ecole », « terrain »"),
    ("seances/s1.yml", "lieu: ecole", "lieu: [ecole]", "seance",
     "seances/s1.yml:5:7: error[schema.enum]: $.lieu: valeur liste non autorisée ; valeurs "
     "possibles : « ecole », « terrain »"),
    ("seances/s1.yml", "lieu: ecole", "lieu: {a: ecole}", "seance",
     "seances/s1.yml:5:7: error[schema.enum]: $.lieu: valeur dictionnaire (clé: valeur) non "
     "autorisée ; valeurs possibles : « ecole », « terrain »"),
    ("seances/s1.yml", "semaine: 1", "semaine: 1.5", "seance",
     "seances/s1.yml:3:10: error[schema.type]: $.semaine: type attendu : nombre entier ; "
     "trouvé : nombre 1.5"),
    ("seances/s1.yml", "semaine: 1", "semaine: true", "seance",
     "seances/s1.yml:3:10: error[schema.type]: $.semaine: type attendu : nombre entier ; "
     "trouvé : booléen true"),
    ("seances/s1.yml", "semaine: 1", "semaine:", "seance",
     "seances/s1.yml:3:9: error[schema.type]: $.semaine: type attendu : nombre entier ; "
     "trouvé : valeur vide"),
    ("seances/s1.yml", "semaine: 1", "semaine: [1]", "seance",
     "seances/s1.yml:3:10: error[schema.type]: $.semaine: type attendu : nombre entier ; "
     "trouvé : liste"),
    ("seances/s1.yml", "semaine: 1", "semaine: {n: 1}", "seance",
     "seances/s1.yml:3:10: error[schema.type]: $.semaine: type attendu : nombre entier ; "
     "trouvé : dictionnaire (clé: valeur)"),
    ("seances/s1.yml", "semaine: 1", "semaine: 5\n", "seance", None),
]


@pytest.mark.parametrize("rel, old, new, kind, expected", MESSAGES,
                         ids=[f"{m[4].split('error[')[1].split(']')[0] if m[4] else 'valide'}-{i}"
                              for i, m in enumerate(MESSAGES)])
def test_each_schema_rule_is_explained(rel, old, new, kind, expected) -> None:
    assert _explain(rel, old, new, kind) == ([expected] if expected else [])


def test_each_missing_field_is_named() -> None:
    assert _explain("ccp/ccp1.yml", "numero: 1\nintitule: Accueillir", "note: Accueillir",
                    "ccp") == [
        "ccp/ccp1.yml:1:1: error[schema.required]: $: champ obligatoire manquant « numero »",
        "ccp/ccp1.yml:1:1: error[schema.required]: $: champ obligatoire manquant « intitule »",
    ]


# Rules no shipped schema breaks on its own yet (a const inside « if », no type list, the
# only oneOf described, no minLength above 1, no exclusiveMaximum): a schema that adds one
# still gets a French message.
RULES = [
    ({"properties": {"statut": {"const": "officiel"}}}, "statut: propose",
     "x.yml:2:9: error[schema.const]: $.statut: valeur « propose » non autorisée ; "
     "attendu : « officiel »"),
    ({"properties": {"duree": {"type": ["integer", "null"]}}}, "duree: une heure",
     "x.yml:2:8: error[schema.type]: $.duree: type attendu : nombre entier ou valeur vide ; "
     "trouvé : texte « une heure »"),
    ({"properties": {"lieu": {"oneOf": [{"type": "string"}, {"type": "integer"}]}}},
     "lieu: [ecole]",
     "x.yml:2:7: error[schema.type]: $.lieu: type attendu : texte ; trouvé : liste"),
    ({"properties": {"sigle": {"minLength": 2}}}, "sigle: A",
     "x.yml:2:8: error[schema.minLength]: $.sigle: au moins 2 caractères attendus"),
    ({"properties": {"duree": {"exclusiveMaximum": 40}}}, "duree: 40",
     "x.yml:2:8: error[schema.exclusiveMaximum]: $.duree: valeur 40 trop grande : maximum 40"),
]


@pytest.mark.parametrize("schema, line, expected", RULES,
                         ids=["const", "types", "oneOf", "minLength", "exclusiveMaximum"])
def test_rules_of_future_schemas_are_explained(schema, line, expected) -> None:
    from jsonschema import Draft202012Validator

    doc, _ = parse_yaml(f"id: x\n{line}\n", "x.yml", PurePosixPath("x.yml"), "x")
    assert [d.format() for error in Draft202012Validator(schema).iter_errors(doc.data)
            for d in _translate(doc, error)] == [expected]


def test_pruning_without_the_fast_engine() -> None:
    """A kind the fast engine does not handle (a 2020-12 keyword it lacks) is pruned with
    jsonschema alone: same valid part, same refusal when a required field goes."""
    validator = copy.copy(schema_validator())
    validator._fast = {}
    text = (BASE / "competences" / "cp01.yml").read_text(encoding="utf-8")
    rel = PurePosixPath("competences/cp01.yml")
    extra = text.replace("    statut: propose\n", "    statut: propose\n    note: x\n", 1)
    doc, _ = parse_yaml(extra, str(rel), rel, "competence")
    pruned = validator.pruned(doc)
    assert pruned is not None
    assert pruned.data == parse_yaml(text, str(rel), rel, "competence")[0].data
    wrong = text.replace("numero: 1", "numero: un")
    doc, _ = parse_yaml(wrong, str(rel), rel, "competence")
    assert validator.pruned(doc) is None


# Keywords of JSON Schema 2020-12 whose failure is reported under their own name (structure
# keywords such as properties, items, allOf, if / then / else, $ref or $defs report the failure
# of what they contain).
ASSERTIONS = {
    "type", "enum", "const", "pattern", "format", "minLength", "maxLength", "minItems",
    "maxItems", "uniqueItems", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    "multipleOf", "contains", "minContains", "maxContains", "required", "additionalProperties",
    "anyOf", "oneOf", "not", "dependentRequired", "dependentSchemas",
    "propertyNames", "minProperties", "maxProperties", "unevaluatedProperties",
    "unevaluatedItems", "prefixItems", "patternProperties", "false",
}


def _keywords_used(node, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ASSERTIONS:
                found.add(key)
            if key not in ("properties", "$defs", "patternProperties", "dependentSchemas"):
                _keywords_used(value, found)
            else:
                for sub in value.values():
                    _keywords_used(sub, found)
    elif isinstance(node, list):
        for item in node:
            _keywords_used(item, found)
    elif node is False:
        found.add("false")
    return found


def _keywords_translated() -> set[str]:
    """The keywords ``_translate`` compares ``keyword`` with (``keyword == "x"`` or
    ``keyword in ("x", "y")``)."""
    import ast
    import inspect

    from generator import validate

    tree = ast.parse(inspect.getsource(validate._translate))
    found = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Compare) and isinstance(node.left, ast.Name)
                and node.left.id == "keyword"):
            for comparator in node.comparators:
                for const in ast.walk(comparator):
                    if isinstance(const, ast.Constant) and isinstance(const.value, str):
                        found.add(const.value)
    return found


def test_every_rule_of_the_shipped_schemas_has_a_french_message() -> None:
    """The English fallback of ``_translate`` is never shown for the schemas we ship: each
    assertion keyword they use has its French message."""
    import json

    from generator.load import SCHEMA_DIR

    used: set[str] = set()
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        _keywords_used(json.loads(path.read_text(encoding="utf-8")), used)
    translated = _keywords_translated()
    assert {"type", "required", "pattern", "additionalProperties"} <= used
    # a false schema (a forbidden property) fails as « false », described by its oneOf
    assert used - translated - {"false"} == set()
