"""The print step: the grids' print HTML (rendered by ``render``) turned into PDF by WeasyPrint.

Like MkDocs for the pages, WeasyPrint is an engine run after every pure stage has passed. The
PDFs are rendered by a pool of long-lived workers, one per available core (``pdf_pool``), in
lots (``lots``): each grid is laid out once, and the CCP booklets and séance sheets are
assembled from the pages of the grids laid out in the same worker. A content-hash cache
(``.cache/grilles/<certification>/``) keeps each PDF under the hash of what it is made from
(its HTML, which embeds the CSS, the fillable flag, the engine's versions and the installed
fonts), with the digest of its bytes beside it: only the grids whose content changed, or whose
cache entry is damaged, are rendered again.

Blank sheets are PDF/UA-1 (tagged for screen readers, title and language set) with their fonts
embedded as subsets. Fillable sheets add AcroForm fields (one per blank, one radio group per
criterion); WeasyPrint embeds their font whole, so that any character can be typed.
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .pdf_pool import Assemblage, Lot, PdfPool, RenderError
from .write import octets

__all__ = ["Bilan", "CacheError", "Contenu", "Impression", "Plan", "RenderError", "Stocke",
           "make_pdfs", "plan_pdfs"]


@dataclass(frozen=True)
class Impression:
    """One PDF to make: where it goes in the docs directory and the HTML it is made from.

    An assembled PDF (a CCP booklet, a séance sheet with its grids) has no HTML of its own:
    it is made of the pages of its ``parties``, each laid out once (the grids' are those of
    their own PDFs), with ``titre`` and ``description`` as its metadata (by default its first
    part's). ``etiquette``: as a part, the page label prefix of its pages (« Compétence 3 – »).
    """

    path: PurePosixPath
    html: str
    remplissable: bool = False
    parties: tuple[Impression, ...] = ()
    titre: str = ""
    description: str = ""
    etiquette: str = ""

    def cle(self, moteur: str) -> str:
        digest = hashlib.sha256()
        if self.parties:
            parts = [moteur, "assemblage", self.titre, self.description]
            parts += [f"{p.cle(moteur)} {p.etiquette}" for p in self.parties]
        else:
            parts = [moteur, "remplissable" if self.remplissable else "vierge", self.html]
        for part in parts:
            digest.update(part.encode("utf-8"))
            digest.update(b"\0")
        return digest.hexdigest()


def lots(impressions: list[Impression]) -> tuple[list[Lot | Impression], int]:
    """``impressions`` grouped so that each sheet is laid out once: an assembled PDF goes to
    the lot that already lays out most of its parts (a booklet's grids, a séance's), where its
    parts to publish are published. A part already laid out in another lot (a séance with
    grids of two CCPs), or twice in one PDF, is laid out again: the second number returned
    counts them.
    Deterministic: the order of ``impressions`` decides."""
    wanted = {i for i in impressions if not i.parties}
    built: list[tuple[list[Impression], set[int], list[Assemblage]]] = []
    owner: dict[Impression, int] = {}
    again = 0
    for whole in (i for i in impressions if i.parties):
        counts = [sum(1 for p in whole.parties if owner.get(p) == n) for n in range(len(built))]
        if counts and max(counts) > 0:
            number = counts.index(max(counts))
        else:
            number = len(built)
            built.append(([], set(), []))
        parts, published, assemblies = built[number]
        indexes: list[int] = []
        for part in whole.parties:
            if part in parts and parts.index(part) not in indexes:
                indexes.append(parts.index(part))
                continue
            # Laid out in another lot, or twice in this PDF (the pages of one layout
            # written twice lose the link of their form fields to the structure tree).
            if part in owner:
                again += 1
            owner.setdefault(part, number)
            if part in wanted:
                wanted.discard(part)
                published.add(len(parts))
            indexes.append(len(parts))
            parts.append(part)
        assemblies.append(Assemblage(whole, tuple(indexes), whole.titre, whole.description,
                                     tuple(p.etiquette for p in whole.parties)))
    grouped: list[Lot | Impression] = [Lot(*lot) for lot in built]
    grouped += [i for i in impressions if i in wanted]
    return grouped, again


@dataclass
class Bilan:
    produites: int = 0
    reprises: int = 0
    remises: int = 0  # sheets laid out a second time, in another lot (``lots``)

    def phrase(self) -> str:
        return f"Grilles PDF : {self.produites} produites, {self.reprises} reprises du cache."


FAMILLE = "Liberation Sans"  # the print CSS's font (site_templates/grilles/impression.css)
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")


def _font_files() -> list[str]:
    """The font files fontconfig offers for the print font, best match first (then every
    fallback, so that a newly installed font shows up); without fontconfig's tools, every
    file of the usual font folders."""
    try:
        done = subprocess.run(["fc-match", "--all", "--format", "%{file}\n", FAMILLE],
                              capture_output=True, text=True, timeout=60, check=True)
        return [line for line in done.stdout.splitlines() if line]
    except (OSError, subprocess.SubprocessError):
        files = []
        for folder in FONT_DIRS:
            for dirpath, dirnames, filenames in os.walk(os.path.expanduser(folder)):
                dirnames.sort()
                files += [os.path.join(dirpath, name) for name in sorted(filenames)]
        return files


def empreinte_polices() -> str:
    """A digest of the fonts a PDF may use: each file's path, size and modification time."""
    digest = hashlib.sha256()
    for name in _font_files():
        try:
            stat = os.stat(name)
            digest.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
        except OSError:
            digest.update(f"{name}\0absent\n".encode())
    return digest.hexdigest()[:16]


def moteur() -> str:
    """What else, beside the HTML, decides the bytes of a PDF: the engine's versions, the
    structure-tree retouching (``pdf_tags``) and the fonts (computed once per build)."""
    from importlib import metadata

    versions = "; ".join(f"{name} {metadata.version(name)}"
                         for name in ("weasyprint", "pydyf", "pikepdf"))
    retouche = hashlib.sha256(Path(__file__).with_name("pdf_tags.py").read_bytes()).hexdigest()[:16]
    return f"{versions}; pdf/ua-1; retouche {retouche}; polices {empreinte_polices()}"


def render_pdf(impression: Impression) -> bytes:
    """One PDF, in a fresh pool of one worker (tests, one-off use)."""
    grouped, _ = lots([impression])
    with PdfPool(1) as pool:
        return dict(pool.render(grouped))[impression]  # type: ignore[index]


Progress = Callable[[int, int], None]


MAX_ENTRY_BYTES = 256 * 1024 * 1024  # far above any PDF of the site (the largest: 1 Mo)


def _read_entry(path: Path) -> bytes | None:
    """The bytes of a cache entry, or None if it is not a regular file: never follows a
    link, never blocks on a pipe, never reads a device (opened with O_NOFOLLOW | O_NONBLOCK,
    checked once open, read up to MAX_ENTRY_BYTES)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks, size = [], 0
        while chunk := os.read(fd, 1024 * 1024):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_ENTRY_BYTES:
                return None
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


class CacheError(RenderError):
    """The cache folder holds something the build must not remove itself (a folder)."""


@dataclass(frozen=True)
class Stocke:
    """A PDF kept in the cache, read when it is written: a build holds the paths of its
    PDFs, not their bytes (2,460 PDFs at 300 compétences: 900 Mio in one process)."""

    fichier: Path
    empreinte: str  # sha256 of its bytes, checked again when read

    def lire(self) -> bytes:
        data = _read_entry(self.fichier)
        if data is None or hashlib.sha256(data).hexdigest() != self.empreinte:
            raise CacheError(f"cache des grilles PDF : « {self.fichier} » a changé pendant la "
                             "construction ; relancez-la")
        return data


Contenu = bytes | Stocke


class Cache:
    """``.cache/grilles/KEY.pdf`` and, beside it, ``KEY.sha256``: the digest of its bytes,
    checked before an entry is reused (a truncated or altered entry is rendered again; a
    link, a pipe or a device in place of an entry is never read, only replaced)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CacheError(f"cache des grilles PDF « {folder} » inutilisable "
                             f"({exc.strerror or exc}) : supprimez-le, il sera refait") from None

    def get(self, key: str) -> Stocke | None:
        """The entry, checked against its digest (and checked again when read)."""
        pdf, digest = self.folder / f"{key}.pdf", self.folder / f"{key}.sha256"
        data, expected = _read_entry(pdf), _read_entry(digest)
        if data is not None and expected is not None and data.startswith(b"%PDF-") and (
                hashlib.sha256(data).hexdigest().encode() == expected.strip()):
            return Stocke(pdf, expected.strip().decode())
        for entry in (pdf, digest):  # damaged or not ours: rendered again, never published
            self._discard(entry)
        return None

    @staticmethod
    def _discard(entry: Path) -> None:
        if entry.is_dir() and not entry.is_symlink():
            raise CacheError(f"le cache des grilles PDF contient un dossier à la place d'un "
                             f"fichier : « {entry} » ; supprimez ce dossier")
        try:
            entry.unlink(missing_ok=True)
        except OSError:
            pass  # replaced by ``put``, or reported there

    def put(self, key: str, data: bytes) -> Stocke:
        """The PDF first, its digest last: an interrupted write leaves an entry that fails
        the check."""
        empreinte = hashlib.sha256(data).hexdigest()
        for name, content in ((f"{key}.pdf", data), (f"{key}.sha256", empreinte.encode())):
            target = self.folder / name
            tmp = target.with_name(f".{name}.{os.getpid()}.tmp")
            try:
                tmp.write_bytes(content)
                os.replace(tmp, target)
            except OSError as exc:
                tmp.unlink(missing_ok=True)
                raise CacheError(f"cache des grilles PDF : « {target} » ne peut pas être écrit "
                                 f"({exc.strerror or exc})") from None
        return Stocke(self.folder / f"{key}.pdf", empreinte)

    def prune(self, used: set[str]) -> None:
        """Remove the entries no PDF uses any more, so that the cache does not grow."""
        for entry in sorted(self.folder.iterdir()):
            if entry.suffix in (".pdf", ".sha256") and entry.stem not in used:
                try:
                    entry.unlink(missing_ok=True)
                except OSError:
                    pass  # a folder: not ours to remove, and never read


@dataclass
class Plan:
    """The PDFs of a build: those the cache already holds, and those to render."""

    cache: Cache
    signature: str
    ready: dict[PurePosixPath, Contenu]
    todo: list[Impression]
    bilan: Bilan
    pool: PdfPool | None = None

    def start(self, pool: PdfPool) -> None:
        """Use ``pool`` and start its workers now if there is anything to render."""
        self.pool = pool
        pool.start(len(self.todo))

    def render(self, impressions: list[Impression],
               progress: Progress | None = None) -> dict[PurePosixPath, Contenu]:
        """Render ``impressions`` (part of ``todo``) on every core and keep each in the
        cache (what is returned: where). Raises ``RenderError`` (a French line naming the
        sheet) on failure: only complete PDFs enter the cache."""
        done: dict[PurePosixPath, Contenu] = {}
        # Made meanwhile by another job (a save under ``serve`` while the previous one's PDFs
        # were being rendered): taken from the cache, not rendered twice.
        for impression in impressions:
            stored = self.cache.get(impression.cle(self.signature))
            if stored is not None:
                done[impression.path] = stored
                self.bilan.reprises += 1
        impressions = [i for i in impressions if i.path not in done]
        if not impressions:
            return done
        own = self.pool is None
        pool = self.pool or PdfPool()
        grouped, again = lots(impressions)
        self.bilan.remises += again
        try:
            for index, (impression, data) in enumerate(pool.render(grouped), start=1):
                assert isinstance(impression, Impression)
                done[impression.path] = self.cache.put(impression.cle(self.signature), data)
                del data
                self.bilan.produites += 1
                if progress:
                    progress(index, len(impressions))
        finally:
            if own:
                pool.close()
        return done


def plan_pdfs(impressions: Iterable[Impression], cache_dir: Path) -> Plan:
    """Read what the cache holds (each entry checked against its digest)."""
    signature = moteur()
    cache = Cache(cache_dir)
    plan = Plan(cache, signature, {}, [], Bilan())
    used: set[str] = set()
    for impression in impressions:
        key = impression.cle(signature)
        used.add(key)
        data = cache.get(key)
        if data is not None:
            plan.ready[impression.path] = data
            plan.bilan.reprises += 1
        else:
            plan.todo.append(impression)
    cache.prune(used)
    return plan


def make_pdfs(impressions: Iterable[Impression], cache_dir: Path,
              progress: Progress | None = None) -> tuple[dict[PurePosixPath, bytes], Bilan]:
    """Every PDF's bytes, from the cache when its content did not change (tests, one-off
    use: a build keeps only where they are)."""
    plan = plan_pdfs(impressions, cache_dir)
    pdfs = dict(plan.ready)
    pdfs.update(plan.render(plan.todo, progress))
    return {path: octets(contenu) for path, contenu in pdfs.items()}, plan.bilan


def terminal_progress(out=None) -> Progress:
    """« Grilles PDF : 12/125 » on one line in a terminal; a few lines in a log. (The error
    output of the moment, not of the import: it may have been replaced since.)"""
    out = out if out is not None else sys.stderr
    interactive = out.isatty()

    def show(done: int, total: int) -> None:
        if interactive:
            end = "\n" if done == total else ""
            print(f"\rGrilles PDF : {done}/{total}", end=end, file=out, flush=True)
        elif done == total or done % 25 == 0:
            print(f"Grilles PDF : {done}/{total}", file=out, flush=True)

    return show
