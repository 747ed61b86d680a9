"""Long-lived PDF workers: one process per available core, each importing WeasyPrint and
loading the fonts once, then rendering lot after lot.

A lot (``Lot``) is a few sheets laid out once each, in one worker, with the PDFs assembled
from their pages (a CCP booklet, a séance sheet followed by its grids: WeasyPrint's
``Document.copy`` over the pages of several laid-out documents keeps one structure tree,
``/Lang``, the PDF/UA identification and the form fields). A plain sheet is a lot of one.

The parent hands each worker one lot at a time over its own pipe, and the worker says which
sheet it starts before each, so the parent always knows which sheet a worker was rendering: a
worker that dies (killed, out of memory, crash in a C library) or a sheet that raises fails
the render with that sheet named (``RenderError``).
Workers are started with the « forkserver » method (no fork of a process that may run
threads); the fork server imports WeasyPrint once, and each worker forked from it shares
those pages.
"""

from __future__ import annotations

import html as html_mod
import logging
import multiprocessing
import os
import re
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import PurePosixPath
from typing import Any, Protocol

# Test hook (tests/test_pdf.py): « arret:FRAGMENT » kills the worker (SIGKILL) that renders a
# sheet whose path contains FRAGMENT, « erreur:FRAGMENT » makes that render raise.
PANNE_ENV = "REFERENTIEL_PDF_PANNE"
# Number of workers, for tests and measures; by default the cores this process may use.
PROCESSUS_ENV = "REFERENTIEL_PDF_PROCESSUS"
CONTEXT = "forkserver"

_TITLE = re.compile(r"<title>(.*?)</title>", re.S | re.I)
# The print stylesheet every sheet embeds in its <head> (site_templates/grilles/_document).
_HEAD_STYLE = re.compile(r"<style>(.*?)</style>(?=.*?</head>)", re.S | re.I)


class Stylesheets:
    """Each worker parses the print stylesheet once, not once per sheet (5 % of a sheet's
    time): the <style> of a sheet's <head> is taken out of its HTML and given to WeasyPrint
    already parsed. It then weighs as a user stylesheet, below the sheet's own rules: the
    inline ``style`` attributes (which won already) and the <style> of a linked
    certification's section (which now wins whatever the specificity: it sets only what the
    print stylesheet leaves alone). The PDFs are the same, byte for byte
    (tests/test_pdf_assemblage.py)."""

    def __init__(self, css: Any, fonts: Any) -> None:
        self._css, self._fonts = css, fonts
        self._parsed: dict[str, Any] = {}

    def split(self, html: str) -> tuple[str, list[Any]]:
        match = _HEAD_STYLE.search(html)
        if not match:
            return html, []
        text = match.group(1)
        if text not in self._parsed:
            self._parsed[text] = self._css(string=text, font_config=self._fonts)
        return html[:match.start()] + html[match.end():], [self._parsed[text]]


class Sheet(Protocol):
    path: PurePosixPath
    html: str
    remplissable: bool


@dataclass(frozen=True)
class Assemblage:
    """A PDF made of the pages of parts of its lot, in order. ``titre`` and ``description``
    are its metadata (by default, those of its first part); ``etiquettes``: one page label
    prefix per part (« Compétence 3 · Tuteur, feuille »), what a PDF viewer shows with
    the page's number within its part."""

    sheet: Sheet
    parts: tuple[int, ...]
    titre: str = ""
    description: str = ""
    etiquettes: tuple[str, ...] = ()


@dataclass
class Lot:
    """Sheets laid out once each, in one worker: ``published`` parts give their own PDF, and
    each assembly a PDF of their pages."""

    parts: list[Sheet]
    published: set[int]
    assemblies: list[Assemblage]

    @classmethod
    def of(cls, sheet: Sheet) -> Lot:
        return cls([sheet], {0}, [])

    @property
    def size(self) -> int:
        return sum(len(p.html) for p in self.parts)


class RenderError(Exception):
    """A sheet could not be rendered; the message names it, in French, on one line."""


def sheet_name(sheet: Sheet) -> str:
    """« Titre » (fichier.pdf): what a user recognises in a failure message."""
    match = _TITLE.search(sheet.html)
    title = html_mod.unescape(match.group(1)) if match else getattr(sheet, "titre", "")
    title = " ".join("".join(c if c.isprintable() else " " for c in title).split())
    return f"« {title} » ({sheet.path.name})" if title else f"« {sheet.path.name} »"


def available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def pool_size(tasks: int, reserve: int = 0) -> int:
    """One worker per usable core (``PROCESSUS_ENV`` may ask for fewer, never for more: a
    thousand workers would exhaust the memory), and never more than there are sheets;
    ``reserve`` cores left to another process (MkDocs), at least one worker."""
    cores = available_cores()
    wanted = os.environ.get(PROCESSUS_ENV, "").strip()
    size = min(int(wanted), cores) if wanted.isdigit() and int(wanted) > 0 else cores
    return max(1, min(size, tasks, cores - reserve))


# -- worker side -----------------------------------------------------------------------------

def _failure_hook(panne: str, path: str) -> None:
    mode, _, fragment = panne.partition(":")
    if fragment and fragment in path:
        if mode == "arret":
            os.kill(os.getpid(), signal.SIGKILL)
        if mode == "erreur":
            raise RuntimeError("panne simulée")


def _worker(conn: Connection, panne: str) -> None:
    """Import WeasyPrint, load the fonts, then render each lot received until ``None``.
    Messages to the parent: (« debut », n) before output or part n; (« pdf », n, bytes) for
    each output; (« erreur », n, message); (« fin »,) when the lot is done."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the parent stops the workers
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    try:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        from .pdf_tags import retoucher

        fonts = FontConfiguration()
        stylesheets = Stylesheets(weasyprint.CSS, fonts)
        broken = ""
    except Exception as exc:  # each sheet gets the reason, in place of a traceback
        broken = f"moteur PDF indisponible : {type(exc).__name__} : {exc}".splitlines()[0]
    options = {"pdf_variant": "pdf/ua-1", "uncompressed_pdf": False}
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        parts, published, assemblies = task
        current = 0
        try:
            if broken:
                raise RuntimeError(broken)
            # Each assembly as soon as its parts are laid out; a layout no assembly still
            # needs is let go (the worker's memory stays that of a few sheets).
            needed = [0] * len(parts)
            for _, indexes, *_ in assemblies:
                for i in set(indexes):
                    needed[i] += 1
            waiting = list(enumerate(assemblies, start=len(parts)))
            documents = {}
            for index, (path, html, remplissable) in enumerate(parts):
                current = index
                conn.send(("debut", index))
                _failure_hook(panne, path)
                html, sheets = stylesheets.split(html)
                document = weasyprint.HTML(string=html, base_url=None).render(
                    stylesheets=sheets, font_config=fonts, pdf_forms=remplissable, **options)
                if index in published:
                    conn.send(("pdf", index, retoucher(document.write_pdf(
                        font_config=fonts, pdf_forms=remplissable, **options))))
                if needed[index]:
                    documents[index] = document
                del document
                later = []
                for number, (path, indexes, titre, description, labels) in waiting:
                    if max(indexes) > index:
                        later.append((number, (path, indexes, titre, description, labels)))
                        continue
                    current = number
                    conn.send(("debut", number))
                    _failure_hook(panne, path)
                    conn.send(("pdf", number, assemble(
                        [documents[i] for i in indexes], titre, description, labels,
                        any(parts[i][2] for i in indexes), fonts, options)))
                    for i in set(indexes):
                        needed[i] -= 1
                        if not needed[i]:
                            del documents[i]
                waiting = later
        except Exception as exc:  # reported to the parent, which names the sheet
            message = broken or f"{type(exc).__name__} : {exc}".splitlines()[0]
            conn.send(("erreur", current, message))
        else:
            conn.send(("fin",))


def assemble(documents: list[Any], titre: str, description: str, labels: tuple[str, ...],
             forms: bool, fonts: Any, options: dict[str, Any]) -> bytes:
    """One PDF of the pages of ``documents``, each laid out once: WeasyPrint writes one
    structure tree over them (title and language of the first, unless ``titre`` is given);
    then the retouching, page labels (« …, feuille 1 ») and form fields named once."""
    import copy

    from .pdf_tags import retoucher

    combined = documents[0].copy([page for document in documents for page in document.pages])
    combined.metadata = copy.copy(documents[0].metadata)  # the first document's stays its own
    if titre:
        combined.metadata.title = titre
    if description:
        combined.metadata.description = description
    starts, start = [], 0
    for document in documents:
        starts.append(start)
        start += len(document.pages)
    data = combined.write_pdf(font_config=fonts, pdf_forms=forms, **options)
    return retoucher(data, pages=tuple(zip(starts, labels, strict=False)) if labels else (),
                     parts=tuple(starts))


# -- parent side -----------------------------------------------------------------------------

@dataclass
class _Worker:
    process: Any
    conn: Connection
    task: int | None = None  # index of the lot it is rendering
    current: int = 0  # the part or output of that lot it said it began


def _looks_like_pdf(data: Any) -> bool:
    return isinstance(data, bytes) and data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]


def _signal_name(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"code {code}"


class PdfPool:
    """Workers started on first use (or ``start``) and kept until ``close``."""

    def __init__(self, size: int | None = None, reserve: int = 0) -> None:
        self.size = size
        self.reserve = reserve  # cores left to another process until ``free_reserve``
        self._tasks = 0
        self._more = threading.Event()
        self._workers: list[_Worker] = []
        self._starting: threading.Thread | None = None
        self._start_error: BaseException | None = None
        # Closed (from any thread: ``serve`` stopping): no worker is started any more, and a
        # render under way ends at once (a worker started meanwhile would wait for work
        # forever, and the exit of the process for it).
        self._closed = False

    def __enter__(self) -> PdfPool:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close(kill=exc_type is not None)  # a stop or a failure: nothing is waited for

    def start(self, tasks: int) -> None:
        """Start the workers for ``tasks`` sheets, in the background: the fork server imports
        WeasyPrint while the caller goes on (``render`` waits for it)."""
        if self._workers or self._starting or tasks <= 0:
            return
        self._starting = threading.Thread(target=self._start, args=(tasks,), daemon=True)
        self._starting.start()

    def _start(self, tasks: int) -> None:
        try:
            self._spawn(tasks)
        except BaseException as exc:  # re-raised by ``render``
            self._start_error = exc

    def _started(self, tasks: int) -> None:
        """Wait for ``start`` (or start now, for ``tasks`` sheets)."""
        if self._workers and not self._starting:
            return
        if not self._starting:
            self._spawn(tasks)
            return
        self._starting.join()
        self._starting = None
        if self._start_error is not None:
            error, self._start_error = self._start_error, None
            raise RenderError(f"le moteur PDF ne démarre pas ({error})")

    def free_reserve(self) -> None:
        """The reserved cores are free (MkDocs has ended): ``render`` adds workers for them.
        Callable from any thread."""
        self._more.set()

    def _grow(self) -> None:
        self._more.clear()
        if self.size or not self.reserve or not self._workers:
            return
        self.reserve = 0
        self._spawn(self._tasks, len(self._workers))

    def _spawn(self, tasks: int, have: int = 0) -> None:
        if self._closed:
            raise RenderError("rendu des PDF arrêté")
        self._tasks = tasks
        context = multiprocessing.get_context(CONTEXT)
        if CONTEXT == "forkserver":
            context.set_forkserver_preload(["weasyprint", "pikepdf", "generator.pdf_pool",
                                            "generator.pdf_tags"])
        for _ in range((self.size or pool_size(tasks, self.reserve)) - have):
            parent, child = context.Pipe()
            # The hook is read here: forked from the fork server, a worker does not see the
            # environment of the moment.
            process = context.Process(target=_worker, daemon=True,
                                      args=(child, os.environ.get(PANNE_ENV, "")),
                                      name="grilles-pdf")
            process.start()
            child.close()
            self._workers.append(_Worker(process, parent))

    def render(self, items: Iterable[Sheet | Lot]) -> Iterator[tuple[Sheet, bytes]]:
        """Each sheet (alone, or an output of a lot) with its PDF, in the order they finish
        (largest lots sent first). Raises ``RenderError`` naming the sheet; the pool is then
        closed."""
        todo = sorted((item if isinstance(item, Lot) else Lot.of(item) for item in items),
                      key=lambda lot: lot.size, reverse=True)
        if not todo:
            return
        self._started(len(todo))
        queue = deque(range(len(todo)))
        self._tasks = max(self._tasks, len(todo))
        try:
            while True:
                # Closed from another thread (« serve » stopping) between two lots: the lots
                # still out are lost with their workers, never a silent partial result.
                if self._closed or not self._workers:
                    raise RenderError("rendu des PDF arrêté")
                if not queue and all(w.task is None for w in self._workers):
                    break
                if self._more.is_set() and queue:
                    self._grow()
                for worker in self._workers:
                    if worker.task is None and queue:
                        worker.task = queue.popleft()
                        self._send(worker, todo[worker.task])
                busy = [w for w in self._workers if w.task is not None]
                ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                             timeout=None if self._more.is_set() or not self.reserve else 0.2)
                for worker in busy:
                    if worker.conn in ready or worker.process.sentinel in ready:
                        yield from self._receive(worker, todo[worker.task])  # type: ignore
        except BaseException:
            self.close(kill=True)
            raise

    def _send(self, worker: _Worker, lot: Lot) -> None:
        worker.current = 0
        task = ([(str(p.path), p.html, p.remplissable) for p in lot.parts], lot.published,
                [(str(a.sheet.path), a.parts, a.titre, a.description, a.etiquettes)
                 for a in lot.assemblies])
        try:
            worker.conn.send(task)
        except OSError:
            worker.process.join(5)
            raise RenderError(
                f"grille PDF {sheet_name(lot.parts[0])} : le processus de rendu s'est arrêté "
                f"avant son rendu ({_signal_name(worker.process.exitcode)})") from None

    @staticmethod
    def _named(lot: Lot, number: int) -> Sheet:
        if number < len(lot.parts):
            return lot.parts[number]
        return lot.assemblies[number - len(lot.parts)].sheet

    def _receive(self, worker: _Worker, lot: Lot) -> Iterator[tuple[Sheet, bytes]]:
        """The PDFs the worker has sent so far; its lot ends with « fin »."""
        while True:
            try:
                if not worker.conn.poll():
                    if worker.process.is_alive():
                        return  # more later
                    raise EOFError
                message = worker.conn.recv()
            except (EOFError, OSError):
                worker.process.join(5)
                raise RenderError(
                    f"grille PDF {sheet_name(self._named(lot, worker.current))} : le processus "
                    f"de rendu s'est arrêté pendant son rendu "
                    f"({_signal_name(worker.process.exitcode)})") from None
            kind = message[0] if isinstance(message, tuple) and message else None
            if kind == "fin":
                worker.task = None
                return
            if kind == "debut":
                worker.current = int(message[1])
                continue
            sheet = self._named(lot, int(message[1]))
            if kind == "erreur":
                raise RenderError(f"grille PDF {sheet_name(sheet)} : rendu impossible "
                                  f"({message[2]})")
            if not _looks_like_pdf(message[2]):
                raise RenderError(f"grille PDF {sheet_name(sheet)} : le moteur a produit un "
                                  "fichier qui n'est pas un PDF complet")
            yield sheet, message[2]

    def close(self, kill: bool = False) -> None:
        self._closed = True
        if self._starting:
            self._starting.join()
            self._starting = None
        workers, self._workers = self._workers, []
        for worker in workers:
            if not kill:
                try:
                    worker.conn.send(None)
                except OSError:
                    pass
        for worker in workers:
            if not kill:
                worker.process.join(10)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(5)
            worker.conn.close()

    @property
    def pids(self) -> list[int]:
        if self._starting:
            self._started(0)
        return [w.process.pid for w in self._workers]

