"""The preview loop of ``serve``: the pages first, the PDFs after, MkDocs rebuilding only what
changed.

A save regenerates the Markdown (written only when its bytes change), then MkDocs, started with
``--dirty``, rebuilds only the pages whose Markdown is newer than their HTML. When the
navigation or another support file changes (a title, a page added or removed), every page is
marked changed, so that no page keeps an old sidebar: the next MkDocs rebuild is complete.
The PDFs of a changed grid are rendered in the background, by workers of lower priority
(MkDocs' rebuild of the pages comes first); meanwhile the previous PDF stays in place, and the
terminal says when the PDFs are up to date. A new PDF (the first ``serve`` of a fresh clone, a
grid added) stands as an empty file until it is made: the pages are served at once, not after
every sheet is laid out. A broken save writes nothing.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from . import assemblage
from .build import Project, generate
from .diagnostics import has_errors, report
from .libelles import pluriel
from .outputs import project_lock
from .paths import GENERATED
from .pdf import terminal_progress
from .pdf_pool import PdfPool, RenderError
from .write import write_tree

Stamp = dict[str, tuple[int, int]]
# Written in .generated/ (watched by MkDocs: mkdocs.yml « watch ») once a save is written.
DONE_MARKER = "apercu-ecrit.txt"


# Support files that change no page: the assembled script and stylesheet (MkDocs copies them).
_NO_PAGE = {DONE_MARKER, *(path.name for path in assemblage.bundle_paths())}


def _stamp(folder: Path) -> Stamp:
    """(mtime, size) of every file under ``folder`` whose change changes pages (our own
    marker and the assembled browser code aside: a script saved rebuilds no page)."""
    out: Stamp = {}
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            if name in _NO_PAGE:
                continue
            path = os.path.join(dirpath, name)
            try:
                st = os.stat(path)
            except FileNotFoundError:
                continue
            out[path] = (st.st_mtime_ns, st.st_size)
    return out


def mark_every_page_changed(docs: Path) -> Stamp:
    """Touch every Markdown page of the docs folder: MkDocs ``--dirty`` rebuilds them all.
    Returns their new (mtime, size): the watcher knows these are not edits."""
    touched: Stamp = {}
    for path in docs.rglob("*.md"):
        try:
            os.utime(path)
            st = path.stat()
        except OSError:
            continue
        touched[str(path)] = (st.st_mtime_ns, st.st_size)
    return touched


# Niceness added to the background PDF workers: on two cores, MkDocs' rebuild of the saved
# pages (what the reader waits for) gets the processor first.
PDF_NICENESS = 10


def _behind_the_pages(pool: PdfPool) -> None:
    """Lower the priority of the pool's workers (started now if they were starting)."""
    for pid in pool.pids:
        try:
            current = os.getpriority(os.PRIO_PROCESS, pid)
            os.setpriority(os.PRIO_PROCESS, pid, min(19, current + PDF_NICENESS))
        except OSError:  # already ended, or not allowed: they only run sooner
            pass


class Apercu:
    """One regeneration at a time; the deferred PDFs of the last good save in the background,
    written only if no newer save came meanwhile (its own PDFs follow)."""

    def __init__(self, project: Project, framework: Path, display_root: str) -> None:
        self.project = project
        self.framework = framework
        self.display_root = display_root
        self._lock = threading.Lock()
        self._generation = 0
        self._worker: threading.Thread | None = None
        self._pool: PdfPool | None = None
        self._stopping = False
        self.touched: Stamp = {}  # pages touched by the last regeneration (not edits)
        self.dossiers_lies: tuple[Path, ...] = ()  # linked frameworks read: watched too

    def regenerate(self) -> bool:
        with self._lock:
            self._generation += 1
            self.touched = {}
            before = _stamp(self.project.generated_support)
            with project_lock(self.project.root / ".cache", sys.stdout):  # not during a build
                result = generate(self.project, self.framework, self.display_root,
                                  progress=terminal_progress(), defer_pdf=True, beside=True)
            self.dossiers_lies = result.dossiers_lies
            report(result.diagnostics)
            if not result.ok:
                if result.message and not has_errors(result.diagnostics):
                    print(f"Modification refusée : {result.message}.", file=sys.stderr,
                          flush=True)
                print("Modification refusée : le site affiché reste la dernière version "
                      "valide.", file=sys.stderr, flush=True)
                return False
            support_changed = _stamp(self.project.generated_support) != before
            if support_changed:
                self.touched = mark_every_page_changed(self.project.content)
            if result.written or support_changed:
                # Nothing written (a hand-written page saved, a save that changes no page):
                # MkDocs sees the saved file itself; one more rebuild would only delay it.
                self._done(self._generation)
            # Files, as « build » says: pages, navigation, the site's script or stylesheet.
            print(f"Référentiel valide : {pluriel(result.written, 'fichier')} mis à jour.",
                  flush=True)
            if result.pending:
                nouveaux = len(result.pdfs.stand_ins)  # a PDF, or the zip, seen for the 1st time
                attente = "les précédentes restent en place d'ici là"
                if nouveaux:
                    attente = (pluriel(nouveaux, "nouveau fichier", "nouveaux fichiers")
                               + (" vide" if nouveaux == 1 else " vides") + " jusque-là")
                print(f"Grilles PDF : {pluriel(len(result.pending), 'grille')} à refaire en "
                      f"arrière-plan ({attente}).", flush=True)
                previous = self._worker
                self._worker = threading.Thread(
                    target=self._pdfs_later, args=(self._generation, result, previous),
                    daemon=True)
                self._worker.start()
            elif result.plan:
                print(f"{result.plan.bilan.phrase()} Grilles PDF à jour.", flush=True)
            return True

    def _done(self, generation: int) -> None:
        """Every file of this save is written: one more change that MkDocs watches and that no
        page depends on. A rebuild MkDocs began while the pages were being written (and which
        may have failed on a page changed under it) is followed by one that sees them all."""
        marker = self.project.generated_support / DONE_MARKER
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(f"{generation}\n", encoding="utf-8")

    def _pdfs_later(self, generation: int, result, previous: threading.Thread | None) -> None:
        if previous is not None:
            previous.join()  # one pool at a time: the older job ends first
        if self._stopping or generation != self._generation:
            return  # stopped, or a newer save has its own PDFs to make: no pool started
        with PdfPool() as pool:
            self._pool = pool
            result.plan.start(pool)
            try:
                _behind_the_pages(pool)
                late = result.pdfs.render_later(None)
            except (RenderError, OSError, EOFError) as failed:
                if not self._stopping:
                    print(f"Grilles PDF : {failed}", file=sys.stderr, flush=True)
                return
            finally:
                self._pool = None
        with self._lock:
            if generation != self._generation or self._stopping:
                return  # a newer save has its own PDFs to make
            files = {path.relative_to(GENERATED): data for path, data in late.items()}
            with project_lock(self.project.root / ".cache", sys.stdout):
                write_tree(self.project.generated_pages, files, prune=False)
            print(f"{result.plan.bilan.phrase()} Grilles PDF à jour.", flush=True)

    def stop(self, timeout: float = 2.0) -> None:
        """End the background PDFs: waited for ``timeout`` seconds, then their workers are
        killed (nothing is left running after ``serve``)."""
        self._stopping = True
        worker = self._worker
        if worker is None:
            return
        worker.join(timeout)
        pool = self._pool
        if worker.is_alive() and pool is not None:
            pool.close(kill=True)
        worker.join(timeout)

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the background PDFs (tests)."""
        if self._worker is not None:
            self._worker.join(timeout)
