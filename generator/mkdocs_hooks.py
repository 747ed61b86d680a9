"""Thin MkDocs adapter (listed under ``hooks:`` in mkdocs.yml; Zensical ignores it). It makes
the site's search index from the sections Material's search plugin parsed (then drops
Material's own index, which no page loads), keeps words apart at line breaks, and makes the 404
page work from disk; under ``--dirty`` (``serve``), the index keeps the pages MkDocs did not
rebuild. The theme's templates are compiled once, kept in ``.cache/`` (a rebuild
under ``serve`` made them again each time: 0.4 s of each preview).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from mkdocs.plugins import event_priority

from generator.search import INDEX_SCRIPT, build_index, index_script, spaced_line_breaks

# Written by « python -m generator build » beside the navigation (render.SIGLES_FILE).
_SIGLES = Path(".generated") / "sigles.json"


def _root_url(site_url: str | None) -> re.Pattern[str]:
    """Links from the server root, « /assets/… » (or « /referentiel/assets/… » under the path
    of ``build --base-url``)."""
    path = urlsplit(site_url).path.rstrip("/") if site_url else ""
    return re.compile(r'((?:href|src)="|"(?:base|search)": ")' + re.escape(path) + r'/(?!/)')


# Beside the generator's own compiled templates (build.Project.template_cache).
_THEME_CACHE = Path(".cache") / "gabarits-theme"


def on_env(env: jinja2.Environment, *, config, **kwargs) -> jinja2.Environment:
    """The theme's compiled templates, kept between builds (checked against their source)."""
    folder = Path(config["config_file_path"]).parent / _THEME_CACHE
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return env  # an unwritable project: compiled every time, as before
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
    return env


def on_page_content(html: str, **kwargs) -> str:
    return spaced_line_breaks(html)


def on_post_template(output_content: str, *, template_name: str, config, **kwargs) -> str:
    """MkDocs links the 404 page from the server root (« /assets/… »): opened from disk it would
    have neither styles nor scripts. The site is read from file://: its links are made relative
    (404.html sits at the root of the site)."""
    if template_name != "404.html":
        return output_content
    return _root_url(config.get("site_url")).sub(r"\1./", output_content)


def _sigles(config) -> dict[str, str]:
    path = Path(config["config_file_path"]).parent / _SIGLES
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


# A ``--dirty`` build (``serve``) rebuilds only the pages whose source changed, and Material's
# search plugin indexes only those: the sections of the others are kept here between builds.
_SECTIONS = Path(".cache") / "recherche-sections.json"
_dirty = False
_pages: dict[str, int] = {}  # this build's pages (URL → rank) …
_skipped: set[str] = set()  # … and those a dirty build may leave as they are


def on_startup(*, command: str, dirty: bool, **kwargs) -> None:
    global _dirty
    _dirty = dirty


def on_files(files, **kwargs):
    global _pages, _skipped
    pages = files.documentation_pages()
    _pages = {f.url: rank for rank, f in enumerate(pages)}
    _skipped = {f.url for f in pages if not f.is_modified()} if _dirty else set()
    return files


def _page(doc: dict) -> str:
    return str(doc.get("location", "")).partition("#")[0]


def _every_section(docs: list[dict], config) -> list[dict]:
    """Under ``--dirty``, the sections of the pages this build left as they were, from the
    previous build, with those it indexed: the index still holds every page."""
    if not _dirty:
        return docs
    kept = Path(config["config_file_path"]).parent / _SECTIONS
    built = {_page(doc) for doc in docs}
    try:
        previous = json.loads(kept.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = []
    docs = [doc for doc in previous if _page(doc) in _skipped and _page(doc) not in built] + docs
    docs.sort(key=lambda doc: _pages.get(_page(doc), len(_pages)))  # stable: sections in order
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(json.dumps(docs, ensure_ascii=False), encoding="utf-8")
    except OSError:
        pass  # the next dirty build indexes only its own pages, as MkDocs does
    return docs


@event_priority(-50)  # after the search plugin wrote its index
def on_post_build(config, **kwargs) -> None:
    site = Path(config["site_dir"])
    material = site / "search" / "search_index.json"
    if not material.is_file():
        return
    found = json.loads(material.read_text(encoding="utf-8"))
    found["docs"] = _every_section(found.get("docs", []), config)
    index = build_index(found, _sigles(config))
    (site / INDEX_SCRIPT).write_text(index_script(index), encoding="utf-8")
    material.unlink()
