"""Exports of the framework: pure functions, model → text. Only the CLI (and the build's write
stage) writes the results.

One module per format: ``donnees`` (JSON of the whole model), ``case`` (1EdTech CASE 1.0
package) and ``moodle`` (CSV read by Moodle's tool_lpimportcsv).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath

from ..model import Framework
from . import case, donnees, moodle

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
SCHEMA_FILE = "referentiel-cip.schema.json"


def export(fmt: str, fw: Framework) -> str:
    """The framework in format ``fmt`` (json, case or moodle), as text."""
    return FORMATS[fmt](fw)


def export_files(fw: Framework, schema_text: str) -> dict[PurePosixPath, str]:
    """The downloadable files, by path relative to the generated folder."""
    files = {EXPORT_DIR / name: export(fmt, fw) for fmt, name in FILES.items()}
    files[EXPORT_DIR / SCHEMA_FILE] = schema_text
    return files
