"""The archive of every blank grid (``grilles-vierges.zip``), made from the PDFs' bytes.

Deterministic: the same PDFs give the same archive, byte for byte (names sorted, a fixed
date, fixed permissions), so that the site does not change when nothing changed.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath

from .grilles import ARCHIVE, Grille
from .write import Lisible, octets

DATE_FIXE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold
DOSSIER = "grilles-vierges"  # the folder the archive opens into


def membres(grilles: Iterable[Grille]) -> dict[str, PurePosixPath]:
    """Name in the archive → the blank PDF's path in the docs directory, sorted by name."""
    noms = {f"{DOSSIER}/{g.pdf.name}": g.pdf for g in grilles}
    return dict(sorted(noms.items()))


def archive(contenu: Mapping[str, PurePosixPath], pdfs: Mapping[PurePosixPath, Lisible]) -> bytes:
    """The zip of ``contenu`` (``membres``), each PDF read from ``pdfs`` (path → its bytes,
    or where the cache keeps them: read one at a time)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for nom, path in sorted(contenu.items()):
            info = zipfile.ZipInfo(nom, date_time=DATE_FIXE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix: the same bytes whatever the machine
            zf.writestr(info, octets(pdfs[path]))
    return buffer.getvalue()


__all__ = ["ARCHIVE", "DOSSIER", "archive", "membres"]
