"""Stage 1 on its own: each YAML problem the loader explains, with its position and its French
message (one line, never the YAML library's English), and the values it accepts."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from generator.load import format_json_path, parse_yaml

from .conftest import CASES


def _parse(text: str):
    return parse_yaml(text, "f.yml", PurePosixPath("titre.yml"), "titre")


PROBLEMS = [
    ("a: @b\n", "1:4: error[yaml.syntax]: caractère inattendu « @ » (élément commencé ligne 1)"),
    ("`a`: b\n", "1:1: error[yaml.syntax]: caractère inattendu « ` » (élément commencé ligne 1)"),
    ("a: - b\n", "1:4: error[yaml.syntax]: liste « - » inattendue ici : passez à la ligne et "
                 "indentez la liste sous sa clé"),
    ("a: & b\n", "1:5: error[yaml.syntax]: nom attendu après « & », « * » ou « ! » ; mettez la "
                 "valeur entre guillemets (élément commencé ligne 1)"),
    ("a: !x!y b\n", "1:4: error[yaml.syntax]: étiquette YAML (« ! ») inconnue ; mettez la valeur "
                    "entre guillemets (élément commencé ligne 1)"),
    ("a: &x b\nc: &x d\n", "2:4: error[yaml.syntax]: ancre YAML (« & ») en double : retirez les "
                          "ancres"),
    ('a: "\\x4"\n', "1:7: error[yaml.syntax]: chiffres hexadécimaux attendus après « \\x », "
                    "« \\u » ou « \\U » (élément commencé ligne 1)"),
    ("a: |x\n  b\n", "1:5: error[yaml.syntax]: fin de ligne attendue (élément commencé ligne 1)"),
    # A problem the loader does not translate still names the mistake, in the library's words.
    ("%YAML 1.2\n%YAML 1.2\n---\na: b\n", "2:1: error[yaml.syntax]: syntaxe YAML invalide "
                                         "(found duplicate %YAML directive)"),
    ('a: "abc\n', "2:1: error[yaml.syntax]: fin de fichier inattendue (guillemet ou crochet "
                  "non fermé ?) (élément commencé ligne 1)"),
    ("a: b: c\n", "1:5: error[yaml.syntax]: « : » inattendu ici ; mettez la valeur entre "
                  "guillemets si elle contient « : »"),
    ("- a\nb: c\n", "2:1: error[yaml.syntax]: élément de liste « - » attendu (indentation "
                    "incohérente ?) (élément commencé ligne 1)"),
    ("a:\n  b: c\n d: e\n", "3:2: error[yaml.syntax]: clé attendue (indentation incohérente ?) "
                            "(élément commencé ligne 1)"),
    ("? a\nb\n", "3:1: error[yaml.syntax]: « : » attendu après la clé (élément commencé ligne 2)"),
    ("a: [b, c\n", "2:1: error[yaml.syntax]: « , » ou « ] » attendu (élément commencé ligne 1)"),
    ("a: {b: c\n", "2:1: error[yaml.syntax]: « , » ou « } » attendu (élément commencé ligne 1)"),
    ('a: "\\q"\n', "1:5: error[yaml.syntax]: séquence d'échappement inconnue "
                   "(élément commencé ligne 1)"),
    ("a: *x\n", "1:4: error[yaml.syntax]: alias YAML inconnu"),
    ("a: b\n---\nc: d\n", "2:1: error[yaml.syntax]: un seul document YAML par fichier "
                          "(séparateur « --- » en trop)"),
    ("a: b\n%YAML 1.1\n", "3:1: error[yaml.syntax]: début de document « --- » attendu"),
    ("%FOO bar\n---\na: b\n", "1:5: error[yaml.syntax]: directive YAML (« % ») inconnue "
                              "(élément commencé ligne 1)"),
    ("a:\n\t- b\n", "2:1: error[yaml.tab]: tabulation interdite : indentez avec des espaces"),
    ("\ta: b\n", "1:1: error[yaml.tab]: tabulation interdite : indentez avec des espaces"),
    ("é: àé\x07\n", "1:6: error[yaml.syntax]: caractère de contrôle interdit (U+0007) : "
                    "supprimez-le"),
    ("a: b\n\n  c\x0c\n", "3:4: error[yaml.syntax]: caractère de contrôle interdit (U+000C) : "
                          "supprimez-le"),
    ("# rien\n", " error[yaml.empty]: fichier vide"),
    ("---\n# rien\n", " error[yaml.empty]: fichier vide"),  # a separator alone: no data
    ("---\n...\n", " error[yaml.empty]: fichier vide"),
    ("a: &x 1\nb: *x\n", "2:4: error[yaml.alias]: $.b: les alias YAML (*nom) ne sont pas "
                         "acceptés : recopiez la valeur"),
    ("a: &x {c: 1}\nb: [*x]\n", "2:5: error[yaml.alias]: $.b[0]: les alias YAML (*nom) ne sont "
                                "pas acceptés : recopiez la valeur"),
    ("a: !!binary aGVsbG8=\n", "1:4: error[yaml.tag]: $.a: étiquette YAML « !!binary » "
                               "interdite : seules les valeurs simples, listes et dictionnaires "
                               "sont acceptés"),
    ("a: !!omap [b: 1]\n", "1:4: error[yaml.tag]: $.a: étiquette YAML « !!omap » interdite : "
                           "seules les valeurs simples, listes et dictionnaires sont acceptés"),
    ("a: !!int 0x1F\n", "1:4: error[yaml.tag]: $.a: valeur « 0x1F » impossible avec "
                        "l'étiquette YAML « !!int » : retirez l'étiquette"),
    ("a: !!null rien\n", "1:4: error[yaml.tag]: $.a: valeur « rien » impossible avec "
                         "l'étiquette YAML « !!null » : retirez l'étiquette"),
    ("a: !!bool oui\n", "1:4: error[yaml.tag]: $.a: valeur « oui » impossible avec "
                        "l'étiquette YAML « !!bool » : retirez l'étiquette"),
    ("&a a: 1\nb:\n  *a : 2\n", "3:3: error[yaml.alias]: $.b: les alias YAML (*nom) ne sont "
                                "pas acceptés : recopiez la valeur"),
    ("a:\n  b: 1\n  c: 2\n  b: 3\n", "4:3: error[yaml.duplicate_key]: $.a.b: clé « b » en double "
                                     "(déjà définie ligne 2)"),
    ("a: 1\n[b]: 2\n", "2:1: error[yaml.key]: $: une clé doit être un mot (texte), pas une "
                       "liste, un nombre ou une valeur vide"),
    ("a: &x 1\nc:\n  true: 2\n", "3:3: error[yaml.key]: $.c: une clé doit être un mot (texte), "
                                 "pas une liste, un nombre ou une valeur vide"),
]


@pytest.mark.parametrize("text, expected", PROBLEMS, ids=[e.split("]")[0] + "]" + str(i)
                                                          for i, (_, e) in enumerate(PROBLEMS)])
def test_each_yaml_problem_is_located_and_explained(text: str, expected: str) -> None:
    doc, diagnostics = _parse(text)
    assert doc is None
    assert [d.format() for d in diagnostics] == [f"f.yml:{expected}"]


ACCEPTED = [
    ("a: yes\nb: no\nc: on\nd: 2026-09-07\ne: 1:30\n",
     {"a": "yes", "b": "no", "c": "on", "d": "2026-09-07", "e": "1:30"}),
    ("a: true\nb: False\nc: TRUE\nd: ~\ne: null\nf:\ng: Null\n",
     {"a": True, "b": False, "c": True, "d": None, "e": None, "f": None, "g": None}),
    ("a: 12\nb: -3\nc: +4\nd: 1.5\ne: .5\nf: 1e3\ng: 0x1F\nh: 012\ni: .inf\n",
     {"a": 12, "b": -3, "c": 4, "d": 1.5, "e": 0.5, "f": 1000.0, "g": "0x1F", "h": 12,
      "i": ".inf"}),
    ('a: !!int "12"\nb: !!float 2\nc: !!bool true\nd: !!null ""\ne: !!str 12\nf: "12"\n',
     {"a": 12, "b": 2.0, "c": True, "d": None, "e": "12", "f": "12"}),
    ("a: &x 1\nb: R&D\n", {"a": 1, "b": "R&D"}),
    ("a: [x, {b: c}]\n", {"a": ["x", {"b": "c"}]}),
]


@pytest.mark.parametrize("text, data", ACCEPTED)
def test_yaml_1_2_core_values(text: str, data: dict) -> None:
    doc, diagnostics = _parse(text)
    assert diagnostics == []
    assert doc is not None and doc.data == data
    assert all(type(doc.data[k]) is type(v) for k, v in data.items())


@pytest.mark.parametrize("text, data", [('""\n', ""), ("~\n", None), ("--- ''\n", "")])
def test_a_document_that_is_one_written_value_is_not_an_empty_file(text: str, data) -> None:
    """Only a file without any value (nothing, comments, a lone « --- ») is « vide » ; a
    written value, even an empty text, is read, and the schema says its type is wrong."""
    doc, diagnostics = _parse(text)
    assert diagnostics == []
    assert doc is not None and doc.data == data


def test_positions_of_values_and_keys() -> None:
    text = "a: &x 1\nliste:\n  - b: deux\n    c: [3, 4]\n"
    doc, _ = _parse(text)
    assert doc is not None
    assert doc.locate(("liste", 0, "c", 1)) == (4, 12)
    assert doc.locate(("liste", 0, "c"), key=True) == (4, 5)
    assert doc.locate(("liste", 0, "absent", 3)) == (3, 5)
    assert doc.locate(("absent",), key=True) == (1, 1)
    fast, _ = _parse(text.replace("&x ", ""))
    assert fast is not None and fast.locate(("liste", 0, "c", 1)) == (4, 12)
    assert fast.locate(("liste",), key=True) == (2, 1)


def test_positions_fall_back_to_the_nearest_ancestor_or_the_document() -> None:
    doc, _ = _parse("# Titre du référentiel\n\nliste:\n  - b: deux\n")
    assert doc is not None
    assert doc.locate(("liste", 0, "absent")) == (4, 5)
    assert doc.locate(("absent",)) == (3, 1)
    assert doc.locate(()) == (3, 1)


def test_json_paths_name_keys_as_written() -> None:
    assert format_json_path(()) == "$"
    assert format_json_path(("Nom_2", "clé", 0, "a-b", "<<")) == '$.Nom_2["clé"][0]["a-b"]["<<"]'


def test_files_are_named_from_the_folder_given(tmp_path) -> None:
    from generator.load import load_framework

    from .conftest import assemble_case

    framework = assemble_case(CASES / "base", tmp_path)
    (framework / "notes.txt").write_text("brouillon\n", encoding="utf-8")
    [diagnostic] = load_framework(framework).diagnostics
    assert diagnostic.file == f"{framework.as_posix()}/notes.txt"
    assert diagnostic.format().startswith(f"{framework.as_posix()}/notes.txt: error[")


def test_a_valid_file_pays_for_positions_only_when_a_diagnostic_needs_them() -> None:
    doc, _ = _parse("a: 1\nb: [x, {c: d}]\n")
    assert doc is not None and doc._positions is None and doc._key_positions is None
    assert doc.locate(("b", 1, "c")) == (2, 12)
    # A text with an anchor goes through the detailed conversion: its positions are kept.
    doc, _ = _parse("a: &x 1\nb: [x, {c: d}]\n")
    assert doc is not None and doc._positions is not None and doc._key_positions is not None
    assert doc.locate(("b", 1, "c")) == (2, 12) and doc.locate(("b",), key=True) == (2, 1)


@pytest.mark.parametrize("anchor", ["", "note: R&D\n"], ids=["rapide", "detaille"])
def test_nesting_limit_is_the_same_on_both_conversions(anchor: str) -> None:
    """64 levels (the document's mapping and 63 lists) are read, 65 refused, whether the
    text goes through the fast conversion or (an « & » in it) the detailed one."""
    def parse(lists: int):
        return _parse(f"id: x\n{anchor}v: {'[' * lists}1{']' * lists}\n")

    doc, problems = parse(63)
    assert problems == [] and doc is not None
    doc, problems = parse(64)
    assert doc is None
    assert [(p.code, p.message) for p in problems] == [
        ("yaml.profondeur", "imbrication trop profonde : au plus 64 niveaux de listes et de "
                            "dictionnaires")]


def _block_then_lists(levels: int, lists: int) -> str:
    """The document's mapping, ``levels`` mappings nested by indentation, then flow lists."""
    lines = ["id: x", "v:"] + [" " * i + "a:" for i in range(1, levels)]
    return "\n".join(lines) + "\n" + " " * levels + f"a: {'[' * lists}1{']' * lists}\n"


def _braces(mappings: int) -> str:
    return "id: x\nv: " + "{a: " * mappings + "1" + "}" * mappings + "\n"


@pytest.mark.parametrize("deep, ok", [
    (_braces(64), _braces(63)),
    (_block_then_lists(32, 32), _block_then_lists(31, 32)),
    ("id: x\nv:\n  a: [1]\n  b: " + "[" * 63 + "1" + "]" * 63 + "\n",
     "id: x\nv:\n  a: [1]\n  b: " + "[" * 62 + "1" + "]" * 62 + "\n"),
], ids=["dictionnaires", "indentation-et-listes", "apres-une-liste-fermee"])
def test_nesting_limit_counts_braces_and_indentation(deep: str, ok: str) -> None:
    doc, problems = _parse(deep)
    assert doc is None
    assert [p.code for p in problems] == ["yaml.profondeur"]
    doc, problems = _parse(ok)
    assert problems == [] and doc is not None


def test_a_link_to_a_folder_is_reported_not_followed(tmp_path) -> None:
    from generator.load import load_framework

    from .conftest import assemble_case

    framework = assemble_case(CASES / "base", tmp_path)
    (framework / "anciens").symlink_to(framework / "ccp", target_is_directory=True)
    assert [d.format() for d in load_framework(framework, "fw").diagnostics] == [
        "fw/anciens: error[file.special]: lien symbolique vers un dossier : non suivi"]


def test_a_folder_in_place_of_a_required_file_is_named_so(tmp_path) -> None:
    """« sources.yml » created as a folder (a wrong click in a file manager): the file is
    missing, and the message says what stands there instead."""
    from generator.load import load_framework

    from .conftest import assemble_case

    framework = assemble_case(CASES / "base", tmp_path)
    (framework / "sources.yml").unlink()
    (framework / "sources.yml").mkdir()
    assert [d.format() for d in load_framework(framework, "fw").diagnostics] == [
        "fw/sources.yml: error[file.missing]: fichier obligatoire absent : c'est un dossier de "
        "ce nom qui est là, pas un fichier"]
