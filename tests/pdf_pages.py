"""Reading a printed PDF page by page as a reader holding the sheet sees it: what is in the
running header and footer (page margins), and what is the page's own content.

Words come from ``pdftotext -bbox`` (poppler-utils) with their position on the page.
"""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

MM = 72 / 25.4
# The print templates' top and bottom page margins hold the running header and footer.
MARGIN_MM = 14

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>')
_SOURCES = re.compile(r"\bSources\s*:.*", re.S)
_SIGNATURE = re.compile(r"Signature\s*:\s*(?:le|la|l'|l’)?\s*\S+")


@dataclass
class PdfPage:
    number: int
    running: str  # header and footer: in the top and bottom margins
    content: str  # everything else, in reading order

    def only_sources_or_signatures(self) -> bool:
        """Nothing on the sheet but the sources paragraph and signature boxes."""
        rest = _SOURCES.sub(" ", self.content)
        rest = _SIGNATURE.sub(" ", rest)
        return not rest.strip()


def pdf_pages(path: Path) -> list[PdfPage]:
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = []
    for number, (_, height, body) in enumerate(_PAGE.findall(out), 1):
        limit_top, limit_bottom = MARGIN_MM * MM, float(height) - MARGIN_MM * MM
        running, content = [], []
        for _x, y_min, y_max, word in _WORD.findall(body):
            text = html.unescape(word)
            if float(y_max) <= limit_top + 1 or float(y_min) >= limit_bottom - 1:
                running.append(text)
            else:
                content.append(text)
        pages.append(PdfPage(number, " ".join(running), " ".join(content)))
    return pages


def wasted_pages(path: Path) -> list[PdfPage]:
    """Pages after the first whose own content is only sources and/or signatures (or nothing)."""
    return [p for p in pdf_pages(path)[1:] if p.only_sources_or_signatures()]
