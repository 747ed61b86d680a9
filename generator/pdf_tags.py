"""What WeasyPrint 70 leaves out of a PDF's structure tree, added after the render (pikepdf).

- The running headers and footers (page margin boxes) are marked as content that no element of
  the tree holds: they become artifacts (« pagination »), as a reader expects.
- A table broken across pages is tagged as one table per page, its header row tagged again on
  each page: the pieces become one table again, the repeated header rows artifacts.
- Each header cell says what it heads: ``/Scope`` Column or Row (WeasyPrint issue #2508); the
  row headers of the first column name the corner cell as their header.
- A list item whose marker is inside the line gets its body (/LBody) around its text.
- An empty tick box of a printed sheet (the only empty inline element of the print templates)
  is « case à cocher » for a screen reader.
- Each radio group is one form field (WeasyPrint also lists each of its buttons as a field of
  the same name).
- The identifiers that ``/Headers`` refer to are listed in an ``/IDTree`` (ISO 32000-1, 14.7.2).

In a PDF assembled from the pages of several documents (``pdf_pool.assemble``): page labels
per document (« Compétence 3 · Tuteur, feuille 1 »: what a viewer shows; the printed numbers
count each grid's sheets), and a field named like a field of an earlier document takes that
document's rank (« C1 », « C1-2 »): two copies of a grid are two sets of fields, not one.

The rest of the file (fonts, form fields, metadata) is kept as is, and the same input gives the
same bytes.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Iterator

import pikepdf
from pikepdf import Array, Dictionary, Name, NameTree, NumberTree, String

__all__ = ["CASE", "retoucher"]

CASE = "case à cocher"  # what a screen reader says for an empty tick box
# How WeasyPrint (pydyf) opens a marked-content sequence: « /Span\n<</MCID 12>>\nBDC ».
_MARK = re.compile(rb"/[A-Za-z]+\n<</MCID (\d+)>>\nBDC")
_ARTIFACT = b"/Artifact\n<</Type /Pagination>>\nBDC"
_GROUPS = ("/THead", "/TBody", "/TFoot")


def kids(elem: Dictionary) -> list:
    k = elem.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, Array) else [k]


def is_elem(obj: object) -> bool:
    return isinstance(obj, Dictionary) and "/S" in obj


def rows(table: Dictionary) -> Iterator[tuple[str, Dictionary]]:
    """Each row of a table, with the group it is in (« /THead », « /TBody »…, or « »)."""
    for kid in kids(table):
        if not is_elem(kid):
            continue
        if kid.S == "/TR":
            yield "", kid
        elif kid.S in _GROUPS:
            yield from ((str(kid.S), tr) for tr in kids(kid) if is_elem(tr) and tr.S == "/TR")


def cells(tr: Dictionary) -> list[Dictionary]:
    return [c for c in kids(tr) if is_elem(c) and c.S in ("/TH", "/TD")]


def _table_attrs(cell: Dictionary) -> Dictionary:
    """The cell's attribute dictionary of the Table owner (made if absent)."""
    attrs = cell.get("/A")
    if isinstance(attrs, Array):
        for item in attrs:
            if isinstance(item, Dictionary) and item.get("/O") == "/Table":
                return item
    if isinstance(attrs, Dictionary) and attrs.get("/O") == "/Table":
        return attrs
    made = Dictionary(O=Name.Table)
    cell.A = made if attrs is None else Array([attrs, made])
    return made


class Retouche:
    """One PDF's structure tree, retouched in place."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.root = pdf.Root.StructTreeRoot
        self.parents = NumberTree(self.root.ParentTree)
        self.page_index = {page.objgen: i for i, page in enumerate(pdf.pages)}
        self.artifacts: dict[int, set[int]] = defaultdict(set)  # page → MCIDs

    def elements(self) -> list[Dictionary]:
        """Every structure element the tree reaches, in document order."""
        found, stack = [], list(reversed(kids(self.root)))
        while stack:
            elem = stack.pop()
            if is_elem(elem):
                found.append(elem)
                stack.extend(reversed(kids(elem)))
        return found

    def page_of(self, elem: Dictionary) -> int:
        pg = elem.get("/Pg")
        return self.page_index.get(pg.objgen, -1) if pg is not None else -1

    def mcids(self, elem: Dictionary, page: int) -> Iterator[tuple[int, int]]:
        """(page, MCID) of every marked content under ``elem``."""
        page = self.page_of(elem) if "/Pg" in elem else page
        for kid in kids(elem):
            if isinstance(kid, int):
                yield page, kid
            elif is_elem(kid):
                yield from self.mcids(kid, page)
            elif isinstance(kid, Dictionary) and kid.get("/Type") == "/MCR":
                yield (self.page_of(kid) if "/Pg" in kid else page), int(kid.MCID)

    # -- running headers and footers -------------------------------------------------------
    def margin_boxes(self) -> None:
        """Content that the parent tree gives to an element the tree does not reach."""
        reached = {elem.objgen for elem in self.elements()}
        for index, page in enumerate(self.pdf.pages):
            if "/StructParents" not in page.obj:
                continue
            owners = self.parents.get(int(page.obj.StructParents))
            if not isinstance(owners, Array):
                continue
            for mcid, owner in enumerate(owners):
                if is_elem(owner) and owner.objgen not in reached:
                    self.artifacts[index].add(mcid)

    # -- elements broken across pages ------------------------------------------------------
    def join_pages(self) -> None:
        """WeasyPrint tags each page on its own: a section that goes on over the next page is
        two sections, and a table two tables. Two neighbours are one element when the second
        starts with the rest of the first's last element: a table whose next page begins
        with rows of the same columns under the same header."""
        for parent in self.elements():
            k = parent.get("/K")
            if not isinstance(k, Array):
                continue
            i = 0
            while i + 1 < len(k):
                if self._continues(k[i], k[i + 1]):
                    self._join(k[i], k[i + 1])
                    del k[i + 1]
                else:
                    i += 1

    def _continues(self, a: object, b: object) -> bool:
        if not (is_elem(a) and is_elem(b) and a.S == b.S):
            return False
        if a.S == "/Table":
            return self._table_continues(a, b)
        kids_a = [e for e in kids(a) if is_elem(e)]
        kids_b = [e for e in kids(b) if is_elem(e)]
        return bool(kids_a and kids_b) and self._continues(kids_a[-1], kids_b[0])

    def _join(self, a: Dictionary, b: Dictionary) -> None:
        """Put ``b`` (the rest of ``a`` on the next pages) into ``a``."""
        if a.S == "/Table":
            self._absorb(a, b)
            return
        last = [e for e in kids(a) if is_elem(e)][-1]
        rest = kids(b)
        first = next(e for e in rest if is_elem(e))
        self._join(last, first)
        for elem in rest:
            if elem is first or (is_elem(elem) and elem.objgen == first.objgen):
                continue
            if is_elem(elem):
                elem.P = a
            a.K.append(elem)

    def _table_continues(self, a: Dictionary, b: Dictionary) -> bool:
        """``b`` is the rest of table ``a`` on the next pages: same columns, same header."""
        rows_a, rows_b = list(rows(a)), list(rows(b))
        if not rows_a or not rows_b:
            return False
        widths = {len(cells(tr)) for _, tr in rows_a + rows_b}
        head_a = [len(cells(tr)) for group, tr in rows_a if group == "/THead"]
        head_b = [len(cells(tr)) for group, tr in rows_b if group == "/THead"]
        first_b = min(self.page_of(tr) for _, tr in rows_b)
        return len(widths) == 1 and head_a == head_b and first_b > self.page_of(rows_a[-1][1])

    def _absorb(self, a: Dictionary, b: Dictionary) -> None:
        """Move ``b``'s rows into ``a``; ``b``'s repeated header becomes an artifact."""
        heads_a = [tr for group, tr in rows(a) if group == "/THead"]
        heads_b = [tr for group, tr in rows(b) if group == "/THead"]
        same: dict[str, object] = {}
        for tr_a, tr_b in zip(heads_a, heads_b, strict=True):
            for cell_a, cell_b in zip(cells(tr_a), cells(tr_b), strict=True):
                if "/ID" in cell_a and "/ID" in cell_b:
                    same[str(cell_b.ID)] = cell_a.ID
        groups_a = {str(g.S): g for g in kids(a) if is_elem(g) and g.S in _GROUPS}
        for group in kids(b):
            if not is_elem(group):
                continue
            if group.S == "/THead":
                for page, mcid in self.mcids(group, self.page_of(b)):
                    self.artifacts[page].add(mcid)
                continue
            target = groups_a.get(str(group.S))
            moved = kids(group) if target is not None else [group]
            target = target if target is not None else a
            for elem in moved:
                elem.P = target
                target.K.append(elem)
            for _, tr in rows(Dictionary(K=Array(moved))):
                for cell in cells(tr):
                    self._rename_headers(cell, same)

    @staticmethod
    def _rename_headers(cell: Dictionary, same: dict[str, object]) -> None:
        attrs = _table_attrs(cell)
        headers = attrs.get("/Headers")
        if isinstance(headers, Array):
            attrs.Headers = Array(
                [same.get(str(h), h) for h in headers])

    # -- header cells, empty boxes, identifiers ---------------------------------------------
    def scopes(self) -> None:
        """/Scope on every header cell; the first column's row headers point at the corner."""
        for table in (e for e in self.elements() if e.S == "/Table"):
            corner: list = []
            for group, tr in rows(table):
                row = cells(tr)
                column = group == "/THead" or all(c.S == "/TH" for c in row)
                for j, cell in enumerate(row):
                    if cell.S != "/TH":
                        continue
                    attrs = _table_attrs(cell)
                    attrs.Scope = Name.Column if column else Name.Row
                    if j == 0 and column and "/ID" in cell:
                        corner.append(cell.ID)
                    elif j == 0 and not column and corner:
                        attrs.Headers = Array(corner)

    def boxes(self) -> None:
        for elem in self.elements():
            if elem.S == "/Span" and not kids(elem) and "/Alt" not in elem:
                elem.Alt = String(CASE)

    def id_tree(self) -> None:
        named = [e for e in self.elements() if "/ID" in e]
        if not named:
            return
        tree = NameTree.new(self.pdf)
        for elem in named:
            tree[str(elem.ID)] = elem
        self.root.IDTree = tree.obj

    # -- content streams --------------------------------------------------------------------
    def mark_artifacts(self) -> None:
        """Turn the collected marked content into artifacts, in the pages and the parent tree."""
        for index, mcids in sorted(self.artifacts.items()):
            page = self.pdf.pages[index]
            contents = page.obj.Contents
            streams = list(contents) if isinstance(contents, Array) else [contents]
            found: list[int] = []

            def swap(match: re.Match, mcids: set[int] = mcids, found: list[int] = found) -> bytes:
                if int(match.group(1)) not in mcids:
                    return match.group(0)
                found.append(int(match.group(1)))
                return _ARTIFACT

            for stream in streams:
                stream.write(_MARK.sub(swap, stream.read_bytes()))
            changed = len(set(found))
            if changed != len(mcids):
                raise ValueError(f"page {index + 1} : {len(mcids) - changed} contenus marqués "
                                 "introuvables")
            owners = self.parents[int(page.obj.StructParents)]
            for mcid in mcids:
                owners[mcid] = None


def list_bodies(pdf: pikepdf.Pdf, elements: list[Dictionary]) -> None:
    """A list item with its marker inside the line is tagged label then text: the text
    goes into the item's body (/LBody), as a reader expects."""
    for item in [e for e in elements if e.S == "/LI"]:
        parts = kids(item)
        if any(is_elem(k) and k.S == "/LBody" for k in parts):
            continue
        labels = [k for k in parts if is_elem(k) and k.S == "/Lbl"]
        rest = [k for k in parts if not (is_elem(k) and k.S == "/Lbl")]
        if not rest or not all(is_elem(k) for k in rest):
            continue
        body = pdf.make_indirect(Dictionary(
            Type=Name.StructElem, S=Name.LBody, P=item, K=Array(rest)))
        if "/Pg" in item:
            body.Pg = item.Pg
        for elem in rest:
            elem.P = body
        item.K = Array([*labels, body])


def form_fields(pdf: pikepdf.Pdf) -> None:
    """WeasyPrint lists each radio button of a group both as a widget of the group and as
    a field of its own, with the group's name: « C1 » was five fields. The buttons stay
    the group's widgets only (no name of their own), and the group is named by what the
    buttons share: « C1 : Acquis » → « C1 »."""
    form = pdf.Root.get("/AcroForm")
    if form is None or "/Fields" not in form:
        return
    widgets = {kid.objgen for field in form.Fields for kid in field.get("/Kids", [])}
    form.Fields = Array([f for f in form.Fields if f.objgen not in widgets])
    for field in form.Fields:
        buttons = list(field.get("/Kids", []))
        for kid in buttons:
            for key in ("/T", "/FT", "/Ff"):
                if key in kid:
                    del kid[key]
        names = {str(kid.get("/TU", "")).partition(" : ")[0] for kid in buttons}
        if len(names) == 1 and all(" : " in str(k.get("/TU", "")) for k in buttons):
            field.TU = String(names.pop())


def page_labels(pdf: pikepdf.Pdf, pages: tuple[tuple[int, str], ...]) -> None:
    """« label + number » from each (first page, label): numbers restart at each document."""
    nums: list = []
    for start, label in pages:
        nums += [start, Dictionary(S=Name.D, P=String(label))]
    pdf.Root.PageLabels = Dictionary(Nums=Array(nums))


def distinct_fields(pdf: pikepdf.Pdf, parts: tuple[int, ...]) -> None:
    """A field named like one of an earlier document (``parts``: first page of each) gets
    « -k », k the rank of its document."""
    form = pdf.Root.get("/AcroForm")
    if form is None or "/Fields" not in form or len(parts) < 2:
        return
    page_of = {page.objgen: i for i, page in enumerate(pdf.pages)}
    owner: dict[tuple[int, int], int] = {}
    for index, page in enumerate(pdf.pages):
        for annot in page.obj.get("/Annots", []):
            field = annot.get("/Parent", annot) if "/T" not in annot else annot
            owner.setdefault(field.objgen, index)
    seen: dict[str, int] = {}
    for field in form.Fields:
        page = owner.get(field.objgen, page_of.get(getattr(field.get("/P"), "objgen", None), 0))
        rank = max(i for i, start in enumerate(parts) if start <= page)
        name = str(field.get("/T", ""))
        if seen.setdefault(name, rank) != rank:
            field.T = String(f"{name}-{rank + 1}")


def retoucher(data: bytes, pages: tuple[tuple[int, str], ...] = (),
              parts: tuple[int, ...] = ()) -> bytes:
    """The PDF ``data`` with its structure tree completed (see the module's docstring);
    ``pages`` and ``parts``: the first pages of the documents it was assembled from, with
    their page labels."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if "/StructTreeRoot" not in pdf.Root:
            return data
        retouche = Retouche(pdf)
        retouche.margin_boxes()
        retouche.join_pages()
        retouche.scopes()
        list_bodies(pdf, retouche.elements())
        retouche.boxes()
        retouche.id_tree()
        form_fields(pdf)
        distinct_fields(pdf, parts)
        if pages:
            page_labels(pdf, pages)
        retouche.mark_artifacts()
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, fix_metadata_version=False)
        return out.getvalue()
