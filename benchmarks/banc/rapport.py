"""Le rapport : une section Markdown par rubrique, affichée et gardée au fur et à mesure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Report:
    sections: list[str] = field(default_factory=list)
    partial: Path | None = None  # written after each section (a long run keeps what it measured)

    def add(self, title: str, header: list[str], rows: list[list[str]], notes: list[str]) -> None:
        lines = [f"## {title}", ""]
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "---|" * len(header))
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        lines.append("")
        lines += [f"- {note}" for note in notes]
        text = "\n".join(lines) + "\n"
        self.sections.append(text)
        print(text, flush=True)
        if self.partial:
            self.partial.write_text("\n".join(self.sections), encoding="utf-8")


def s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def verdict(ok: bool) -> str:
    return "oui" if ok else "**non**"



def numero(section: str) -> int:
    """The rubric number of a section (« ## 12. Titre » → 12): sections are written in order."""
    match = re.match(r"## (\d+)\.", section)
    return int(match.group(1)) if match else 0
