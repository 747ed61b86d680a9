"""The site's browser code as one script and one stylesheet (pure: texts in, texts out).

The sources stay separate files, one module each, in content/javascripts/ and
content/stylesheets/ (tested one by one in Chromium); every page of the site loads them
assembled, in the order stated here once: ``cip-site.js`` and ``cip-site.css``. Measured on the
149 pages of the real site opened from disk in Chromium (390 px): 21 scripts and 6 stylesheets
cost 70 s of processor, one script 41 s, one script and one stylesheet 37 s: what a phone
reading the site from its disk, and every browser test, spend at each page.

Each script runs in its own ``try``: a module that fails at load reports its error (thrown
again outside the script, as a separate file would) and the next ones still run: the page's
« n'a pas pu démarrer » banner (CIP.panne, cip.js) still shows. The sources hold no top-level
declaration (each is one function called at once), so the block changes nothing else. A source
map (``cip-site.js.map``, never precached) gives the browser's tools each module's own name and
lines.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import PurePosixPath

# Load order: the namespace CIP, the shared modules (storage, files, forms), then the scripts
# of each kind of page. A source file not listed here is not published.
SCRIPTS: tuple[str, ...] = (
    "cip.js", "cip-storage.js", "cip-files.js", "cip-form.js", "cip-collection.js",
    "minisearch.js", "cip-recherche.js", "cip-profil.js", "cip-dossier.js",
    "grilles.js", "cip-calendrier.js",
    "promotion-identite.js", "promotion.js", "promotion-noms.js", "promotion-matrice.js",
    "promotion-page.js", "equipe.js", "equipe-page.js", "dossier-pro.js",
    "cip-terrain.js", "cip-sauvegarde.js", "cip-app.js",
)
# A vendored library: its licence and provenance, published beside the assembled script.
LICENCES = {"minisearch.js": "minisearch.LICENSE.txt"}
STYLES: tuple[str, ...] = (
    "cip.css", "grilles.css", "promotion.css", "dossier-pro.css", "app.css", "recherche.css",
)
SCRIPT_DIR = PurePosixPath("javascripts")
STYLE_DIR = PurePosixPath("stylesheets")
# In the site (mkdocs.yml: extra_javascript, extra_css), written in the theme folder.
SCRIPT = SCRIPT_DIR / "cip-site.js"
SCRIPT_MAP = SCRIPT_DIR / "cip-site.js.map"
STYLE = STYLE_DIR / "cip-site.css"


def bundle_paths() -> tuple[PurePosixPath, ...]:
    """The assembled files, by path in the site."""
    return (SCRIPT, SCRIPT_MAP, STYLE)


def sources() -> tuple[PurePosixPath, ...]:
    """The source files, by path under content/, in load order."""
    return (tuple(SCRIPT_DIR / name for name in SCRIPTS)
            + tuple(STYLE_DIR / name for name in STYLES))


_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _vlq(value: int) -> str:
    """One number of a source map's « mappings » (base64 VLQ, sign in the lowest bit)."""
    rest = (-value << 1) | 1 if value < 0 else value << 1
    out = ""
    while True:
        digit, rest = rest & 31, rest >> 5
        out += _B64[digit | (32 if rest else 0)]
        if not rest:
            return out


def _lines(text: str) -> list[str]:
    return text.rstrip("\n").split("\n")


def script(texts: Mapping[PurePosixPath, str],
           names: tuple[str, ...] = SCRIPTS) -> tuple[str, str]:
    """The assembled script and its source map, from the sources' texts by path."""
    out = ["/* Scripts du site assemblés par le générateur (generator/assemblage.py) : "
           "modifiez leurs sources, content/javascripts/. */"]
    mappings = [""]
    previous = (0, 0)  # (source, line) of the last segment: the map's numbers are deltas
    for index, name in enumerate(names):
        licence = f" (licence et provenance : {LICENCES[name]})" if name in LICENCES else ""
        out += [f"/* {name}{licence} */", "try {"]
        mappings += ["", ""]
        for line_no, line in enumerate(_lines(texts[SCRIPT_DIR / name])):
            out.append(line)
            mappings.append("A" + _vlq(index - previous[0]) + _vlq(line_no - previous[1]) + "A")
            previous = (index, line_no)
        out.append("} catch (erreur) { setTimeout(function () { throw erreur; }); }")
        mappings.append("")
    out.append(f"//# sourceMappingURL={SCRIPT_MAP.name}")
    source_map = {"version": 3, "file": SCRIPT.name, "sources": list(names),
                  "sourcesContent": [texts[SCRIPT_DIR / name] for name in names],
                  "names": [], "mappings": ";".join(mappings)}
    return "\n".join(out) + "\n", json.dumps(source_map, ensure_ascii=False)


def stylesheet(texts: Mapping[PurePosixPath, str]) -> str:
    """The assembled stylesheet, each source after its name."""
    parts = ["/* Feuilles de style du site assemblées par le générateur (generator/assemblage.py) "
             ": modifiez leurs sources, content/stylesheets/. */"]
    for name in STYLES:
        parts += [f"/* {name} */", texts[STYLE_DIR / name].rstrip("\n")]
    return "\n".join(parts) + "\n"


def bundle_files(texts: Mapping[PurePosixPath, str]) -> dict[PurePosixPath, str]:
    """The assembled files by path in the site (the theme folder holds them)."""
    code, source_map = script(texts)
    return {SCRIPT: code, SCRIPT_MAP: source_map, STYLE: stylesheet(texts)}
