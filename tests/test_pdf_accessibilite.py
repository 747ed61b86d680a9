"""Every PDF of the built site read by an accessibility checker that understands the structure
tree (``outloud``, PDF/UA-1 and WCAG 2.2): no error on any PDF, and every remaining warning rule
listed, with the reason it is accepted, in tests/pdf_accessibilite_admis.toml. That list can
only shrink: a listed rule that no PDF raises any more fails, asking to remove it.

Also what a screen reader relies on in our sheets: header cells with their /Scope, one table
per table even across pages, running headers and page numbers out of the reading order, and
form fields named once per PDF with a name a reader can say.
"""

from __future__ import annotations

import io
import tomllib
from collections import defaultdict
from pathlib import Path

import pdfua
import pikepdf
import pypdf
import pytest
from outloud import check

from generator.pdf_tags import CASE, Retouche, cells, kids, rows

from .site_helpers import REAL_FRAMEWORK, FrameworkData

pytest_plugins = ["tests.conftest_site"]

ADMIS = Path(__file__).with_name("pdf_accessibilite_admis.toml")


def site_pdfs(site: Path) -> list[Path]:
    return sorted(site.rglob("*.pdf"))


@pytest.fixture(scope="module")
def checked(real_site) -> dict[Path, object]:
    pdfs = site_pdfs(real_site.site)
    assert len(pdfs) > 100  # every grid, booklet, séance sheet and the Dossier professionnel
    return {path: check(str(path)) for path in pdfs}


def test_no_pdf_has_an_accessibility_error(checked) -> None:
    problems = [f"{path.name}: illisible ({result.error})" for path, result in checked.items()
                if result.error]
    problems += [f"{path.name} p.{f.page}: {f.rule} {f.message}"
                 for path, result in checked.items() for f in result.findings
                 if f.severity == "error"]
    assert problems == []


def test_every_warning_rule_is_listed_with_its_reason_and_the_list_only_shrinks(checked) -> None:
    admis = tomllib.loads(ADMIS.read_text(encoding="utf-8"))
    assert all(isinstance(v, dict) and len(v.get("raison", "")) > 40 for v in admis.values())
    seen: dict[str, set[str]] = defaultdict(set)
    for path, result in checked.items():
        for finding in result.findings:
            if finding.severity == "warning":
                seen[finding.rule].add(f"{path.name}: {finding.message}")
    unlisted = {rule: sorted(where)[:3] for rule, where in seen.items() if rule not in admis}
    assert unlisted == {}, "avertissement nouveau : corrigez-le ou justifiez-le dans " + ADMIS.name
    gone = sorted(set(admis) - set(seen))
    assert gone == [], f"ces règles ne se déclenchent plus : retirez-les de {ADMIS.name}"


# -- the structure a reader walks ------------------------------------------------------------------

def structure(path: Path) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(path.read_bytes()))


def elements(pdf: pikepdf.Pdf) -> list:
    """Every structure element the tree reaches from its root."""
    return Retouche(pdf).elements()


def test_header_cells_say_what_they_head(real_site) -> None:
    """A compétence grid on two pages: one criteria table, every header cell scoped, the
    criteria's row headers under the corner cell, the repeated header row an artifact."""
    pdf_dir = real_site.site / "referentiel" / "grilles" / "pdf"
    long_ones = [p for p in sorted(pdf_dir.glob("competence-*-evaluateur.pdf"))
                 if len(pikepdf.open(p).pages) > 1]
    assert long_ones
    with structure(long_ones[0]) as pdf:
        tables = [e for e in elements(pdf) if e.S == "/Table"]
        criteres = [t for t in tables if any(g == "/THead" for g, _ in rows(t))]
        assert len(criteres) == 1, "le tableau des critères coupé en deux tableaux"
        scopes = {(g, str(c.A.Scope)) for t in tables for g, tr in rows(t) for c in cells(tr)
                  if c.S == "/TH"}
        assert ("/THead", "/Column") in scopes and ("/TBody", "/Row") in scopes
        assert all(c.A.get("/Scope") is not None for t in tables for _, tr in rows(t)
                   for c in cells(tr) if c.S == "/TH")
        corner = cells(next(tr for g, tr in rows(criteres[0]) if g == "/THead"))[0]
        body = [cells(tr)[0] for g, tr in rows(criteres[0]) if g == "/TBody"]
        assert all(list(c.A.Headers) == [corner.ID] for c in body)
        pages = {int(tr.Pg.objgen[0]) for g, tr in rows(criteres[0]) if g == "/TBody"}
        assert len(pages) > 1  # the one table goes on over the page break
        ids = dict(pikepdf.NameTree(pdf.Root.StructTreeRoot.IDTree).items())
        assert str(corner.ID) in ids


def test_page_numbers_and_running_headers_are_artifacts(real_site) -> None:
    path = real_site.site / "referentiel" / "grilles" / "pdf" / "livret-ccp1.pdf"
    with structure(path) as pdf:
        reached = {e.objgen for e in elements(pdf)}
        for page in pdf.pages:
            content = b"".join(s.read_bytes() for s in (
                page.obj.Contents if isinstance(page.obj.Contents, pikepdf.Array)
                else [page.obj.Contents]))
            assert content.count(b"/Artifact\n<</Type /Pagination>>\nBDC") >= 3  # header, footer
            owners = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)[
                int(page.obj.StructParents)]
            assert all(o is None or o.objgen in reached for o in owners)


def test_blank_tick_boxes_are_named_for_screen_readers(real_site) -> None:
    path = real_site.site / "referentiel" / "grilles" / "pdf" / "ccp-ccp1-evaluateur.pdf"
    with structure(path) as pdf:
        spans = [e for e in elements(pdf) if e.S == "/Span" and not kids(e)]
        assert spans and all(str(e.Alt) == CASE for e in spans)


def fields(pdf: pikepdf.Pdf) -> list:
    """Every terminal form field: (full name, its accessible name)."""
    out = []

    def walk(field, prefix: str) -> None:
        name = f"{prefix}.{field.T}" if prefix and "/T" in field else str(field.get("/T", prefix))
        children = [k for k in field.get("/Kids", []) if "/T" in k]
        if children:
            for kid in children:
                walk(kid, name)
        else:
            out.append((name, str(field.get("/TU", ""))))

    for field in pdf.Root.AcroForm.Fields:
        walk(field, "")
    return out


def test_form_fields_are_named_once_per_pdf_with_a_name_a_reader_says(real_site) -> None:
    fillable = sorted(real_site.site.rglob("*remplissable.pdf")) + sorted(
        real_site.site.rglob("dossier-professionnel-a-remplir.pdf"))
    assert len(fillable) > 50
    for path in fillable:
        with structure(path) as pdf:
            named = fields(pdf)
            names = [n for n, _ in named]
            assert named and len(names) == len(set(names)), path.name
            assert all(tu.strip() and tu != n for n, tu in named), path.name


def test_booklets_and_seance_sheets_are_assembled_from_their_grids(real_site) -> None:
    """A booklet or a séance PDF is made of the pages of its grids (laid out once): one tree
    under its root element, the language, the PDF/UA identification, its own title, the pages
    of each grid labelled by that grid, as many pages as its grids, and no field (blank grids)."""
    pdf_dir = real_site.site / "referentiel" / "grilles" / "pdf"
    assembled = sorted(pdf_dir.glob("livret-*.pdf")) + sorted(pdf_dir.glob("seance-*.pdf"))
    assert len(assembled) > 30
    for path in assembled:
        with structure(path) as pdf:
            root = pdf.Root.StructTreeRoot.K
            assert [str(k.S) for k in (root if isinstance(root, pikepdf.Array) else [root])] \
                == ["/Document"], path.name
            assert pdf.Root.Lang == "fr", path.name
            with pdf.open_metadata() as meta:
                assert meta.get("pdfuaid:part") == "1", path.name
                assert meta.get("dc:title", "").startswith(("Livret", "Fiche de séance")), path.name
            names = [n for n, _ in fields(pdf)] if "/AcroForm" in pdf.Root else []
            assert len(names) == len(set(names)), path.name
        labels = pypdf.PdfReader(path).page_labels
        assert all(", feuille " in label for label in labels), (path.name, labels[:3])
    real = FrameworkData(REAL_FRAMEWORK)
    ccp = real.ccps[0]
    grids = [f"ccp-{ccp['id']}-tuteur.pdf"] + [
        f"competence-{c['id']}-tuteur.pdf" for c in real.competences if c["ccp"] == ccp["id"]]
    booklet = pypdf.PdfReader(pdf_dir / f"livret-{ccp['id']}-tuteur.pdf")
    sizes = [len(pypdf.PdfReader(pdf_dir / g).pages) for g in grids]
    assert len(booklet.pages) == sum(sizes)
    labels = booklet.page_labels
    starts = [sum(sizes[:k]) for k in range(len(sizes))]
    assert [labels[s] for s in starts] == [
        f"Synthèse du CCP {ccp['numero']} · Tuteur, feuille 1"] + [
        f"Compétence {c['numero']} · Tuteur, feuille 1"
        for c in real.competences if c["ccp"] == ccp["id"]]


def test_assembled_pdfs_pass_the_second_checker_without_error(real_site) -> None:
    """``pdfua`` (it ignores the /Headers links, hence kept to errors) on every booklet and
    séance sheet: the PDFs this build assembles from pages laid out elsewhere."""
    pdf_dir = real_site.site / "referentiel" / "grilles" / "pdf"
    assembled = sorted(pdf_dir.glob("livret-*.pdf")) + sorted(pdf_dir.glob("seance-*.pdf"))
    problems = [f"{path.name}: {f.rule_id} {f.message}"
                for path in assembled for f in pdfua.validate(str(path)).findings
                if f.severity == pdfua.Severity.ERROR]
    assert problems == []
