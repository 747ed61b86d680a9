"""Authored text made safe for the context it lands in: shown literally, never interpreted.

Authors write plain text in YAML. Markup in a libellé (``<script>``, ``*``, ``[x](y)``) must
appear as typed, and a ``|`` or a newline must not break a table. One function per context:

- ``md_inline`` / ``md_paragraphs``: Markdown text; ``md_cell``: a Markdown table cell;
- ``attr``: an HTML attribute (or a Markdown link title) inside a Markdown page: every ASCII
  sign becomes a character reference, so neither Markdown (``[x](javascript:…)``, ``|``,
  ``'`` closing a link title) nor HTML sees it;
- ``url``: a web address as a Markdown link destination;
- ``tooltip``: a ``title`` attribute, which Material's ``content.tooltips`` shows as HTML:
  escaped twice;
- ``abbr_line``: one abbreviation definition (``*[SIGLE]: définition``);
- ``escape_html``: HTML text (the print templates escape by themselves: autoescape);
- ``json_script``: data as JSON inside a ``<script>`` element (a data island or a script),
  ``<``, ``>`` and ``&`` written as JSON unicode escapes, as Django's ``json_script``;
- ``csv_cell``: a spreadsheet cell (no formula);
- ``terminal``: text echoed on the terminal (no control character, no bidi override).
"""

from __future__ import annotations

import json
import re
import unicodedata

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Signs that Markdown, HTML or a table could read (« - . , / ? » never start anything
# inside a line: identifiers such as « competence-cp01 » stay readable).
_ASCII_SIGNS = frozenset(chr(c) for c in range(33, 127) if not chr(c).isalnum()) - set("-.,/?")
_INLINE = re.compile(r"([\\`*_\[\]{}])")
_BLOCK_START = re.compile(r"^(\s*)(?:([#+\-])|(\d+)([.)]))")


def escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                   "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_script(data: object, indent: int | None = None) -> str:
    """JSON safe inside a ``<script>`` element, a data island (``type="application/json"``) or
    classic script code: no authored text can close the element (``</script>``), open an HTML
    comment (``<!--``) or a character reference; ``JSON.parse`` gives the text back as typed.
    Every script and data island of the site is written by this function."""
    separators = (",", ":") if indent is None else (",", ": ")
    text = json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)
    return "".join(_SCRIPT_ESCAPES.get(ch, ch) for ch in text)


def md_inline(text: object) -> str:
    """One line of literal text inside Markdown (newlines become spaces)."""
    value = _one_line(text)
    value = _INLINE.sub(r"\\\1", escape_html(value))
    return _BLOCK_START.sub(_escape_block_start, value, count=1)


def _escape_block_start(match: re.Match) -> str:
    """« # », « - », « + » or « 1. » at the start would make a heading or a list."""
    if match.group(2):
        return match.group(1) + "\\" + match.group(2)
    return match.group(1) + match.group(3) + "\\" + match.group(4)


def md_cell(text: object) -> str:
    """Literal text inside a Markdown table cell."""
    return md_inline(text).replace("|", "\\|")


def md_paragraphs(text: object) -> str:
    """Literal text in paragraphs: a blank line in the source starts a new paragraph."""
    blocks = re.split(r"\n\s*\n", str(text).strip())
    return "\n\n".join(md_inline(block) for block in blocks if block.strip())


def _one_line(text: object) -> str:
    """Whitespace collapsed, control characters dropped."""
    return " ".join(_CONTROL.sub(" ", str(text)).split())


def attr(text: object) -> str:
    """Text inside a double-quoted HTML attribute (or link title) of a Markdown page: each
    ASCII sign as a numeric character reference, decoded by the browser only."""
    return "".join(f"&#{ord(c)};" if c in _ASCII_SIGNS else c for c in _one_line(text))


def url(text: object) -> str:
    """A web address (``https://…``, checked by the schema) as a Markdown link destination:
    what could close the link or the attribute is percent-encoded."""
    from urllib.parse import quote

    return quote(_one_line(text), safe=":/?#@!$&*+,;=%~-._")


def tooltip(text: object) -> str:
    """A ``title`` attribute: Material's tooltips insert its (decoded) value as HTML, so the
    text is HTML-escaped first, then made an attribute."""
    return attr(escape_html(_one_line(text)))


def abbr_line(sigle: object, explanation: object) -> str:
    """``*[SIGLE]: explication`` on one line. The sigle cannot hold ``[``, ``]`` or a line
    break (the schema refuses them); the explanation ends in a tooltip."""
    value = _one_line(sigle)
    if not value or any(c in value for c in "[]\\"):
        raise ValueError(f"sigle impossible à déclarer : {value!r}")
    return f"*[{value}]: {tooltip(explanation)}"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_cell(text: object) -> str:
    """A spreadsheet cell that cannot start a formula (``=``, ``+``, ``-``, ``@``, tab, line
    break…): such a value is prefixed with an apostrophe, as OWASP recommends."""
    value = str(text)
    return "'" + value if value.startswith(_FORMULA_START) else value


_TERMINAL_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def terminal(text: object) -> str:
    """Text for a terminal line: control characters, line breaks and bidi overrides shown as
    escapes (``\\x1b``, ``\\n``, ``\\u202e``), never interpreted by the terminal."""
    def show(match: re.Match) -> str:
        code = ord(match.group())
        return {10: "\\n", 13: "\\r", 9: "\\t"}.get(code) or (
            f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}")
    return _TERMINAL_UNSAFE.sub(show, str(text))


def fold(text: str) -> str:
    """Lowercase, accents removed: « Évaluation » → « evaluation »."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# -- what readers see of editors' notes -----------------------------------------------------------

# A clause of a note that only tells editors what was (not) read or how sure they are: « … n'a pas
# été lu », « lu sur Légifrance », « l'extrait lu », « confiance B jusqu'à la relecture »,
# « (dépôt de code) ». Shown on the « À vérifier » page only.
_RESEARCH_NOTE = re.compile(
    r"n['’](?:a|ont|était|étaient)\b[^.;]*?\b(?:re)?lue?s?\b"
    r"|\b(?:re)?lue?s?\s+(?:sur|dans|seulement|à travers|le \d)"
    r"|\b(?:non|pas|jamais) (?:re)?lue?s?\b|\bextraits?\b|\brelecture\b|\breproductions?\b"
    r"|\bconfiance\s+(?:[ABC]\b|\?)|\bsources? lues?\b|\bdépôts? de code\b",
    re.IGNORECASE)
# A clause ends at « ; » or at a full stop followed by a space (or the end): the dot of a domain
# name (« doctrine.fr ») or of a number does not end it.
_CLAUSE = re.compile(r"(?:[^.;]|\.(?=[^\s.;]))+(?:[.;]|$)")
_NOTHING_LEFT = re.compile(r"^(?:à (?:vérifier|relire)\W*)?$", re.IGNORECASE)
_CONFIDENCE_CODE = re.compile(r"\s*\((A|B|C|\?)\)")
_FIELD_NAME = re.compile(r"\s*\(\s*[a-z]+(?:_[a-z0-9]+)+\s*\)|\s*\(s\d+\)")


def public_note(text: object, confidence_words: dict[str, str]) -> str:
    """An editor's note as readers see it: the clauses about what was (not) read are left out,
    confidence codes « (A) » become words, field names in brackets go. Empty if nothing is left.
    """
    value = " ".join(str(text).split())
    value = _CONFIDENCE_CODE.sub(lambda m: f" ({confidence_words[m.group(1)]})", value)
    value = _FIELD_NAME.sub("", value)
    kept: list[str] = []
    dropped = False
    for clause in (c.strip() for c in _CLAUSE.findall(value)):
        if not clause.strip(" .;"):
            continue
        if _RESEARCH_NOTE.search(clause):
            dropped = True
            continue
        if kept and dropped and kept[-1].endswith(";"):
            kept[-1] = kept[-1][:-1].rstrip() + "."  # the clause that followed it is left out
        dropped = False
        kept.append(clause[0].upper() + clause[1:] if kept and kept[-1].endswith(".") else clause)
    if not kept or all(_NOTHING_LEFT.match(c.strip(" .;")) for c in kept):
        return ""
    if kept[-1].endswith(";"):
        kept[-1] = kept[-1][:-1].rstrip() + "."
    result = " ".join(kept)
    return result[0].upper() + result[1:]
