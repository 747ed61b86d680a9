"""Diagnostics: values returned by every stage, printed one per line by the CLI."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from .text import terminal


class Severity(str, Enum):
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


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count <= 1 else plural}"


def summary(diagnostics: list[Diagnostic]) -> str:
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = len(diagnostics) - errors
    files = len({d.file for d in diagnostics})
    text = f"{_plural(errors, 'erreur', 'erreurs')}, {_plural(warnings, 'avertissement', 'avertissements')}"
    if diagnostics:
        text += f" dans {_plural(files, 'fichier', 'fichiers')}"
    return text


def has_errors(diagnostics: Iterable[Diagnostic], strict: bool = False) -> bool:
    return any(strict or d.severity is Severity.ERROR for d in diagnostics)
