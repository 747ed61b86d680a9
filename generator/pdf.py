"""The print step: the grids' print HTML (rendered by ``render``) turned into PDF by WeasyPrint.

Like MkDocs for the pages, WeasyPrint is an engine run after every pure stage has passed. All
PDFs are made in one process. A content-hash cache (``.cache/grilles/``) keeps each PDF under
the hash of what it is made from (its HTML, which embeds the CSS, the fillable flag and the
engine's version): only the grids whose content changed are rendered again.

Blank sheets are PDF/UA-1 (tagged for screen readers, title and language set) with their fonts
embedded as subsets. Fillable sheets add AcroForm fields (one per blank, one radio group per
criterion); WeasyPrint embeds their font whole, so that any character can be typed.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


@dataclass(frozen=True)
class Impression:
    """One PDF to make: where it goes in the docs directory and the HTML it is made from."""

    path: PurePosixPath
    html: str
    remplissable: bool = False

    def cle(self, moteur: str) -> str:
        digest = hashlib.sha256()
        for part in (moteur, "remplissable" if self.remplissable else "vierge", self.html):
            digest.update(part.encode("utf-8"))
            digest.update(b"\0")
        return digest.hexdigest()


@dataclass
class Bilan:
    produites: int = 0
    reprises: int = 0

    def phrase(self) -> str:
        return f"Grilles PDF : {self.produites} produites, {self.reprises} reprises du cache."


def moteur() -> str:
    """What else, beside the HTML, decides the bytes of a PDF."""
    import pydyf
    import weasyprint

    return f"weasyprint {weasyprint.__version__}; pydyf {pydyf.__version__}; pdf/ua-1"


_FONT_CONFIG = None


def render_pdf(impression: Impression) -> bytes:
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    global _FONT_CONFIG
    if _FONT_CONFIG is None:  # one per process: fonts are looked up once for all the PDFs
        _FONT_CONFIG = FontConfiguration()
    document = weasyprint.HTML(string=impression.html, base_url=None)
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_forms=impression.remplissable,
                              uncompressed_pdf=False, font_config=_FONT_CONFIG)


Progress = Callable[[int, int], None]


@dataclass
class Plan:
    """The PDFs of a build: those the cache already holds, and those to render."""

    cache_dir: Path
    signature: str
    ready: dict[PurePosixPath, bytes]
    todo: list[Impression]
    bilan: Bilan

    def render(self, impressions: list[Impression],
               progress: Progress | None = None) -> dict[PurePosixPath, bytes]:
        """Render ``impressions`` (part of ``todo``) and keep each in the cache."""
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        done: dict[PurePosixPath, bytes] = {}
        for index, impression in enumerate(impressions, start=1):
            data = render_pdf(impression)
            cached = self.cache_dir / f"{impression.cle(self.signature)}.pdf"
            tmp = cached.with_name(f".{cached.name}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, cached)
            done[impression.path] = data
            self.bilan.produites += 1
            if progress:
                progress(index, len(impressions))
        return done


def plan_pdfs(impressions: Iterable[Impression], cache_dir: Path) -> Plan:
    """Read what the cache holds. Cache entries that no PDF uses any more are removed, so
    the cache does not grow without bound."""
    signature = moteur()
    cache_dir.mkdir(parents=True, exist_ok=True)
    plan = Plan(cache_dir, signature, {}, [], Bilan())
    used: set[str] = set()
    for impression in impressions:
        key = impression.cle(signature)
        used.add(key)
        cached = cache_dir / f"{key}.pdf"
        if cached.is_file():
            plan.ready[impression.path] = cached.read_bytes()
            plan.bilan.reprises += 1
        else:
            plan.todo.append(impression)
    for entry in cache_dir.glob("*.pdf"):
        if entry.stem not in used:
            entry.unlink()
    return plan


def make_pdfs(impressions: Iterable[Impression], cache_dir: Path,
              progress: Progress | None = None) -> tuple[dict[PurePosixPath, bytes], Bilan]:
    """Every PDF, from the cache when its content did not change."""
    plan = plan_pdfs(impressions, cache_dir)
    pdfs = dict(plan.ready)
    pdfs.update(plan.render(plan.todo, progress))
    return pdfs, plan.bilan


def terminal_progress(out=sys.stderr) -> Progress:
    """« Grilles PDF : 12/125 » on one line in a terminal; a few lines in a log."""
    interactive = out.isatty()

    def show(done: int, total: int) -> None:
        if interactive:
            end = "\n" if done == total else ""
            print(f"\rGrilles PDF : {done}/{total}", end=end, file=out, flush=True)
        elif done == total or done % 25 == 0:
            print(f"Grilles PDF : {done}/{total}", file=out, flush=True)

    return show
