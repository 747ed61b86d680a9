"""French, accent-insensitive search for Material's lunr index.

lunr matches tokens exactly: « evaluation » does not find « évaluation ». For every entry of
the index we append, hidden, the accent-free forms of its accented words, so that a query typed
with or without accents finds the page. Elisions (l', d') are split by the separator set in
mkdocs.yml.
"""

from __future__ import annotations

import re

from .text import fold

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_TAGS = re.compile(r"<[^>]+>")


def folded_words(text: str) -> list[str]:
    """Accent-free forms of the accented words of ``text``, each once, in order."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(_TAGS.sub(" ", text)):
        for part in re.split(r"['’-]", word):
            folded = fold(part)
            if folded != part.casefold() and folded not in seen:
                seen[folded] = None
    return list(seen)


def fold_index(index: dict) -> dict:
    """Material's search_index.json with folded words appended to every entry."""
    for doc in index.get("docs", []):
        extra = folded_words(f"{doc.get('title', '')} {doc.get('text', '')}")
        if extra:
            doc["text"] = f"{doc.get('text', '')}<span hidden> {' '.join(extra)}</span>"
    return index
