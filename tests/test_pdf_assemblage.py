"""PDFs assembled from the pages of sheets laid out once (a CCP booklet, a séance sheet with its
grids): WeasyPrint's ``Document.copy`` over the pages of several rendered documents, in the
worker that laid them out.

What a user of the combined PDF relies on: one structure tree under its root, the language,
the PDF/UA identification, every form field of its sheets (two copies of a sheet: two sets of
fields), the pages labelled per sheet, 0 error from the accessibility checker, the same bytes
for the same input; and a worker killed during a lot names the sheet it was laying out.
"""

from __future__ import annotations

import io
from pathlib import Path, PurePosixPath

import pikepdf
import pypdf
import pytest
from outloud import check

from generator.pdf import Impression, lots, make_pdfs
from generator.pdf_pool import PANNE_ENV, Lot, PdfPool, RenderError
from generator.pdf_tags import Retouche

from .test_pdf import long_table, sheet

DIR = "referentiel/grilles/pdf"


def fillable(name: str, titre: str, champs: tuple[str, ...]) -> Impression:
    """A one-page sheet whose blanks are named form fields, with a running header."""
    inputs = "".join(f"<p><label>{c} <input type='text' name='{c}'></label></p>" for c in champs)
    html = ("<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'>"
            f"<title>{titre}</title></head><body><h1>{titre}</h1>"
            f"<form>{inputs}</form></body></html>")
    return Impression(PurePosixPath(f"{DIR}/{name}.pdf"), html, True,
                      etiquette=f"{titre}, feuille ")


def booklet(name: str, parts: tuple[Impression, ...], titre: str = "Livret d'essai",
            remplissable: bool = False) -> Impression:
    return Impression(PurePosixPath(f"{DIR}/{name}.pdf"), "", remplissable, parties=parts,
                      titre=titre, description=f"{titre}, pour le test.")


def field_names(pdf: pikepdf.Pdf) -> list[str]:
    form = pdf.Root.get("/AcroForm")
    return [str(f.T) for f in form.Fields] if form is not None else []


def test_a_combined_pdf_keeps_its_tree_language_identification_and_every_field(
        tmp_path: Path) -> None:
    a = fillable("a", "Grille A", ("stagiaire", "date", "c1"))
    b = fillable("b", "Grille B", ("stagiaire", "date", "c2"))
    # The same grid twice (a séance that prints it for two stagiaires): distinct fields.
    whole = booklet("livret", (a, b, a), remplissable=True)
    pdfs, bilan = make_pdfs([a, b, whole], tmp_path)
    # a and b laid out in one lot; a once more for its second copy (its fields are its own)
    assert bilan.produites == 3 and bilan.remises == 1

    singles = {}
    for part in (a, b):
        with pikepdf.open(io.BytesIO(pdfs[part.path])) as pdf:
            singles[part.path] = field_names(pdf)
    data = pdfs[whole.path]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.Root.Lang == "fr"
        root = pdf.Root.StructTreeRoot
        kids = root.K if isinstance(root.K, pikepdf.Array) else [root.K]
        assert [str(k.S) for k in kids] == ["/Document"]  # one tree, one root element
        headings = [e for e in Retouche(pdf).elements() if e.S == "/H1"]
        assert len(headings) == 3
        with pdf.open_metadata() as meta:
            assert meta.get("pdfuaid:part") == "1"
            assert meta.get("dc:title") == "Livret d'essai"
        names = field_names(pdf)
        assert len(names) == len(set(names)) == 9
        # A name already taken by an earlier sheet takes the rank of its own sheet.
        assert sorted(names) == sorted(
            singles[a.path] + ["stagiaire-2", "date-2", "c2"]
            + [f"{n}-3" for n in singles[a.path]])
        assert sorted(singles[a.path]) == ["c1", "date", "stagiaire"]
    labels = pypdf.PdfReader(io.BytesIO(data)).page_labels
    assert labels == ["Grille A, feuille 1", "Grille B, feuille 1", "Grille A, feuille 1"]

    path = tmp_path / "livret.pdf"
    path.write_bytes(data)
    result = check(str(path))
    assert result.error is None and result.errors == 0, [
        (f.rule, f.message) for f in result.findings if f.severity == "error"]


def test_a_table_over_pages_stays_one_table_per_sheet_in_a_booklet(tmp_path: Path) -> None:
    """Two long grids one after the other: each is one table; the second does not become
    the rest of the first (same columns, same header)."""
    one, two = long_table("un"), long_table("deux")
    whole = booklet("livret", (one, two))
    pdfs, _ = make_pdfs([one, two, whole], tmp_path)
    with pikepdf.open(io.BytesIO(pdfs[whole.path])) as pdf:
        tables = [e for e in Retouche(pdf).elements() if e.S == "/Table"]
        assert len(tables) == 2
        with pikepdf.open(io.BytesIO(pdfs[one.path])) as alone:
            assert len(pdf.pages) == 2 * len(alone.pages)


def test_the_same_booklet_gives_the_same_bytes_in_two_processes(tmp_path: Path) -> None:
    made = []
    for run in range(2):
        a, b = fillable("a", "Grille A", ("c1",)), fillable("b", "Grille B", ("c2",))
        whole = booklet("livret", (a, b))
        pdfs, _ = make_pdfs([a, b, whole], tmp_path / str(run))
        made.append((pdfs[whole.path], pdfs[a.path]))
    assert made[0] == made[1]


def test_a_sheet_in_a_booklet_gives_the_same_bytes_as_alone(tmp_path: Path) -> None:
    """Laid out for a booklet too, a grid's own PDF is what it is rendered alone."""
    a, b = sheet("a", "Grille A"), sheet("b", "Grille B")
    alone, _ = make_pdfs([a], tmp_path / "seule")
    together, _ = make_pdfs([a, b, booklet("livret", (a, b))], tmp_path / "livret")
    assert together[a.path] == alone[a.path]


def test_a_sheet_gives_the_same_bytes_with_its_stylesheet_parsed_once(tmp_path: Path) -> None:
    """The workers parse the print stylesheet once and give it to WeasyPrint beside the HTML
    (``Stylesheets``): the PDFs are those of the HTML with its <style> in place. A blank and a
    fillable grid of the real framework, and the print sheet of an outil with a linked
    certification (its own <style> in its body)."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from generator.pdf_tags import retoucher
    from generator.pipeline import validate_framework
    from generator.render import render_site

    from .site_helpers import REAL_FRAMEWORK

    validation = validate_framework(REAL_FRAMEWORK)
    assert validation.framework is not None
    sheets = [i for i in render_site(validation.framework, [], skip_pdf=False).impressions
              if not i.parties]
    chosen = [next(i for i in sheets if not i.remplissable),
              next(i for i in sheets if i.remplissable),
              next(i for i in sheets if i.html.count("<style>") == 2)]
    made, _ = make_pdfs(chosen, tmp_path)
    fonts = FontConfiguration()
    options = {"pdf_variant": "pdf/ua-1", "uncompressed_pdf": False, "font_config": fonts}
    for impression in chosen:
        assert impression.html.count("<style>") >= 1
        document = weasyprint.HTML(string=impression.html, base_url=None).render(
            pdf_forms=impression.remplissable, **options)
        whole = retoucher(document.write_pdf(pdf_forms=impression.remplissable, **options))
        assert made[impression.path] == whole, impression.path


def test_each_sheet_is_laid_out_once_and_a_booklet_goes_where_its_sheets_are() -> None:
    g = [sheet(f"g{i}", f"Grille {i}") for i in range(5)]
    fiche1, fiche2 = sheet("s1", "Fiche 1"), sheet("s2", "Fiche 2")
    l1, l2 = booklet("l1", (g[0], g[1])), booklet("l2", (g[2], g[3]))
    s1 = booklet("seance-1", (fiche1, g[1]))  # in l1's lot: g1 is laid out there
    s2 = booklet("seance-2", (fiche2, g[0], g[2]))  # g2 laid out again: the only one
    grouped, again = lots([*g, l1, l2, s1, s2])
    assert again == 1
    lot1, lot2, alone = grouped[0], grouped[1], grouped[2:]
    assert isinstance(lot1, Lot) and isinstance(lot2, Lot)
    assert lot1.parts == [g[0], g[1], fiche1, fiche2, g[2]]
    assert [a.sheet for a in lot1.assemblies] == [l1, s1, s2]
    assert [lot1.parts[i] for i in sorted(lot1.published)] == [g[0], g[1]]
    assert lot2.parts == [g[2], g[3]] and lot2.published == {0, 1}
    assert alone == [g[4]]  # a séance's own page is not a PDF of the site: never published


def test_a_worker_killed_in_a_lot_names_the_sheet_it_was_laying_out(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PANNE_ENV, "arret:deuxieme")
    a, b = sheet("premiere", "Première grille"), sheet("deuxieme", "Deuxième grille")
    whole = booklet("livret", (a, b))
    grouped, _ = lots([a, b, whole])
    with PdfPool(1) as pool:
        with pytest.raises(RenderError) as failure:
            list(pool.render(grouped))
    assert "« Deuxième grille » (deuxieme.pdf)" in str(failure.value)
    assert "signal SIGKILL" in str(failure.value)

    monkeypatch.setenv(PANNE_ENV, "arret:livret")
    with pytest.raises(RenderError) as failure:
        make_pdfs([a, b, whole], tmp_path)
    assert "« Livret d'essai » (livret.pdf)" in str(failure.value)
