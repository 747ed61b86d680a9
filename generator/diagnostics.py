"""Diagnostics: values returned by every stage, printed one per line by the CLI."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TextIO

from .libelles import pluriel
from .text import terminal


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in the framework, located in its source file.

    ``file`` is the path as shown to the user; ``line`` and ``column`` are 1-based
    (0 when the problem concerns the whole file); ``json_path`` is ``$``-rooted.
    """

    file: str
    line: int
    column: int
    code: str
    message: str
    json_path: str = ""
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        where = self.file if self.line == 0 else f"{self.file}:{self.line}:{self.column}"
        path = f"{self.json_path}: " if self.json_path else ""
        line = f"{where}: {self.severity.value}[{self.code}]: {path}{self.message}"
        return terminal(line)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted by file, line, column, then code and message; duplicates removed."""
    return sorted(set(diagnostics), key=lambda d: (d.file, d.line, d.column, d.code, d.message))


def summary(diagnostics: list[Diagnostic]) -> str:
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = len(diagnostics) - errors
    files = len({d.file for d in diagnostics})
    text = f"{pluriel(errors, 'erreur')}, {pluriel(warnings, 'avertissement')}"
    if diagnostics:
        text += f" dans {pluriel(files, 'fichier')}"
    return text


def report(diagnostics: Sequence[Diagnostic], out: TextIO | None = None) -> None:
    """One line per diagnostic, then the summary (nothing when there is none)."""
    out = out if out is not None else sys.stderr
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=out)
    if diagnostics:
        print(summary(list(diagnostics)), file=out)


def has_errors(diagnostics: Iterable[Diagnostic], strict: bool = False) -> bool:
    return any(strict or d.severity is Severity.ERROR for d in diagnostics)
