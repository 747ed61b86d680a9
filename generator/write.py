"""Stage 6: the only stage that writes. Files are written only when their content changed
(so that ``serve`` does not loop and MkDocs sees stable timestamps), stale generated files
are removed, and the built site replaces the previous one in one atomic exchange.

Every file is written to a temporary name, then renamed: a full disk or a kill never leaves
a truncated file under the final name."""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Protocol

from .app import SW_SOURCE, app_files


class Stored(Protocol):
    """Content kept elsewhere and read when written (a PDF in the cache: ``pdf.Stocke``)."""

    def lire(self) -> bytes: ...


Lisible = str | bytes | Stored


def octets(content: Lisible) -> bytes:
    """The bytes of ``content``: text as UTF-8, stored content read now."""
    if isinstance(content, bytes):
        return content
    if isinstance(content, str):
        return content.encode("utf-8")
    return content.lire()


def write_file(target: Path, data: bytes) -> None:
    """``data`` in ``target``, whole or not at all (temporary file, then rename)."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_tree(root: Path, files: Mapping[PurePosixPath, Lisible], prune: bool = True,
               keep: set[PurePosixPath] | frozenset = frozenset()) -> int:
    """Make ``root`` hold exactly ``files`` (text is written as UTF-8, stored content read
    one file at a time; when ``prune``, nothing else but the paths in ``keep``). Returns how
    many were written."""
    written = 0
    for rel, content in files.items():
        target = root / rel
        data = octets(content)
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        try:
            tmp.write_bytes(data)
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
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


def write_new_tree(target: Path, files: dict[PurePosixPath, str | bytes]) -> int:
    """``target`` made to hold exactly ``files``, built beside it then swapped in: on a full
    disk (or any error) the folder is left as it was, never half-written."""
    staging = target.with_name(f".{target.name}.{os.getpid()}.ecriture")
    shutil.rmtree(staging, ignore_errors=True)
    if target.is_dir():
        shutil.copytree(target, staging, symlinks=True)
    try:
        written = write_tree(staging, files)
        replace_dir(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return written


def backup_of(target: Path) -> Path:
    return target.with_name(f".{target.name}.ancien")


def recover_dir(target: Path) -> None:
    """After a kill between the two renames of a swap (no exchange available): the previous
    folder, kept aside, goes back in place instead of being deleted."""
    backup = backup_of(target)
    if backup.is_dir() and not target.exists():
        os.replace(backup, target)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False if unavailable."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(b))


def replace_dir(new: Path, target: Path) -> None:
    """Put the freshly built ``new`` directory in place of ``target``. With an atomic
    exchange, a kill at any moment leaves the old or the new folder in place; without it,
    the old one waits aside (``recover_dir`` puts it back) until the new one is in place."""
    recover_dir(target)
    if target.is_dir() and not target.is_symlink() and _exchange(new, target):
        shutil.rmtree(new)
        return
    backup = backup_of(target)
    if backup.exists():
        shutil.rmtree(backup)
    if target.exists():
        os.replace(target, backup)
    os.replace(new, target)
    if backup.exists():
        shutil.rmtree(backup)


def write_app(site: Path, sigle: str) -> int:
    """The built site made an app (generator/app.py): every HTML page gets its policy, and the
    manifest, icons and service worker are added. Returns how many files were written."""
    files = {PurePosixPath(path.relative_to(site).as_posix()): path.read_bytes()
             for path in sorted(site.rglob("*")) if path.is_file()}
    return write_tree(site, app_files(files, sigle, SW_SOURCE.read_text("utf-8")), prune=False)
