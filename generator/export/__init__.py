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

# Files offered for download on the site, under content/referentiel/exports/.
EXPORT_DIR = PurePosixPath("exports")
FILES = {
    "json": "referentiel-cip.json",
    "case": "referentiel-cip.case.json",
    "moodle": "referentiel-cip-moodle.csv",
}
# Read by the site's own pages (cip.js), beside the downloads.
SCRIPT_FILE = "referentiel-cip.js"
SCHEMA_FILE = "referentiel-cip.schema.json"


def export(fmt: str, fw: Framework) -> str:
    """The framework in format ``fmt`` (json, case or moodle), as text."""
    return FORMATS[fmt](fw)


def export_files(fw: Framework, schema_text: str) -> dict[PurePosixPath, str]:
    """The downloadable files, by path relative to the generated folder."""
    files = {EXPORT_DIR / name: export(fmt, fw) for fmt, name in FILES.items()}
    files[EXPORT_DIR / SCHEMA_FILE] = schema_text
    files[EXPORT_DIR / SCRIPT_FILE] = script.export_script(fw)
    return files
