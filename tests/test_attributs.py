"""One escaping path for every attribute of every page: a scan of the site's templates.

The Markdown page templates (``*.md.j2``) are rendered without autoescape: a value written into
an HTML attribute, a Markdown attribute list (``{ download="…" }``) or a Markdown link title
(``[x](lien "titre")``) must go through ``attr`` (or ``url`` for an address), and a ``title``
through ``tooltip``: Material's ``content.tooltips`` inserts a title as HTML, so markup in a
source title would run on hover. Only identifiers, numbers and links built from identifiers may
be written as they are. The print templates (``*.html.j2``) are autoescaped by Jinja: there, an
attribute must never be marked ``safe``. Data written inside a ``<script>`` element (a data
island) goes through ``json_script``: ``<``, ``>`` and ``&`` as JSON unicode escapes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import text
from generator.render import _environment, _print_environment

TEMPLATES = Path(__file__).resolve().parent.parent / "site_templates"
MARKDOWN = sorted(TEMPLATES.rglob("*.md.j2"))
PRINT = sorted(TEMPLATES.rglob("*.html.j2"))

_EXPRESSION = re.compile(r"\{\{-?(.*?)-?\}\}", re.S)
_STATEMENT = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.S)
_PLACEHOLDER = re.compile("\x00(\\d+)\x00")
_TAG = re.compile(r"<[A-Za-z][^<>]*>")
_ATTR_LIST = re.compile(r"\{:?\s*[^{}\n]*?=\s*\"[^\"\n]*\"[^{}\n]*\}")
_LINK_TITLE = re.compile(r"\]\([^()\s]*\s+\"([^\"\n]*)\"\)")
_QUOTED = re.compile(r"([\w:-]+)\s*=\s*(\"[^\"]*\"|'[^']*')")
_UNQUOTED = re.compile(r"([\w:-]+)\s*=\s*(\x00\d+\x00)")
_STRING = re.compile(r"\"[^\"]*\"|'[^']*'")
_NAME = re.compile(r"[A-Za-z_][\w.]*(?:\([^()]*\))?")
_KEYWORDS = {"if", "else", "and", "or", "not", "in", "is", "none", "true", "false"}
# Values that cannot hold markup: identifiers (schema-checked ASCII), numbers, dates and links
# computed from identifiers. Loop variables set to an id or a number by the templates: ``base``
# (« ccp1-ex1 »), ``ident``, ``nom`` (a field id), ``i``, ``n`` (an example number), ``sid``.
_LOCAL_IDS = {"base", "ident", "nom", "name", "i", "n", "sid", "pages_max", "loop.index"}
_SAFE_END = re.compile(r"(?:^|\.)(?:id|numero|index|isoformat\(\))$")
_SAFE_CALL = re.compile(r"^(?:href|lien)\(.*\)$")
_CONDITIONAL = re.compile(r"^\(?(.*?)\s+if\s+.*?\s+else\s+(.*?)\)?$")
_FILTER = re.compile(r"\|\s*([a-z_]+)\s*$")


def _structural(expression: str) -> bool:
    """A value that cannot hold markup; in « a if condition else b » only a and b are written."""
    expression = expression.strip()
    branches = _CONDITIONAL.match(expression)
    if branches:
        return _structural(branches.group(1)) and _structural(branches.group(2))
    if re.search(r"\|\s*length\s*$", expression) or _SAFE_CALL.match(expression):
        return True
    for name in _NAME.findall(_STRING.sub("", expression)):
        if name.lower() in _KEYWORDS or name in _LOCAL_IDS:
            continue
        if not _SAFE_END.search(name):
            return False
    return True


def _last_filter(expression: str) -> str | None:
    match = _FILTER.search(expression)
    return match.group(1) if match else None


def _attribute_values(source: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The template with each ``{{ … }}`` replaced by a placeholder and statements dropped, and
    the (attribute name, quoted value) pairs of its tags, attribute lists and link titles."""
    expressions: list[str] = []

    def keep(match: re.Match) -> str:
        expressions.append(match.group(1).strip())
        return f"\x00{len(expressions) - 1}\x00"

    flat = _STATEMENT.sub("", _EXPRESSION.sub(keep, source))
    pairs: list[tuple[str, str]] = []
    for region in _TAG.findall(flat) + _ATTR_LIST.findall(flat):
        pairs += _QUOTED.findall(region) + _UNQUOTED.findall(region)
    pairs += [("title", value) for value in _LINK_TITLE.findall(flat)]
    return expressions, pairs


def unescaped_attributes(path: Path, root: Path = TEMPLATES) -> list[str]:
    """« fichier: attribut="{{ expression }}" » for each value written without its filter."""
    expressions, pairs = _attribute_values(path.read_text(encoding="utf-8"))
    problems = []
    for name, value in pairs:
        for index in _PLACEHOLDER.findall(value):
            expression = expressions[int(index)]
            last = _last_filter(expression)
            if name == "title":
                fine = last == "tooltip" or (_structural(expression) and last is None)
            elif name in ("href", "src"):
                fine = last in ("attr", "url") or _structural(expression)
            else:
                fine = last in ("attr", "tooltip") or _structural(expression)
            if not fine:
                problems.append(f"{path.relative_to(root)}: {name}=\"{{{{ {expression} }}}}\"")
    return problems


def test_every_attribute_of_every_page_template_goes_through_its_filter() -> None:
    assert MARKDOWN, "aucun gabarit de page trouvé"
    problems = [p for path in MARKDOWN for p in unescaped_attributes(path)]
    assert not problems, "attributs écrits sans le filtre attr/tooltip :\n" + "\n".join(problems)


def test_print_templates_are_autoescaped_and_never_mark_an_attribute_safe() -> None:
    assert _print_environment().autoescape is True
    assert _environment().autoescape is False  # hence the filters checked above
    for path in PRINT:
        expressions, pairs = _attribute_values(path.read_text(encoding="utf-8"))
        for name, value in pairs:
            for index in _PLACEHOLDER.findall(value):
                assert _last_filter(expressions[int(index)]) != "safe", (path.name, name)


@pytest.mark.parametrize("line,expected", [
    ('<a title="{{ s.titre | attr }}">', ['title="{{ s.titre | attr }}"']),
    ('<a title="{{ s.titre }}">', ['title="{{ s.titre }}"']),
    ('<a title="{{ s.titre | tooltip }}">', []),
    ('<span data-x="{{ c.intitule }}">', ['data-x="{{ c.intitule }}"']),
    ('<span data-x=\'{{ c.intitule }}\'>', ['data-x="{{ c.intitule }}"']),
    ("<span data-x={{ c.intitule }}>", ['data-x="{{ c.intitule }}"']),
    ('<span id="{{ c.id }}" data-n="{{ c.numero }}" data-t="{{ comps | length }}">', []),
    ('<span data-x="{% if a %}{{ c.libelle }}{% endif %}">', ['data-x="{{ c.libelle }}"']),
    ('<input type="{{ "date" if c.id == "date" else "text" }}">', []),
    ('<input type="{{ c.libelle if c.id else "text" }}">',
     ['type="{{ c.libelle if c.id else "text" }}"']),
    ('<a href="{{ href(grille(c, "x").page) }}">', []),
    ('[x]({{ lien(c) }} "{{ c.intitule | attr }}")', ['title="{{ c.intitule | attr }}"']),
    ('[x]({{ lien(c) }}){ download="{{ f.name }}" }', ['download="{{ f.name }}"']),
    ('<a href="{{ s.url }}">', ['href="{{ s.url }}"']),
    ('<a href="{{ s.url | url }}">', []),
])
def test_the_scan_finds_an_unfiltered_attribute(tmp_path: Path, line: str,
                                               expected: list[str]) -> None:
    """The scan itself: it flags what it must, in every form an attribute takes."""
    path = tmp_path / "essai.md.j2"
    path.write_text(line + "\n", encoding="utf-8")
    found = [p.split(": ", 1)[1] for p in unescaped_attributes(path, tmp_path)]
    assert found == expected


def test_the_tooltip_filter_shows_markup_as_text() -> None:
    """What Material decodes then inserts as HTML is still escaped once: no element appears."""
    import html

    shown = html.unescape(text.tooltip("<img src=x onerror=alert(1)>"))
    assert "<" not in shown and html.unescape(shown) == "<img src=x onerror=alert(1)>"


# -- data islands ---------------------------------------------------------------------------------

_ISLAND = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S)


def test_every_data_island_of_the_templates_goes_through_json_script() -> None:
    found = 0
    for path in MARKDOWN + PRINT:
        for body in _ISLAND.findall(path.read_text(encoding="utf-8")):
            for expression in _EXPRESSION.findall(body):
                found += 1
                assert _last_filter(expression) == "json_script", (path.name, expression)
    assert found >= 1  # the Dossier professionnel's model


@pytest.mark.parametrize("indent", [None, 1])
def test_json_script_writes_no_markup_and_reads_back_as_typed(indent: int | None) -> None:
    import json

    data = {"titre": "Informer <!-- note --> </script><script>alert(1)</script> & <b>",
            "ligne": "a\u2028b\u2029c", "<clé>": ["&amp;", ">"]}
    written = text.json_script(data, indent=indent)
    for sign in ("<", ">", "&", "\u2028", "\u2029"):
        assert sign not in written
    assert json.loads(written) == data
