"""5. Poids du site à N2 compétences : index de recherche, pages les plus lourdes."""

from __future__ import annotations

from ..contexte import Contexte
from .recherche import recherche

NUMERO = 5
BESOINS = (3,)  # the site built at the largest size


def mesurer(ctx: Contexte) -> None:
    site, n = ctx.site_grand, ctx.synthetiques[-1][0]
    index = site / recherche.INDEX
    pages = sorted(site.rglob("*.html"), key=lambda p: p.stat().st_size, reverse=True)
    total = sum(p.stat().st_size for p in pages)
    rows = [[f"index de recherche ({recherche.INDEX.as_posix()})",
             f"{index.stat().st_size / 1e6:.1f} Mo" if index.is_file() else "absent"]]
    for page in pages[:3]:
        html = page.read_text(encoding="utf-8")
        rows.append([f"page lourde : {page.relative_to(site)}",
                     f"{page.stat().st_size / 1e3:.0f} ko, {html.count('<a ')} liens, "
                     f"{html.count('<tr')} lignes de tableau"])
    rows.append(["pages HTML (nombre, taille totale)", f"{len(pages)}, {total / 1e6:.1f} Mo"])
    ctx.report.add(f"5. Poids du site à {n} compétences", ["mesure", "valeur"], rows,
               ["Le navigateur charge l'index de recherche en entier à la première recherche "
                "(rubrique 9)."])
