"""The site's search index: a classic script read by content/javascripts/cip-recherche.js.

Material's lunr search matches words exactly (no typo forgives « acompagnement »), ships the
whole text of every section (22.6 MB at 3,000 compétences, frozen phones) and answers « Aucun
document trouvé » for a query made of common words. The site searches with MiniSearch
(content/javascripts/minisearch.js) instead, on an index made here from the sections MkDocs
parsed (Material's search_index.json, read by the MkDocs adapter, then deleted):

- every word is folded (accents, ligatures and case removed: « Œuvre » → « oeuvre »), the
  common words (de, des, la, l'…) are left out, each word is kept once per section;
- a section carries its title, its page's title, its keywords (the label of a « **Tuteur** :
  rôle » line, and every sigle whose long form it writes out: « évaluation en cours de formation »
  → ECF) and a short preview; the browser builds the rest;
- every page has a weight: the pages written for editors (sources, « À vérifier », the
  author's guide) come last, the overviews (home, glossary, tables) after the page about the thing
  searched, which they only mention.

The script is written beside the site's pages (``INDEX_SCRIPT``) and loaded when the reader
opens the search: from disk (file://) as well as from a server.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import PurePosixPath

from .paths import PATHS
from .text import fold

INDEX_SCRIPT = PurePosixPath("search/cip-recherche-index.js")
INDEX_VERSION = 2


def _location(path: PurePosixPath) -> str:
    return path.with_suffix(".html").as_posix()


# Weight in the ranking of a page and its sections (1 for the others). Editors' pages come last;
# overviews (home, glossary, tables, indexes) come after the page about the thing searched, which
# they only mention.
EDITOR_BOOST = 0.02
OVERVIEW_BOOST = 0.5
# The home page only points readers to the pages about things (« Vous êtes encadrant technique
# ou tuteur »): « tuteur » finds the page that describes the tuteur's role first.
HOME_BOOST = 0.25
BOOSTS = {
    **{_location(PATHS[k]): OVERVIEW_BOOST for k in (
        "glossaire", "matrice", "couverture", "outils", "parcours", "evolutions", "exporter")},
    "index.html": HOME_BOOST,
    "referentiel/grilles/index.html": OVERVIEW_BOOST,
    _location(PATHS["sources"]): EDITOR_BOOST,
    _location(PATHS["a_verifier"]): EDITOR_BOOST,
    "guide-auteur.html": EDITOR_BOOST,
    "guide-autre-certification.html": EDITOR_BOOST,
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


# -- words ----------------------------------------------------------------------------------------

# Never indexed nor searched: articles, prepositions and elided letters (« l'évaluation »).
# The browser script holds the same list (cip-recherche.js, MOTS_COURANTS).
COMMON_WORDS = frozenset(
    "a au aux c d de des du en et j l la le les m n qu s t un une".split())
# Letters that no accent removal turns into what a keyboard types.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})
_TOKEN = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """The folded words of ``text`` in order, common words left out: « L'Œuvre d'un CIP » →
    ``["oeuvre", "cip"]``. The browser folds the query the same way."""
    return [w for w in _TOKEN.findall(fold(text).translate(_LIGATURES)) if w not in COMMON_WORDS]


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


# -- sections -------------------------------------------------------------------------------------

_TAGS = re.compile(r"<[^>]+>")
_HIDDEN = re.compile(r"<span hidden>.*?</span>", re.S)
_BR = re.compile(r"<br\s*/?>(?!\s)", re.IGNORECASE)
# « <li>Tuteur ou tutrice de PMSMP : Désigné par… » : a labelled line defines its label.
_DEFINED = re.compile(r"<li>\s*([^<:]{2,80}?)\s:\s")
PREVIEW_CHARS = 120


def spaced_line_breaks(html_text: str) -> str:
    """A space after every ``<br>``: the search index drops the tag, and the words on either side
    of it (« PASS IAE<br>4. Recrutement ») would be glued in previews and unfindable."""
    return _BR.sub("<br> ", html_text)


def plain(html_text: str) -> str:
    """The text of an HTML fragment as read: no tags, entities decoded, spaces squashed."""
    return " ".join(html.unescape(_TAGS.sub(" ", _HIDDEN.sub(" ", html_text))).split())


def preview(text: str, limit: int = PREVIEW_CHARS) -> str:
    """The beginning of ``text``, cut between two words."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return cut + " …"


def _stems(text: str) -> list[str]:
    return [w[:5] for w in words(text)]


def written_out(stems: list[str], long_form: list[str], most: int = 3,
                present: set[str] | frozenset[str] | None = None) -> int:
    """How many times (up to ``most``) ``long_form`` (stems of a sigle's long form) is written
    in ``stems``: in order within a short span, one of its words missing at most when it has four
    or more. « Évaluation en cours de formation » writes out « Évaluations passées en cours de
    formation » (ECF). ``present``: the set of ``stems``, when known (most long forms are
    then set aside without reading the text)."""
    if not long_form:
        return 0
    needed = len(long_form) - (1 if len(long_form) >= 4 else 0)
    if present is not None and sum(1 for word in long_form if word in present) < needed:
        return 0
    span = len(long_form) + 2
    count, start = 0, 0
    while start < len(stems) and count < most:
        if stems[start] in long_form[:len(long_form) - needed + 1]:
            window = stems[start:start + span]
            position, found = 0, 0
            for word in long_form:
                if word in window[position:]:
                    position = window.index(word, position) + 1
                    found += 1
            if found >= needed:
                count += 1
                start += position
                continue
        start += 1
    return count


def keywords(html_text: str, title: str, long_forms: Mapping[str, list[str]]) -> list[str]:
    """What a section is about beyond its title: the labels it defines and the sigles whose
    long form it writes out."""
    found = [plain(label) for label in _DEFINED.findall(html_text)]
    stems = _stems(f"{title} {plain(html_text)}")
    present = frozenset(stems)
    for sigle, long_form in long_forms.items():
        found += [sigle] * written_out(stems, long_form, present=present)
    return found


# -- the index ------------------------------------------------------------------------------------

# A section title found on this many pages or more is the template's, not the page's (« Grilles
# d'évaluation », « Déroulé » at 3,000 compétences): such sections are indexed with their page,
# which keeps the index small (≤ 5 MB at 3,000 compétences) at the cost of a link to the section.
MERGE_MIN_PAGES = 100
# A page of more sections than this (the title's CCP, the grids' index at 3,000 compétences: one
# section per CCP) is indexed as one document: a link to each of its sections would not help.
MAX_SECTIONS = 40


@dataclass
class _Entry:
    """One indexed document: a page (anchor "") or one of its sections."""

    page: int
    anchor: str
    title: str
    keywords: list[str] = field(default_factory=list)
    words: dict[str, None] = field(default_factory=dict)
    preview: str = ""


def _merged(docs: list[tuple[str, str, str, str]]) -> set[tuple[str, str]]:
    """The sections (page, anchor) indexed with their page: template sections, sections of a
    page that has too many."""
    pages_by_title: dict[str, set[str]] = {}
    sections: dict[str, list[str]] = {}
    for page, anchor, title, _raw in docs:
        if anchor:
            pages_by_title.setdefault(fold(title), set()).add(page)
            sections.setdefault(page, []).append(anchor)
    generic = {t for t, found in pages_by_title.items() if len(found) >= MERGE_MIN_PAGES}
    return ({(page, anchor) for page, anchor, title, _raw in docs
             if anchor and fold(title) in generic}
            | {(page, anchor) for page, anchors in sections.items()
               if len(anchors) > MAX_SECTIONS for anchor in anchors})


def _postings(entries: list[_Entry]) -> dict[str, str]:
    """Word → the numbers of the documents holding it, as gaps written in base 36 (« 0.3.1a »)."""
    found: dict[str, list[int]] = {}
    for number, entry in enumerate(entries):
        for word in entry.words:
            found.setdefault(word, []).append(number)
    return {word: ".".join(_base36(n - previous) for previous, n in pairwise([0, *ids]))
            for word, ids in sorted(found.items())}


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        n, rest = divmod(n, 36)
        text = digits[rest] + text
        if not n:
            return text


def build_index(material_index: Mapping, sigles: Mapping[str, str]) -> dict:
    """The site's index from Material's search_index.json (its ``docs``: one per page and per
    section, ``location``, ``title``, ``text`` in HTML) and the glossary's sigles (sigle → long
    form).

    ``pages``: [location, title, weight]; ``docs``: [page number, anchor, title ("" for the
    page's own), keywords (folded words separated by spaces), preview]; ``mots``: every folded
    word of the documents' text and the documents holding it (``_postings``).
    """
    long_forms = {s: _stems(long) for s, long in sigles.items() if long}
    found = [(*str(d.get("location", "")).partition("#")[::2], plain(str(d.get("title", ""))),
              spaced_line_breaks(str(d.get("text", "")))) for d in material_index.get("docs", [])]
    merged_sections = _merged(found)
    pages: list[list] = []
    numbers: dict[str, int] = {}
    entries: dict[tuple[str, str], _Entry] = {}
    for page, anchor, title, raw in found:
        if page not in numbers:
            numbers[page] = len(pages)
            boost = page_boost(page)
            pages.append([page, page, 1 if boost is None else boost])
        if not anchor:
            pages[numbers[page]][1] = title
        merged = (page, anchor) in merged_sections
        key = (page, "" if merged else anchor)
        entry = entries.setdefault(key, _Entry(numbers[page], key[1], title if key[1] else ""))
        text = plain(raw)
        entry.keywords += words(" ".join(keywords(raw, title, long_forms)))
        entry.words.update(dict.fromkeys(words(f"{title} {text}" if merged else text)))
        entry.preview = entry.preview or preview(text)
    ordered = list(entries.values())
    for entry in ordered:
        own = set(words(entry.title or pages[entry.page][1]))
        entry.words = {w: None for w in entry.words if w not in own}
    return {"version": INDEX_VERSION, "pages": pages,
            "docs": [[e.page, e.anchor, e.title, " ".join(e.keywords), e.preview]
                     for e in ordered],
            "mots": _postings(ordered)}


def index_script(index: Mapping) -> str:
    """The classic script that hands ``index`` to the search (no fetch: it works from disk)."""
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    # Inside a script: a « </script> » or « <!-- » in a title must not end or hide it.
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return ("/* Index de recherche du site, écrit par « python -m generator build ». */\n"
            "window.CIP = window.CIP || {};\n"
            f"window.CIP.indexRecherche = {data};\n")


def sigles_json(entries: Iterable[tuple[str, str | None]]) -> str:
    """The glossary's sigles and their long forms (« RC / RE » names two), for the index."""
    found: dict[str, str] = {}
    for sigle, long_form in entries:
        for part in (p.strip() for p in sigle.split("/")):
            if part and long_form:
                found[part] = " ".join(long_form.split())
    return json.dumps(found, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
