"""Thin MkDocs adapter (listed under ``hooks:`` in mkdocs.yml; Zensical ignores it and has
accent-insensitive search of its own). It prepares the search index (accent-free forms,
editors' pages ranked last, no words glued at line breaks) and makes the 404 page work from disk.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.plugins import event_priority

from generator.search import fold_index, spaced_line_breaks


def _root_url(site_url: str | None) -> re.Pattern[str]:
    """Links from the server root, « /assets/… » (or « /referentiel/assets/… » under the path
    of ``build --base-url``)."""
    path = urlsplit(site_url).path.rstrip("/") if site_url else ""
    return re.compile(r'((?:href|src)="|"(?:base|search)": ")' + re.escape(path) + r'/(?!/)')


def on_page_content(html: str, **kwargs) -> str:
    return spaced_line_breaks(html)


def on_post_template(output_content: str, *, template_name: str, config, **kwargs) -> str:
    """MkDocs links the 404 page from the server root (« /assets/… »): opened from disk it would
    have neither styles nor scripts. The site is read from file://: its links are made relative
    (404.html sits at the root of the site)."""
    if template_name != "404.html":
        return output_content
    return _root_url(config.get("site_url")).sub(r"\1./", output_content)


@event_priority(-50)  # after the search plugin wrote its index, before offline inlines it (-100)
def on_post_build(config, **kwargs) -> None:
    path = Path(config["site_dir"]) / "search" / "search_index.json"
    if path.is_file():
        index = fold_index(json.loads(path.read_text(encoding="utf-8")))
        text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        path.write_text(text, encoding="utf-8")
