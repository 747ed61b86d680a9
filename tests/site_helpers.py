"""Building the site in a throw-away project, and reading the built HTML as a reader sees it.

The session fixtures that use these helpers are in tests/conftest_site.py.

Never builds into the repository's own content/referentiel/ or site/: every build happens in a
temporary project holding a copy of mkdocs.yml and content/ and a link to generator/.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from filelock import FileLock

ROOT = Path(__file__).resolve().parent.parent
REAL_FRAMEWORK = ROOT / "framework"
LINKED_FRAMEWORKS = ROOT / "frameworks"  # the certifications framework/ links (titre.yml)


def copy_real_framework(dest: Path) -> Path:
    """A copy of the real framework at ``dest``, with the frameworks it links beside it (its
    titre.yml names them by a path relative to its folder: « ../frameworks/cap-aepe »)."""
    shutil.copytree(REAL_FRAMEWORK, dest)
    linked = Path(dest).parent / LINKED_FRAMEWORKS.name
    if not linked.exists():
        shutil.copytree(LINKED_FRAMEWORKS, linked)
    return Path(dest)
# The other certifications published by the same generator (frameworks/<id>/).
CAP_FRAMEWORK = ROOT / "frameworks" / "cap-aepe"
BASE_FRAMEWORK = ROOT / "tests" / "cases" / "base" / "framework"
# Seconds a test build may take: the real site with its PDFs takes minutes on a shared machine.
BUILD_TIMEOUT = 1800

# A libellé that must be shown as typed: markup (closing the <title> where the page title goes,
# then a script), a table separator and a line break.
HOSTILE = "Repérer </title><script>alert(1)</script> les | freins\nau retour à l'emploi"


# -- building -------------------------------------------------------------------------------------

def make_project(tmp_dir: Path) -> Path:
    """A project folder: copies of mkdocs.yml and content/ (without the generated pages) and a
    link to the real generator/ (mkdocs.yml's ``hooks:`` refers to it)."""
    project = Path(tmp_dir) / "projet"
    if project.exists():
        return project
    project.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    source = ROOT / "content"

    def ignore(directory: str, names: list[str]) -> list[str]:
        return ["referentiel"] if Path(directory) == source else []

    shutil.copytree(source, project / "content", ignore=ignore)
    (project / "generator").symlink_to(ROOT / "generator", target_is_directory=True)
    # the theme's templates (site_templates/theme) are copied by the generator from here
    (project / "site_templates").symlink_to(ROOT / "site_templates", target_is_directory=True)
    return project


# -- PDFs lent between the builds of one test run ------------------------------------------------
# A grid's PDF is cached under the digest of everything it is made from (generator/pdf.py) and
# the same inputs give the same bytes: the builds of a test run lend each other the PDFs they
# rendered, through a folder of the run (PDF_POOL_ENV, set by tests/conftest.py), copied into a
# project's cache before its build and back after it. A test about rendering itself (the
# cache's counts, a worker killed while it renders) builds with ``pdf_pool=False``.
PDF_POOL_ENV = "CIP_TESTS_GRILLES_PRETEES"


def _copy_entries(source: Path, dest: Path) -> None:
    """Cache entries (``KEY.pdf`` then ``KEY.sha256``) of ``source`` that ``dest`` lacks, each
    written whole under a temporary name first: a reader never sees half an entry."""
    names = sorted(p.name for p in source.iterdir() if p.suffix in (".pdf", ".sha256"))
    for name in sorted(names, key=lambda n: n.endswith(".sha256")):
        if not (dest / name).exists():
            dest.mkdir(parents=True, exist_ok=True)
            tmp = dest / f".{name}.{os.getpid()}.pret"
            shutil.copyfile(source / name, tmp)
            os.replace(tmp, dest / name)


def _lend_pdfs(pool: Path, cache: Path, back: bool) -> None:
    """Per certification (one cache folder each): the pool's entries into the project's cache,
    or (``back``) the project's new entries into the pool."""
    source, dest = (cache, pool) if back else (pool, cache)
    if source.is_dir():
        for folder in sorted(p for p in source.iterdir() if p.is_dir()):
            _copy_entries(folder, dest / folder.name)


def build_project(tmp_dir: Path, framework_dir: Path, site_dir: str = "site",
                  extra_args: list[str] | None = None, pdf_pool: bool = True,
                  ) -> tuple[subprocess.CompletedProcess[str], Path]:
    """``python -m generator build`` in the project under ``tmp_dir`` (created on first use).
    Refused under « make check » (CIP_SANS_SITE=1): the test must be marked « site »."""
    if os.environ.get("CIP_SANS_SITE") == "1":
        raise RuntimeError("ce test construit un site : marquez-le @pytest.mark.site (il sort "
                           "de « make check » et reste dans « make test »)")
    project = make_project(tmp_dir)
    lend = pdf_pool and "--skip-pdf" not in (extra_args or []) and os.environ.get(PDF_POOL_ENV)
    pool = Path(os.environ[PDF_POOL_ENV]) if lend else None
    if pool:
        _lend_pdfs(pool, project / ".cache" / "grilles", back=False)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--framework", str(framework_dir),
         "--site-dir", site_dir, *(extra_args or [])],
        cwd=project, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT,
        check=False,
    )
    if pool and proc.returncode == 0:
        _lend_pdfs(pool, project / ".cache" / "grilles", back=True)
    return proc, project


def tree_hashes(directory: Path) -> dict[str, str]:
    """sha256 of every file under ``directory``, by relative path."""
    return {
        path.relative_to(directory).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*")) if path.is_file()
    }


# -- site fixtures shared by the xdist workers of one test run ----------------------------------

def shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of this test run, the same for every xdist worker."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def shared_build(tmp_path_factory: pytest.TempPathFactory, name: str,
                 prepare: Callable[[Path], Path], extra_args: list[str] | None = None,
                 ) -> BuiltSite:
    """``generator build`` of the framework ``prepare(folder)`` returns, done once per test run
    (whatever the number of workers) in the shared folder ``name``; successful or not."""
    root = shared_dir(tmp_path_factory) / f"partage-{name}"
    record = root / "construction.json"
    with FileLock(str(root) + ".lock"):
        if not record.is_file():
            root.mkdir(parents=True, exist_ok=True)
            framework = prepare(root)
            try:
                proc, project = build_project(root, framework, extra_args=extra_args)
            except subprocess.TimeoutExpired as late:  # said once, not rebuilt by each worker
                project = root / "projet"
                proc = subprocess.CompletedProcess(late.cmd, -9, "", f"délai dépassé : {late}")
            record.write_text(json.dumps({
                "args": proc.args, "returncode": proc.returncode, "stdout": proc.stdout,
                "stderr": proc.stderr, "project": str(project), "framework": str(framework)}),
                encoding="utf-8")
    data = json.loads(record.read_text(encoding="utf-8"))
    proc = subprocess.CompletedProcess(data["args"], data["returncode"], data["stdout"],
                                       data["stderr"])
    return BuiltSite(proc, Path(data["project"]), FrameworkData(Path(data["framework"])))


# -- the framework data, read independently of the generator --------------------------------------

def _load(path: Path) -> dict:
    """A framework file as data; when it does not parse, just its id (the build reports why)."""
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except (OSError, yaml.YAMLError):
        data = None
    return data if isinstance(data, dict) else {"id": path.stem}


@dataclass
class FrameworkData:
    root: Path

    def _folder(self, name: str) -> list[dict]:
        folder = self.root / name
        return [_load(p) for p in sorted(folder.glob("*.yml"))] if folder.is_dir() else []

    @cached_property
    def ccps(self) -> list[dict]:
        return self._folder("ccp")

    @cached_property
    def competences(self) -> list[dict]:
        return self._folder("competences")

    @cached_property
    def etapes(self) -> list[dict]:
        return self._folder("parcours")

    @cached_property
    def outils(self) -> list[dict]:
        return self._folder("outils")

    @cached_property
    def titre(self) -> dict:
        return _load(self.root / "titre.yml")

    @cached_property
    def glossaire(self) -> list[dict]:
        return _load(self.root / "glossaire.yml").get("termes", [])

    @cached_property
    def has_ecole(self) -> bool:
        return (self.root / "ecole.yml").is_file()


def fold(text: str) -> str:
    """Lowercase without accents (test-side, independent of generator.text.fold)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def squash(text: str) -> str:
    """Whitespace collapsed, as a reader sees it in the browser."""
    return " ".join(str(text).split())


# -- reading the built HTML -----------------------------------------------------------------------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}
_RESOURCE_ATTRS = {"src", "srcset", "poster", "data", "background"}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.I)


def is_remote(url: str) -> bool:
    url = url.strip().lower()
    return url.startswith(("http:", "https:", "//", "ftp:", "ws:", "wss:"))


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.title = ""
        self.article_depth: int | None = None
        self.article: list[str] = []
        self.headings: list[tuple[str, str]] = []  # (tag, text) in the article
        self._heading: list[str] | None = None
        self._heading_tag = ""
        self.links: list[tuple[str, str, str]] = []  # (href, current h2 text, link text)
        self._link: list[str] | None = None
        self._link_href = ""
        self.resources: list[tuple[str, str, str]] = []  # (tag, attribute, url) loaded
        self.abbrs: list[tuple[str, str]] = []  # (text, title) in the article
        self._abbr: tuple[str, list[str]] | None = None
        self.ids: set[str] = set()
        self.tables: list[list[list[str]]] = []  # article tables: rows of cell texts
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._skip = 0  # inside <script>/<style>/hidden/headerlink
        self._in_title = False
        self.inline_css: list[str] = []

    def _in_article(self) -> bool:
        return self.article_depth is not None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if a.get("id"):
            self.ids.add(a["id"])
        for name in _RESOURCE_ATTRS & a.keys():
            for url in re.split(r",\s*", a[name]) if name == "srcset" else [a[name]]:
                if url.strip():
                    self.resources.append((tag, name, url.strip().split()[0]))
        if tag == "link" and a.get("href"):
            self.resources.append((tag, "href", a["href"]))
        if "style" in a:
            self.inline_css.append(a["style"])
        if tag in _VOID:
            return
        self.stack.append(tag)
        if tag == "title":
            self._in_title = True
        if tag in ("script", "style") or "hidden" in a or "headerlink" in a.get("class", ""):
            self._skip += 1
            self.stack[-1] = f"{tag}#skip"
        content = tag == "article" and "md-content__inner" in a.get("class", "")
        if content and not self._in_article():
            self.article_depth = len(self.stack)
        if not self._in_article():
            if tag == "a" and "href" in a:
                self.links.append((a["href"], "", ""))
            return
        if tag in ("h1", "h2", "h3"):
            self._heading, self._heading_tag = [], tag
        elif tag == "a" and "href" in a:
            self._link, self._link_href = [], a["href"]
        elif tag == "abbr":
            self._abbr = (a.get("title", ""), [])
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not self.stack:
            return
        # Tolerate unclosed tags: pop up to the matching one.
        while self.stack:
            top = self.stack.pop()
            name, _, skip = top.partition("#")
            if skip:
                self._skip -= 1
            if self.article_depth is not None and len(self.stack) < self.article_depth:
                self.article_depth = None
            if name == tag:
                break
        if tag == "title":
            self._in_title = False
        if not self._in_article() and tag != "article":
            return
        if tag in ("h1", "h2", "h3") and self._heading is not None:
            self.headings.append((self._heading_tag, squash("".join(self._heading))))
            self._heading = None
        elif tag == "a" and self._link is not None:
            h2 = next((t for k, t in reversed(self.headings) if k == "h2"), "")
            self.links.append((self._link_href, h2, squash("".join(self._link))))
            self._link = None
        elif tag == "abbr" and self._abbr is not None:
            self.abbrs.append((squash("".join(self._abbr[1])), self._abbr[0]))
            self._abbr = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(squash("".join(self._cell)))
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._skip:
            if self.stack and self.stack[-1].startswith("style"):
                self.inline_css.append(data)
            return
        if not self._in_article():
            return
        self.article.append(data)
        for buffer in (self._heading, self._link, self._cell):
            if buffer is not None:
                buffer.append(data)
        if self._abbr is not None:
            self._abbr[1].append(data)


@dataclass
class Page:
    """What a reader gets from one built HTML page."""

    path: Path
    raw: str
    title: str = ""
    text: str = ""  # the article's visible text, whitespace collapsed
    headings: list[tuple[str, str]] = field(default_factory=list)
    links: list[tuple[str, str, str]] = field(default_factory=list)
    resources: list[tuple[str, str, str]] = field(default_factory=list)
    abbrs: list[tuple[str, str]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    tables: list[list[list[str]]] = field(default_factory=list)
    inline_css: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> Page:
        raw = path.read_text(encoding="utf-8")
        parser = _PageParser()
        parser.feed(raw)
        parser.close()
        return cls(path, raw, squash(parser.title), squash("".join(parser.article)),
                   parser.headings, parser.links, parser.resources, parser.abbrs, parser.ids,
                   parser.tables, parser.inline_css)

    @property
    def h1(self) -> str:
        return next((text for tag, text in self.headings if tag == "h1"), "")


def css_urls(css: str) -> list[str]:
    return [a or b for a, b in _CSS_URL.findall(css)]


def resolve_link(page: Path, href: str) -> tuple[Path, str] | None:
    """(target file, fragment) of a relative link, None for external or special links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "tel:", "javascript:")):
        return None
    target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
    return target, unquote(parts.fragment)


@dataclass
class BuiltSite:
    proc: subprocess.CompletedProcess[str]
    project: Path
    framework: FrameworkData

    @property
    def site(self) -> Path:
        return self.project / "site"

    def page(self, relative: str) -> Page:
        return _read_page(self.site / relative)

    def html_files(self) -> list[Path]:
        return sorted(self.site.rglob("*.html"))

    def search_index(self) -> dict:
        """The search index as the browser reads it: the data of search/cip-recherche-index.js."""
        script = (self.site / "search" / "cip-recherche-index.js").read_text(encoding="utf-8")
        data = script[script.index("indexRecherche = ") + len("indexRecherche = "):]
        return json.loads(data[: data.rindex("}") + 1])

    def search_sections(self) -> list[SearchSection]:
        index = self.search_index()
        words: list[list[str]] = [[] for _ in index["docs"]]
        for word, gaps in index["mots"].items():  # word → documents, gaps in base 36
            number = 0
            for gap in gaps.split("."):
                number += int(gap, 36)
                words[number].append(word)
        return [SearchSection(index["pages"][d[0]][0], d[1], index["pages"][d[0]][2],
                              d[2] or index["pages"][d[0]][1], d[3].split(), words[i], d[4])
                for i, d in enumerate(index["docs"])]


@dataclass(frozen=True)
class SearchSection:
    """One section of a page in the search index (see generator/search.py)."""

    page: str
    anchor: str
    weight: float
    title: str
    keywords: list[str]
    words: list[str]
    preview: str

    @property
    def location(self) -> str:
        return f"{self.page}#{self.anchor}" if self.anchor else self.page


_PAGES: dict[Path, Page] = {}


def _read_page(path: Path) -> Page:
    if path not in _PAGES:
        _PAGES[path] = Page.read(path)
    return _PAGES[path]


# -- hostile libellés -----------------------------------------------------------------------------

# Text that lands in a ``title`` (shown as HTML by Material's tooltips), in a link title, in
# an abbreviation definition and in the coverage table's header.
HOSTILE_LINK = "Lien [x](javascript:alert(2)) « \"guillemets\" » 'apostrophes' | barre <b>gras</b>"
HOSTILE_DEFINITION = "Déf <img src=x onerror=alert(3)> & [y](javascript:alert(4))"
HOSTILE_SOURCE = "Fiche du titre (version 'CIP') <img src=x onerror=alert(5)>"
HOSTILE_URL = 'https://exemple.invalid/a)b"onmouseover="alert(6)\'<x>'  # closes link, attribute


def _dump(path: Path, data: object) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def hostile_framework(dest: Path) -> Path:
    """The base test framework with HOSTILE in cp01's intitulé (on one line: the schema
    refuses a line break in a title) and first criterion, HOSTILE_LINK as cp02's intitulé,
    HOSTILE_DEFINITION in the glossary, HOSTILE_SOURCE as a source title, and a séance (for
    the coverage page, whose table header shows the compétences in tooltips)."""
    framework = Path(dest) / "framework"
    shutil.copytree(BASE_FRAMEWORK, framework)
    path = framework / "competences" / "cp01.yml"
    data = _load(path)
    data["intitule"] = " ".join(HOSTILE.split())
    data["criteres"][0]["libelle"] = HOSTILE
    _dump(path, data)
    path = framework / "competences" / "cp02.yml"
    data = _load(path)
    data["intitule"] = HOSTILE_LINK
    _dump(path, data)
    path = framework / "glossaire.yml"
    data = _load(path)
    data["termes"][0]["definition"] = HOSTILE_DEFINITION
    _dump(path, data)
    path = framework / "sources.yml"
    data = _load(path)
    data["sources"][0]["titre"] = HOSTILE_SOURCE
    data["sources"][0]["titre_court"] = HOSTILE_SOURCE  # the tooltips show the short title
    data["sources"][0]["url"] = HOSTILE_URL
    _dump(path, data)
    (framework / "seances").mkdir()
    _dump(framework / "seances" / "s01-piege.yml", {
        "id": "s01-piege", "intitule": "Séance piégée", "semaine": 1, "duree": 3,
        "lieu": "ecole", "formateur": "Formateur", "objectifs": ["Repérer les pièges."],
        "deroule": [{"titre": "Étape", "duree": 180}], "competences": ["cp01", "cp02"],
        "sources": ["equipe-pedagogique"]})
    return framework


# Authored text that closes a script element or opens an HTML comment inside one: a page's data
# island (<script type="application/json">) must survive it.
HOSTILE_SCRIPT = "Informer <!-- note --> </script><script>alert(7)</script> & <b>x</b> » fin"
HOSTILE_TOOLTIP = "Modèle <img src=x onerror=alert(8)> « 2016 »"


def hostile_dp_framework(dest: Path) -> Path:
    """The real framework (it has a Dossier professionnel) with HOSTILE_SCRIPT as cp01's
    intitulé and HOSTILE_TOOLTIP as the short title of the DP's first source."""
    framework = Path(dest) / "framework"
    copy_real_framework(framework)
    path = framework / "competences" / "cp01.yml"
    data = _load(path)
    data["intitule"] = HOSTILE_SCRIPT
    _dump(path, data)
    first = _load(framework / "dossier_professionnel.yml")["sources"][0]
    path = framework / "sources.yml"
    data = _load(path)
    for source in data["sources"]:
        if source["id"] == first:
            source["titre_court"] = HOSTILE_TOOLTIP
    _dump(path, data)
    return framework
