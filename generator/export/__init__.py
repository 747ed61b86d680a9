"""Exports of the framework: pure functions, model → text. Only the CLI (and the build's write
stage) writes the results.

One module per format: ``donnees`` (JSON of the whole model), ``case`` (1EdTech CASE 1.0
package), ``moodle`` (CSV read by Moodle's tool_lpimportcsv) and ``script`` (the labels as
a classic browser script for the site's pages, not offered by the CLI).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath

from ..model import Framework
from . import case, donnees, moodle, script

FORMATS: dict[str, Callable[[Framework], str]] = {
    "json": donnees.export_json,
    "case": case.export_case,
    "moodle": moodle.export_moodle,
}

# Files offered for download on the site, under content/referentiel/exports/, named after the
# framework's id (« referentiel-cip.json »): two frameworks' files never share a name.
EXPORT_DIR = PurePosixPath("exports")


def nom_de_base(fw: Framework) -> str:
    """« referentiel-cip »: the start of every file name and of every format of the framework
    (the same prefix as the browser's storage keys)."""
    return f"referentiel-{fw.titre.id}" if fw.titre else "referentiel"


def fichiers(fw: Framework) -> dict[str, str]:
    """The downloadable exports by format, the schema of the JSON export (``schema``) and the
    labels script read by the site's own pages (``script``, cip.js)."""
    base = nom_de_base(fw)
    return {"json": f"{base}.json", "case": f"{base}.case.json", "moodle": f"{base}-moodle.csv",
            "schema": f"{base}.schema.json", "script": f"{base}.js"}


def export(fmt: str, fw: Framework) -> str:
    """The framework in format ``fmt`` (json, case or moodle), as text."""
    return FORMATS[fmt](fw)


def export_files(fw: Framework, schema_text: str) -> dict[PurePosixPath, str]:
    """The downloadable files, by path relative to the generated folder."""
    noms = fichiers(fw)
    files = {EXPORT_DIR / noms[fmt]: export(fmt, fw) for fmt in FORMATS}
    files[EXPORT_DIR / noms["schema"]] = schema_text
    files[EXPORT_DIR / noms["script"]] = script.export_script(fw)
    return files
