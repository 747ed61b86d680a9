"""Authored text made safe for Markdown: shown literally, never interpreted.

Authors write plain text in YAML. Markup in a libellé (``<script>``, ``*``, ``[x](y)``) must
appear as typed, and a ``|`` or a newline must not break a table.
"""

from __future__ import annotations

import re
import unicodedata

_INLINE = re.compile(r"([\\`*_\[\]{}])")
_BLOCK_START = re.compile(r"^(\s*)(?:([#+\-])|(\d+)([.)]))")


def escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def md_inline(text: object) -> str:
    """One line of literal text inside Markdown (newlines become spaces)."""
    value = " ".join(str(text).split())
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


def attr(text: object) -> str:
    """Text inside an HTML attribute value (double-quoted)."""
    return escape_html(" ".join(str(text).split())).replace('"', "&quot;")


def fold(text: str) -> str:
    """Lowercase, accents removed: « Évaluation » → « evaluation »."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# -- what readers see of editors' notes -----------------------------------------------------------

# A clause of a note that only tells editors what was (not) read: « … n'a pas été lu »,
# « aucune source lue ne … », « (dépôt de code) ». Shown on the « À vérifier » page only.
_RESEARCH_NOTE = re.compile(
    r"n['’](?:a|ont)\b[^.;]*?\b(?:re)?lue?s?\b|\bsources? lues?\b|\bdépôts? de code\b",
    re.IGNORECASE)
_CLAUSE = re.compile(r"[^.;]+(?:[.;]|$)")
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
    if not kept:
        return ""
    if kept[-1].endswith(";"):
        kept[-1] = kept[-1][:-1].rstrip() + "."
    result = " ".join(kept)
    return result[0].upper() + result[1:]
