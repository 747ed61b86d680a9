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
