"""``build`` and the pieces ``serve`` reuses: validate, render, write, then MkDocs.

The generated Markdown goes to content/referentiel/ (gitignored, written only when changed);
MkDocs builds into a temporary folder beside the site, which replaces the site only when
everything succeeded: a failed build leaves the previous site byte-identical.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .diagnostics import Diagnostic
from .export import export_files
from .load import load_content, load_export_schema
from .pdf import Impression, Plan, plan_pdfs, terminal_progress
from .pdf_pool import PdfPool, RenderError
from .pipeline import validate_framework
from .render import render_site
from .views import ROOT
from .write import replace_dir, write_tree

GENERATED = ROOT.name  # content/referentiel/: the generated pages, gitignored


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
        return self.root / ".cache" / "grilles"


@dataclass
class BuildResult:
    ok: bool
    diagnostics: list[Diagnostic]
    message: str = ""
    written: int = 0
    plan: Plan | None = None  # the build's PDFs
    pending: list[Impression] = field(default_factory=list)  # PDFs left to render (deferred)


def _docs_relative(files: dict[PurePosixPath, bytes]) -> dict[PurePosixPath, bytes]:
    return {path.relative_to(GENERATED): data for path, data in files.items()}


def generate(project: Project, framework: Path, display_root: str, strict: bool = False,
             avec_pdf: bool = True, progress=None, defer_pdf: bool = False,
             pool: PdfPool | None = None) -> BuildResult:
    """Validate, render, make the PDFs, then write the generated files. Nothing is written
    to the docs folder on failure (the PDF cache keeps what it rendered).

    ``defer_pdf``: a changed PDF whose previous version is in place is left in ``pending``,
    for ``build`` to render while MkDocs runs; a new one is rendered now, so that every link
    has its target when MkDocs checks it. ``pool``: the PDF workers (started here when there
    is anything to render; a pool of its own otherwise).
    """
    validation = validate_framework(framework, display_root)
    if validation.failed(strict):
        return BuildResult(False, validation.diagnostics, "le référentiel contient des erreurs")
    assert validation.framework is not None
    project.template_cache.mkdir(parents=True, exist_ok=True)
    rendered = render_site(validation.framework, load_content(project.content, GENERATED),
                           avec_pdf=avec_pdf, template_cache=project.template_cache)
    files: dict[PurePosixPath, str | bytes] = {
        path.relative_to(GENERATED): text for path, text in rendered.pages.items()}
    files.update(export_files(validation.framework, load_export_schema()))
    plan, pending, keep = None, [], set()
    if avec_pdf:
        plan = plan_pdfs(rendered.impressions, project.pdf_cache)
        if pool is not None:
            plan.start(pool)
        files.update(_docs_relative(plan.ready))
        if defer_pdf:
            pending = [i for i in plan.todo if (project.content / i.path).is_file()]
        now = [i for i in plan.todo if i not in pending]
        try:
            files.update(_docs_relative(plan.render(now, progress)))
        except RenderError as exc:
            return BuildResult(False, validation.diagnostics, str(exc))
        keep = {i.path.relative_to(GENERATED) for i in pending}
    written = write_tree(project.generated_pages, files, keep=keep)
    written += write_tree(project.generated_support, rendered.support)
    return BuildResult(True, validation.diagnostics, written=written, plan=plan, pending=pending)


def mkdocs_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    env.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
    return env


def _staging(site_dir: Path) -> Path:
    return site_dir.resolve().with_name(f".{site_dir.resolve().name}.construction")


# MkDocs is started before generation: it imports MkDocs, Material and the Markdown
# extensions while the pages are generated (two cores: the engine's start-up no longer adds
# to the generator's time), then runs « mkdocs build » when told « go » (``release_mkdocs``).
_MKDOCS_RUNNER = """\
import importlib, sys
for name in ("mkdocs.__main__", "mkdocs.commands.build", "mkdocs.config.defaults",
             "mkdocs.contrib.search", "material.plugins.search.plugin",
             "material.plugins.offline.plugin", "babel.dates", "babel.support",
             "pygments.formatters", "pymdownx.snippets", "markdown.extensions.abbr",
             "markdown.extensions.admonition", "markdown.extensions.attr_list",
             "markdown.extensions.md_in_html", "markdown.extensions.tables",
             "markdown.extensions.toc", "markdown.extensions.codehilite",
             "markdown.extensions.fenced_code"):
    try:
        importlib.import_module(name)
    except Exception:
        pass
if sys.stdin.readline().strip() != "go":
    sys.exit(0)
sys.argv = ["mkdocs", *sys.argv[1:]]
from mkdocs.__main__ import cli
cli()
"""


def start_mkdocs(project: Project, site_dir: Path) -> subprocess.Popen[str]:
    """A MkDocs process, loaded and waiting for ``release_mkdocs`` (or ``cancel_mkdocs``) to
    run ``mkdocs build --strict`` into a temporary folder beside the site."""
    # Not --quiet: it hides warnings from the counter that makes --strict fail.
    command = [sys.executable, "-c", _MKDOCS_RUNNER, "build", "--strict",
               "-f", str(project.config), "-d", str(_staging(site_dir))]
    return subprocess.Popen(command, cwd=project.root, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=mkdocs_env())


def release_mkdocs(proc: subprocess.Popen[str], site_dir: Path) -> None:
    """The pages are written: MkDocs builds now (in the background)."""
    staging = _staging(site_dir)
    if staging.exists():
        shutil.rmtree(staging)
    assert proc.stdin is not None
    proc.stdin.write("go\n")
    proc.stdin.flush()


def cancel_mkdocs(proc: subprocess.Popen[str]) -> None:
    proc.communicate("stop\n")


def finish_mkdocs(proc: subprocess.Popen[str], site_dir: Path,
                  extra: dict[PurePosixPath, bytes] | None = None) -> BuildResult:
    """Wait for MkDocs; on success add ``extra`` files to the new site and swap it in."""
    stdout, stderr = proc.communicate()
    staging = _staging(site_dir)
    if proc.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        output = "\n".join(
            line for line in (stdout + stderr).splitlines()
            if line.startswith(("WARNING", "ERROR")) or "Aborted" in line
        )
        return BuildResult(False, [], f"MkDocs a échoué (mode strict) :\n{output}")
    if extra:
        write_tree(staging, extra, prune=False)
    replace_dir(staging, site_dir.resolve())
    return BuildResult(True, [])


def run_mkdocs(project: Project, site_dir: Path) -> BuildResult:
    """``mkdocs build --strict`` into a temporary folder, swapped in on success."""
    proc = start_mkdocs(project, site_dir)
    release_mkdocs(proc, site_dir)
    return finish_mkdocs(proc, site_dir)


def build(project: Project, framework: Path, display_root: str, site_dir: Path,
          skip_pdf: bool = False, strict: bool = False, out=sys.stdout) -> BuildResult:
    """Generate, then MkDocs. The PDFs that changed are rendered while MkDocs builds the
    pages (two cores), and join the new site before it replaces the old one."""
    with PdfPool() as pool:
        return _build(project, framework, display_root, site_dir, skip_pdf, strict, out, pool)


def _build(project: Project, framework: Path, display_root: str, site_dir: Path,
           skip_pdf: bool, strict: bool, out, pool: PdfPool) -> BuildResult:
    start = time.perf_counter()
    progress = terminal_progress()
    proc = start_mkdocs(project, site_dir)
    try:
        result = generate(project, framework, display_root, strict, avec_pdf=not skip_pdf,
                          progress=progress, defer_pdf=True, pool=pool)
    except BaseException:
        cancel_mkdocs(proc)
        raise
    if not result.ok:
        cancel_mkdocs(proc)
        return result
    print(f"Pages générées ({result.written} fichier(s) mis à jour).", file=out)
    release_mkdocs(proc, site_dir)
    late: dict[PurePosixPath, bytes] = {}
    try:
        if result.plan and result.pending:
            late = result.plan.render(result.pending, progress)
            write_tree(project.generated_pages, _docs_relative(late), prune=False)
        pool.close()  # every PDF is made: the workers' memory is freed while MkDocs ends
    except RenderError as exc:
        proc.kill()
        proc.communicate()
        shutil.rmtree(_staging(site_dir), ignore_errors=True)
        return BuildResult(False, result.diagnostics, str(exc))
    except BaseException:
        proc.kill()
        proc.communicate()
        shutil.rmtree(_staging(site_dir), ignore_errors=True)
        raise
    site = finish_mkdocs(proc, site_dir, late)
    if result.plan:
        print(result.plan.bilan.phrase(), file=out)
    if not site.ok:
        return BuildResult(False, result.diagnostics, site.message)
    elapsed = time.perf_counter() - start
    index = site_dir / "index.html"
    print(f"Site construit en {elapsed:.1f} s : ouvrez {index} dans votre navigateur.", file=out)
    return BuildResult(True, result.diagnostics)
