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
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic
from .load import load_content
from .pdf import make_pdfs, terminal_progress
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
    pdf: str = ""  # « Grilles PDF : X produites, Y reprises du cache. »


def generate(project: Project, framework: Path, display_root: str, strict: bool = False,
             avec_pdf: bool = True, progress=None) -> BuildResult:
    """Validate, render, make the PDFs, then write the generated files. Nothing is written
    to the docs folder on failure (the PDF cache keeps what it rendered)."""
    validation = validate_framework(framework, display_root)
    if validation.failed(strict):
        return BuildResult(False, validation.diagnostics, "le référentiel contient des erreurs")
    assert validation.framework is not None
    project.template_cache.mkdir(parents=True, exist_ok=True)
    rendered = render_site(validation.framework, load_content(project.content, GENERATED),
                           avec_pdf=avec_pdf, template_cache=project.template_cache)
    files: dict = {path.relative_to(GENERATED): text for path, text in rendered.pages.items()}
    phrase = ""
    if avec_pdf:
        pdfs, bilan = make_pdfs(rendered.impressions, project.pdf_cache, progress)
        files.update({path.relative_to(GENERATED): data for path, data in pdfs.items()})
        phrase = bilan.phrase()
    written = write_tree(project.generated_pages, files)
    written += write_tree(project.generated_support, rendered.support)
    return BuildResult(True, validation.diagnostics, written=written, pdf=phrase)


def mkdocs_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    env.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
    return env


# The MkDocs process is started before generation and imports MkDocs, Material and the
# Markdown extensions while the pages are generated (two cores: the engine's start-up no
# longer adds to the generator's time); it runs « mkdocs build » only when told « go ».
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


class MkDocsRun:
    """``mkdocs build --strict`` into a temporary folder, swapped in on success: started
    early (imports only), built by ``finish`` once the pages are written, or ``cancel``ed."""

    def __init__(self, project: Project, site_dir: Path) -> None:
        self.site_dir = site_dir.resolve()
        self.staging = self.site_dir.with_name(f".{self.site_dir.name}.construction")
        # Not --quiet: it hides warnings from the counter that makes --strict fail.
        command = [sys.executable, "-c", _MKDOCS_RUNNER, "build", "--strict",
                   "-f", str(project.config), "-d", str(self.staging)]
        self.proc = subprocess.Popen(command, cwd=project.root, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env=mkdocs_env())

    def cancel(self) -> None:
        self.proc.communicate("stop\n")

    def finish(self) -> BuildResult:
        if self.staging.exists():
            shutil.rmtree(self.staging)
        stdout, stderr = self.proc.communicate("go\n")
        if self.proc.returncode != 0:
            shutil.rmtree(self.staging, ignore_errors=True)
            output = "\n".join(
                line for line in (stdout + stderr).splitlines()
                if line.startswith(("WARNING", "ERROR")) or "Aborted" in line
            )
            return BuildResult(False, [], f"MkDocs a échoué (mode strict) :\n{output}")
        replace_dir(self.staging, self.site_dir)
        return BuildResult(True, [])


def run_mkdocs(project: Project, site_dir: Path) -> BuildResult:
    """``mkdocs build --strict`` into a temporary folder, swapped in on success."""
    return MkDocsRun(project, site_dir).finish()


def build(project: Project, framework: Path, display_root: str, site_dir: Path,
          skip_pdf: bool = False, strict: bool = False, out=sys.stdout) -> BuildResult:
    start = time.perf_counter()
    mkdocs = MkDocsRun(project, site_dir)
    try:
        result = generate(project, framework, display_root, strict, avec_pdf=not skip_pdf,
                          progress=terminal_progress())
    except BaseException:
        mkdocs.cancel()
        raise
    if not result.ok:
        mkdocs.cancel()
        return result
    if result.pdf:
        print(result.pdf, file=out)
    print(f"Pages générées ({result.written} fichier(s) mis à jour).", file=out)
    site = mkdocs.finish()
    if not site.ok:
        return BuildResult(False, result.diagnostics, site.message)
    elapsed = time.perf_counter() - start
    index = site_dir / "index.html"
    print(f"Site construit en {elapsed:.1f} s : ouvrez {index} dans votre navigateur.", file=out)
    return BuildResult(True, result.diagnostics)
