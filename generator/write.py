"""Stage 6: the only stage that writes. Files are written only when their content changed
(so that ``serve`` does not loop and MkDocs sees stable timestamps), stale generated files
are removed, and the built site replaces the previous one in one rename."""

from __future__ import annotations

import os
import shutil
from pathlib import Path, PurePosixPath


def write_tree(root: Path, files: dict[PurePosixPath, str | bytes], prune: bool = True,
               keep: set[PurePosixPath] | frozenset = frozenset()) -> int:
    """Make ``root`` hold exactly ``files`` (text is written as UTF-8; when ``prune``, nothing
    else but the paths in ``keep``). Returns how many were written."""
    written = 0
    for rel, content in files.items():
        target = root / rel
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        written += 1
    if prune and root.is_dir():
        wanted = {root / rel for rel in files} | {root / rel for rel in keep}
        for dirpath, _dirnames, filenames in os.walk(root, topdown=False):
            for name in filenames:
                path = Path(dirpath, name)
                if path not in wanted:
                    path.unlink()
            if dirpath != str(root) and not os.listdir(dirpath):
                os.rmdir(dirpath)
    return written


def replace_dir(new: Path, target: Path) -> None:
    """Put the freshly built ``new`` directory in place of ``target``."""
    old = target.with_name(f".{target.name}.ancien")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    if old.exists():
        shutil.rmtree(old)
