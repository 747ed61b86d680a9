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
from .export import export_files
from .load import load_content, load_export_schema
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
    rendered = render_site(validation.framework, load_content(project.content, GENERATED),
                           avec_pdf=avec_pdf)
    files: dict = {path.relative_to(GENERATED): text for path, text in rendered.pages.items()}
    files.update(export_files(validation.framework, load_export_schema()))
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


def run_mkdocs(project: Project, site_dir: Path) -> BuildResult:
    """``mkdocs build --strict`` into a temporary folder, swapped in on success."""
    site_dir = site_dir.resolve()
    staging = site_dir.with_name(f".{site_dir.name}.construction")
    if staging.exists():
        shutil.rmtree(staging)
    # Not --quiet: it hides warnings from the counter that makes --strict fail.
    command = [sys.executable, "-m", "mkdocs", "build", "--strict",
               "-f", str(project.config), "-d", str(staging)]
    proc = subprocess.run(command, cwd=project.root, capture_output=True, text=True,
                          env=mkdocs_env(), check=False)
    if proc.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        output = "\n".join(
            line for line in (proc.stdout + proc.stderr).splitlines()
            if line.startswith(("WARNING", "ERROR")) or "Aborted" in line
        )
        return BuildResult(False, [], f"MkDocs a échoué (mode strict) :\n{output}")
    replace_dir(staging, site_dir)
    return BuildResult(True, [])


def build(project: Project, framework: Path, display_root: str, site_dir: Path,
          skip_pdf: bool = False, strict: bool = False, out=sys.stdout) -> BuildResult:
    start = time.perf_counter()
    result = generate(project, framework, display_root, strict, avec_pdf=not skip_pdf,
                      progress=terminal_progress())
    if not result.ok:
        return result
    if result.pdf:
        print(result.pdf, file=out)
    print(f"Pages générées ({result.written} fichier(s) mis à jour).", file=out)
    site = run_mkdocs(project, site_dir)
    if not site.ok:
        return BuildResult(False, result.diagnostics, site.message)
    elapsed = time.perf_counter() - start
    index = site_dir / "index.html"
    print(f"Site construit en {elapsed:.1f} s : ouvrez {index} dans votre navigateur.", file=out)
    return BuildResult(True, result.diagnostics)
