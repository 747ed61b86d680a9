"""Long-lived PDF workers: one process per available core, each importing WeasyPrint and
loading the fonts once, then rendering sheet after sheet.

The parent hands each worker one sheet at a time over its own pipe, so it always knows which
sheet a worker was rendering: a worker that dies (killed, out of memory, crash in a C
library) or a sheet that raises fails the render with that sheet named (``RenderError``).
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


class Sheet(Protocol):
    path: PurePosixPath
    html: str
    remplissable: bool


class RenderError(Exception):
    """A sheet could not be rendered; the message names it, in French, on one line."""


def sheet_name(sheet: Sheet) -> str:
    """« Titre » (fichier.pdf): what a user recognises in a failure message."""
    match = _TITLE.search(sheet.html)
    title = html_mod.unescape(match.group(1)) if match else ""
    title = " ".join("".join(c if c.isprintable() else " " for c in title).split())
    return f"« {title} » ({sheet.path.name})" if title else f"« {sheet.path.name} »"


def available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def pool_size(tasks: int) -> int:
    """One worker per usable core (``PROCESSUS_ENV`` may ask for fewer, never for more: a
    thousand workers would exhaust the memory), and never more than there are sheets."""
    cores = available_cores()
    wanted = os.environ.get(PROCESSUS_ENV, "").strip()
    size = min(int(wanted), cores) if wanted.isdigit() and int(wanted) > 0 else cores
    return max(1, min(size, tasks))


# -- worker side -----------------------------------------------------------------------------

def _failure_hook(panne: str, path: str) -> None:
    mode, _, fragment = panne.partition(":")
    if fragment and fragment in path:
        if mode == "arret":
            os.kill(os.getpid(), signal.SIGKILL)
        if mode == "erreur":
            raise RuntimeError("panne simulée")


def _worker(conn: Connection, panne: str) -> None:
    """Import WeasyPrint, load the fonts, then render each sheet received until ``None``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the parent stops the workers
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    try:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        from .pdf_tags import retoucher

        fonts = FontConfiguration()
        broken = ""
    except Exception as exc:  # each sheet gets the reason, in place of a traceback
        broken = f"moteur PDF indisponible : {type(exc).__name__} : {exc}".splitlines()[0]
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        index, path, html, remplissable = task
        try:
            if broken:
                raise RuntimeError(broken)
            _failure_hook(panne, path)
            data = retoucher(weasyprint.HTML(string=html, base_url=None).write_pdf(
                pdf_variant="pdf/ua-1", pdf_forms=remplissable, uncompressed_pdf=False,
                font_config=fonts))
        except Exception as exc:  # reported to the parent, which names the sheet
            message = broken or f"{type(exc).__name__} : {exc}".splitlines()[0]
            conn.send((index, None, message))
        else:
            conn.send((index, data, None))


# -- parent side -----------------------------------------------------------------------------

@dataclass
class _Worker:
    process: Any
    conn: Connection
    task: int | None = None  # index of the sheet it is rendering


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

    def __init__(self, size: int | None = None) -> None:
        self.size = size
        self._workers: list[_Worker] = []
        self._starting: threading.Thread | None = None
        self._start_error: BaseException | None = None

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

    def _spawn(self, tasks: int) -> None:
        context = multiprocessing.get_context(CONTEXT)
        if CONTEXT == "forkserver":
            context.set_forkserver_preload(["weasyprint", "pikepdf", "generator.pdf_pool",
                                            "generator.pdf_tags"])
        for _ in range(self.size or pool_size(tasks)):
            parent, child = context.Pipe()
            # The hook is read here: forked from the fork server, a worker does not see the
            # environment of the moment.
            process = context.Process(target=_worker, daemon=True,
                                      args=(child, os.environ.get(PANNE_ENV, "")),
                                      name="grilles-pdf")
            process.start()
            child.close()
            self._workers.append(_Worker(process, parent))

    def render(self, sheets: Iterable[Sheet]) -> Iterator[tuple[Sheet, bytes]]:
        """Each sheet with its PDF, in the order they finish (largest sheets sent first).
        Raises ``RenderError`` naming the sheet; the pool is then closed."""
        todo = sorted(sheets, key=lambda s: len(s.html), reverse=True)
        if not todo:
            return
        self._started(len(todo))
        queue = deque(range(len(todo)))
        try:
            while queue or any(w.task is not None for w in self._workers):
                for worker in self._workers:
                    if worker.task is None and queue:
                        worker.task = queue.popleft()
                        self._send(worker, todo[worker.task])
                busy = [w for w in self._workers if w.task is not None]
                ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy])
                for worker in busy:
                    if worker.conn in ready or worker.process.sentinel in ready:
                        yield todo[worker.task], self._receive(worker, todo)  # type: ignore
                        worker.task = None
        except BaseException:
            self.close(kill=True)
            raise

    def _send(self, worker: _Worker, sheet: Sheet) -> None:
        try:
            worker.conn.send((worker.task, str(sheet.path), sheet.html, sheet.remplissable))
        except OSError:
            worker.process.join(5)
            raise RenderError(
                f"grille PDF {sheet_name(sheet)} : le processus de rendu s'est arrêté avant "
                f"son rendu ({_signal_name(worker.process.exitcode)})") from None

    def _receive(self, worker: _Worker, todo: list[Sheet]) -> bytes:
        sheet = todo[worker.task]  # type: ignore[index]
        try:
            if not worker.conn.poll():
                raise EOFError
            index, data, error = worker.conn.recv()
        except (EOFError, OSError):
            worker.process.join(5)
            raise RenderError(
                f"grille PDF {sheet_name(sheet)} : le processus de rendu s'est arrêté pendant "
                f"son rendu ({_signal_name(worker.process.exitcode)})") from None
        if error is not None or index != worker.task:
            raise RenderError(f"grille PDF {sheet_name(sheet)} : rendu impossible ({error})")
        if not _looks_like_pdf(data):
            raise RenderError(f"grille PDF {sheet_name(sheet)} : le moteur a produit un "
                              "fichier qui n'est pas un PDF complet")
        return data

    def close(self, kill: bool = False) -> None:
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

