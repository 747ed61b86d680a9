"""French search for Material's lunr index: accent-insensitive, editors' pages last.

lunr matches tokens exactly: « evaluation » does not find « évaluation ». For every entry of
the index we append, hidden, the accent-free forms of its accented words, so that a query typed
with or without accents finds the page. The ligatures are spelt out there too: « œ » is on no
French keyboard, and « mettre en oeuvre » must find « mettre en œuvre ». Elisions (l', d')
and punctuation are split by the separator set in mkdocs.yml.

The pages written for editors (sources, « À vérifier », the author's guide) mention every sigle
and every step: they are kept in the index but ranked below the pages about the thing searched,
and so are, to a lesser extent, the overviews that only mention it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import PurePosixPath

from .paths import PATHS
from .text import fold

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_TAGS = re.compile(r"<[^>]+>")
_BR = re.compile(r"<br\s*/?>(?!\s)", re.IGNORECASE)



def _location(path: PurePosixPath) -> str:
    return path.with_suffix(".html").as_posix()


# Weight in the ranking of a page and its sections (1 for the others). Editors' pages come last;
# overviews (home, glossary, tables, indexes) come after the page about the thing searched, which
# they only mention.
EDITOR_BOOST = 0.02
OVERVIEW_BOOST = 0.5
BOOSTS = {
    **{_location(PATHS[k]): OVERVIEW_BOOST for k in (
        "glossaire", "matrice", "couverture", "calendrier", "outils", "parcours", "evolutions",
        "exporter")},
    "index.html": OVERVIEW_BOOST,
    "referentiel/grilles/index.html": OVERVIEW_BOOST,
    _location(PATHS["sources"]): EDITOR_BOOST,
    _location(PATHS["a_verifier"]): EDITOR_BOOST,
    "guide-auteur.html": EDITOR_BOOST,
}
# A séance teaches a subject (« Confirmer un projet par une immersion (PMSMP) »): it comes after
# the step, tool or compétence of the same name.
FOLDER_BOOSTS = {"referentiel/programme/seances/": 0.7}


def page_boost(location: str, boosts: Mapping[str, float] = BOOSTS,
               folders: Mapping[str, float] = FOLDER_BOOSTS) -> float | None:
    """The weight of the page at ``location`` (a section's too), None for the usual weight."""
    page = location.split("#")[0]
    if page in boosts:
        return boosts[page]
    return next((b for folder, b in folders.items() if page.startswith(folder)), None)


# Letters that no accent removal turns into what a keyboard types.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def folded_words(text: str) -> list[str]:
    """Accent-free forms of the accented words of ``text`` (ligatures spelt out: « œuvre » →
    « oeuvre »), each once, in order."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(_TAGS.sub(" ", text)):
        for part in re.split(r"['’-]", word):
            folded = fold(part).translate(_LIGATURES)
            if folded != part.casefold() and folded not in seen:
                seen[folded] = None
    return list(seen)


def spaced_line_breaks(html: str) -> str:
    """A space after every ``<br>``: the search index drops the tag, and the words on either side
    of it (« PASS IAE<br>4. Recrutement ») would be glued in previews and unfindable."""
    return _BR.sub("<br> ", html)


def fold_index(index: dict) -> dict:
    """Material's search_index.json with folded words appended to every entry, and the pages'
    weights (``page_boost``) set on them and their sections."""
    for doc in index.get("docs", []):
        extra = folded_words(f"{doc.get('title', '')} {doc.get('text', '')}")
        if extra:
            doc["text"] = f"{doc.get('text', '')}<span hidden> {' '.join(extra)}</span>"
        boost = page_boost(doc.get("location", ""))
        if boost is not None:
            doc["boost"] = boost
    return index
