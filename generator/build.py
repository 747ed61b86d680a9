"""``build`` and the pieces ``serve`` reuses: validate, render, write, then MkDocs.

The generated Markdown goes to content/referentiel/ (gitignored, written only when changed);
MkDocs builds into a temporary folder beside the site, which replaces the site only when
everything succeeded: a failed build leaves the previous site byte-identical.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import assemblage
from .app import THEME_FOLDER, theme_files
from .archive import ARCHIVE, archive
from .diagnostics import Diagnostic, sort_diagnostics
from .export import export_files
from .libelles import pluriel
from .load import load_export_schema, read_content
from .mkdocs_run import MkDocsBuild, MkDocsFailed
from .outputs import project_lock
from .paths import GENERATED
from .pdf import Cache, Contenu, Impression, Plan, plan_pdfs, terminal_progress
from .pdf_pool import PdfPool, RenderError
from .pipeline import validate_framework
from .render import render_site
from .write import recover_dir, write_app, write_tree


@dataclass(frozen=True)
class Project:
    """Where things are: mkdocs.yml, content/ and the generated folders, from the root."""

    root: Path

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def generated_pages(self) -> Path:
        return self.content / GENERATED

    @property
    def generated_support(self) -> Path:
        return self.root / ".generated"

    @property
    def template_cache(self) -> Path:
        return self.root / ".cache" / "gabarits"

    @property
    def pdf_cache(self) -> Path:
        """The PDF caches of every certification built here, one folder each (``cache_of``)."""
        return self.root / ".cache" / "grilles"

    def cache_of(self, titre_id: str) -> Path:
        """The PDF cache of one certification. A build prunes the entries it no longer uses:
        in a folder shared by two certifications (« make site » builds the CIP, then the CAP
        AEPE), each build pruned the other's and every PDF of both was laid out again."""
        return self.pdf_cache / titre_id


@dataclass
class BuildResult:
    ok: bool
    diagnostics: list[Diagnostic]
    message: str = ""
    written: int = 0
    pdfs: _Pdfs | None = None  # the build's PDFs, some perhaps left to render (deferred)
    sigle: str = ""  # the title's short name, for the app's short name
    dossiers_lies: tuple[Path, ...] = ()  # the linked frameworks' folders read (serve watches)

    @property
    def plan(self) -> Plan | None:
        return self.pdfs.plan if self.pdfs else None

    @property
    def pending(self) -> list[Impression]:
        return self.pdfs.later if self.pdfs else []

    def rejected(self, message: str) -> BuildResult:
        return BuildResult(False, self.diagnostics, message)


def _docs_relative(files: dict[PurePosixPath, Contenu]) -> dict[PurePosixPath, Contenu]:
    return {path.relative_to(GENERATED): data for path, data in files.items()}


@dataclass
class _Pdfs:
    """The build's PDFs, split between now (before the pages are written) and later (while
    MkDocs runs). Every call into ``pdf.py`` is here."""

    plan: Plan | None = None
    now: dict[PurePosixPath, Contenu] = field(default_factory=dict)
    later: list[Impression] = field(default_factory=list)
    archive: dict[str, PurePosixPath] = field(default_factory=dict)  # zip of the blank grids
    rendered: dict[PurePosixPath, Contenu] = field(default_factory=dict)  # under content/
    stand_ins: set[PurePosixPath] = field(default_factory=set)  # docs-relative, empty files

    @classmethod
    def make(cls, project: Project, cache_dir: Path, impressions: list[Impression], progress,
             defer: bool, contenu: dict[str, PurePosixPath],
             pool: PdfPool | None = None, beside: bool = False) -> _Pdfs:
        """The cached PDFs and the new ones, rendered now; with ``defer``, a changed PDF whose
        previous version is in place is left for later (with the archive of the blank grids,
        ``contenu``, made once every PDF is there). With ``beside``, every PDF to render is
        left for later, MkDocs seeing an empty file in place of a new one: it needs only the
        link targets of the plan. ``pool``: the build's PDF workers, started here when
        anything is to be rendered (a pool of its own otherwise). Raises ``RenderError`` (one
        French line naming the sheet)."""
        Cache(project.pdf_cache).prune(set())  # the one shared folder of older versions
        plan = plan_pdfs(impressions, cache_dir)
        if pool is not None:
            plan.start(pool)
        if beside:
            later = list(plan.todo)
        elif defer:
            later = [i for i in plan.todo if (project.content / i.path).is_file()]
            if contenu and not (project.content / ARCHIVE).is_file():
                later = []  # no previous archive to keep meanwhile: everything now
        else:
            later = []
        now = dict(plan.ready)
        now.update(plan.render([i for i in plan.todo if i not in later], progress))
        if contenu and not later:
            now[ARCHIVE] = archive(contenu, now)
        pdfs = cls(plan, _docs_relative(now), later, contenu, now)
        pdfs.stand_ins = {path for path in pdfs.keep
                          if not (project.content / GENERATED / path).is_file()}
        return pdfs

    @property
    def keep(self) -> set[PurePosixPath]:
        """Docs-relative files whose previous version stays until the deferred ones are made."""
        deferred = {i.path for i in self.later}
        if deferred and self.archive:
            deferred.add(ARCHIVE)
        return {path.relative_to(GENERATED) for path in deferred}

    def remove_stand_ins(self, docs: Path) -> None:
        """The empty files that stood for new PDFs (a failed build): gone, never published."""
        for path in self.stand_ins:
            target = docs / path
            if target.is_file() and not target.stat().st_size:
                target.unlink()

    def render_later(self, progress) -> dict[PurePosixPath, Contenu]:
        """The deferred PDFs (and then the archive), by path under content/ (as in the site)."""
        if not self.plan or not self.later:
            return {}
        done = self.plan.render(self.later, progress)
        if self.archive:
            done[ARCHIVE] = archive(self.archive, {**self.rendered, **done})
        return done


def generate(project: Project, framework: Path, display_root: str, strict: bool = False,
             skip_pdf: bool = False, progress=None, defer_pdf: bool = False,
             pool: PdfPool | None = None, beside: bool = False) -> BuildResult:
    """Validate, render, make the PDFs, then write the generated files. Nothing is written
    to the docs folder on failure (the PDF cache keeps what it rendered).

    ``defer_pdf``: a changed PDF whose previous version is in place is left in ``pending``,
    for ``build`` to render while MkDocs runs; a new one is rendered now, so that every link
    has its target when MkDocs checks it. ``beside``: every PDF to render is left for later,
    a new one standing as an empty file (removed if the build fails).
    """
    # Gather: validate, read content/ (MkDocs publishes it: the same guards), render, PDFs.
    validation = validate_framework(framework, display_root)
    content = read_content(project.content, GENERATED, project.root, code=assemblage.sources())
    if validation.failed(strict) or content.diagnostics:
        return BuildResult(False, sort_diagnostics(validation.diagnostics + content.diagnostics),
                           "le référentiel contient des erreurs" if validation.failed(strict)
                           else "des fichiers de content/ sont refusés",
                           dossiers_lies=validation.dossiers_lies)
    assert validation.framework is not None
    project.template_cache.mkdir(parents=True, exist_ok=True)
    rendered = render_site(validation.framework, content.pages,
                           skip_pdf=skip_pdf, template_cache=project.template_cache)
    files: dict[PurePosixPath, str | Contenu] = {
        path.relative_to(GENERATED): text for path, text in rendered.pages.items()}
    files.update(export_files(validation.framework, load_export_schema()))
    try:
        pdfs = _Pdfs() if skip_pdf else _Pdfs.make(
            project, project.cache_of(validation.framework.titre.id), rendered.impressions,
            progress, defer_pdf, rendered.archive, pool, beside)
    except RenderError as failed:
        return BuildResult(False, validation.diagnostics, str(failed),
                           dossiers_lies=validation.dossiers_lies)
    files.update(pdfs.now)
    files.update({path: b"" for path in pdfs.stand_ins})
    # Write: the pages (a deferred PDF keeps its previous version), then the support files.
    written = write_tree(project.generated_pages, files, keep=pdfs.keep)
    bundle = {THEME_FOLDER / path: text
              for path, text in assemblage.bundle_files(content.code).items()}
    written += write_tree(project.generated_support,
                          {**rendered.support, **theme_files(), **bundle})
    return BuildResult(True, validation.diagnostics, written=written, pdfs=pdfs,
                       sigle=validation.framework.titre.sigle,
                       dossiers_lies=validation.dossiers_lies)


def build(project: Project, framework: Path, display_root: str, site_dir: Path,
          skip_pdf: bool = False, strict: bool = False, out=sys.stdout,
          base_url: str | None = None) -> BuildResult:
    """Generate, then MkDocs, one build of the project at a time (the generated pages and
    the staging folder are shared): a second build waits for the first. ``base_url``: the
    site's public address (canonical links, sitemap); every link stays relative."""
    with project_lock(project.root / ".cache", out):
        # A build killed between the two renames of its swap left the previous site aside:
        # it goes back in place (never deleted) before anything else.
        recover_dir(site_dir.resolve())
        return _build(project, framework, display_root, site_dir, skip_pdf, strict, out,
                      base_url)


def _build(project: Project, framework: Path, display_root: str, site_dir: Path,
           skip_pdf: bool, strict: bool, out, base_url: str | None = None) -> BuildResult:
    """The PDFs are rendered while MkDocs builds the pages: MkDocs on one core, the PDF
    workers on the others (one more once MkDocs has ended). MkDocs checks the links to the
    PDFs against the plan (a new PDF stands as an empty file meanwhile); the PDFs join the
    new site before it replaces the old one, and if one fails, the whole build fails."""
    start = time.perf_counter()
    progress = terminal_progress()
    result: BuildResult | None = None
    with PdfPool(reserve=1) as pool, MkDocsBuild(project.config, project.root, site_dir,
                                                 site_url=base_url) as mkdocs:
        try:
            result = generate(project, framework, display_root, strict, skip_pdf=skip_pdf,
                              progress=progress, defer_pdf=True, pool=pool, beside=True)
            if not result.ok:
                return result
            print(f"Pages générées ({pluriel(result.written, 'fichier')} mis à jour).",
                  file=out)
            mkdocs.release(on_done=pool.free_reserve)
            try:
                late = result.pdfs.render_later(progress) if result.pdfs else {}
            except RenderError as failed:
                return result.rejected(str(failed))
            pool.close()  # every PDF is made: the workers' memory is freed while MkDocs ends
            if late:
                write_tree(project.generated_pages, _docs_relative(late), prune=False)
                result.pdfs.stand_ins.clear()  # type: ignore[union-attr]
            try:
                mkdocs.finish(late, complete=lambda staging: write_app(staging, result.sigle))
            except MkDocsFailed as failed:
                return result.rejected(str(failed))
            finally:
                if result.plan:
                    print(result.plan.bilan.phrase(), file=out)
        finally:
            if result is not None and result.pdfs is not None:
                result.pdfs.remove_stand_ins(project.generated_pages)
    elapsed = time.perf_counter() - start
    index = site_dir / "index.html"
    print(f"Site construit en {elapsed:.1f} s : ouvrez {index} dans votre navigateur.", file=out)
    return BuildResult(True, result.diagnostics)
