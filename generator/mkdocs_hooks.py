"""Thin MkDocs adapter (listed under ``hooks:`` in mkdocs.yml; Zensical ignores it and has
accent-insensitive search of its own). It only makes the search index accent-insensitive."""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.plugins import event_priority

from generator.search import fold_index


@event_priority(-50)  # after the search plugin wrote its index, before offline inlines it (-100)
def on_post_build(config, **kwargs) -> None:
    path = Path(config["site_dir"]) / "search" / "search_index.json"
    if path.is_file():
        index = fold_index(json.loads(path.read_text(encoding="utf-8")))
        text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        path.write_text(text, encoding="utf-8")
