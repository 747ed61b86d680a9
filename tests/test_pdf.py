"""The PDF step as a build sees it: the pool of workers, the cache that checks what it reuses,
the fonts in the cache key, and failures (a worker killed, a sheet that cannot be rendered).

Most tests use one small sheet through the module's API (a few seconds); one builds a small
framework with the CLI to check what a user sees when a worker dies.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
from pathlib import Path, PurePosixPath

import pikepdf
import pypdf
import pytest

from generator.pdf import CacheError, Impression, Stocke, make_pdfs, moteur, plan_pdfs
from generator.pdf_pool import PANNE_ENV, PROCESSUS_ENV, PdfPool, RenderError, pool_size
from generator.write import write_tree

from .site_helpers import BASE_FRAMEWORK, build_project, tree_hashes


def sheet(name: str, titre: str, remplissable: bool = False) -> Impression:
    html = ("<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'>"
            f"<title>{titre}</title></head><body><h1>{titre}</h1>"
            "<p>Critère : repérer les freins à l'emploi.</p></body></html>")
    return Impression(PurePosixPath(f"referentiel/grilles/pdf/{name}.pdf"), html, remplissable)


def text_of(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(page.extract_text() for page in reader.pages)


def cache_entries(folder: Path) -> dict[str, bytes]:
    return {entry.stem: entry.read_bytes() for entry in folder.glob("*.pdf")}


def entries_are_sound(folder: Path) -> None:
    """Every cached PDF parses and matches the digest stored beside it."""
    for key, data in cache_entries(folder).items():
        digest = (folder / f"{key}.sha256").read_text(encoding="ascii").strip()
        assert hashlib.sha256(data).hexdigest() == digest, key
        assert pypdf.PdfReader(io.BytesIO(data)).pages


# -- cache ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("damage", ["tronque", "octet", "sans-empreinte", "vide"])
def test_a_damaged_cache_entry_is_rendered_again(tmp_path: Path, damage: str) -> None:
    one = sheet("essai", "Grille d'essai")
    _, bilan = make_pdfs([one], tmp_path)
    assert (bilan.produites, bilan.reprises) == (1, 0)
    (key, good), = cache_entries(tmp_path).items()
    entry = tmp_path / f"{key}.pdf"
    if damage == "tronque":
        entry.write_bytes(good[: len(good) // 2])
    elif damage == "octet":  # same size, one byte changed inside a stream
        middle = len(good) // 2
        entry.write_bytes(good[:middle] + bytes([good[middle] ^ 0xFF]) + good[middle + 1:])
    elif damage == "sans-empreinte":
        (tmp_path / f"{key}.sha256").unlink()
    else:
        entry.write_bytes(b"")

    pdfs, bilan = make_pdfs([one], tmp_path)
    assert (bilan.produites, bilan.reprises) == (1, 0)
    assert "Grille d'essai" in text_of(pdfs[one.path])
    entries_are_sound(tmp_path)  # the bad entry was replaced
    _, bilan = make_pdfs([one], tmp_path)
    assert (bilan.produites, bilan.reprises) == (0, 1)


def test_unused_entries_are_removed_with_their_digest(tmp_path: Path) -> None:
    make_pdfs([sheet("a", "Grille A"), sheet("b", "Grille B")], tmp_path)
    assert len(list(tmp_path.glob("*.sha256"))) == 2
    make_pdfs([sheet("a", "Grille A")], tmp_path)
    assert len(list(tmp_path.glob("*.pdf"))) == len(list(tmp_path.glob("*.sha256"))) == 1


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig absent")
def test_installing_a_font_changes_the_cache_key(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    one = sheet("essai", "Grille d'essai")
    cache = tmp_path / "cache"
    make_pdfs([one], cache)
    assert not plan_pdfs([one], cache).todo
    before = moteur()

    # A font « installed » in a folder of its own, through a fontconfig configuration.
    fonts = tmp_path / "polices"
    fonts.mkdir()
    source = next(p for p in Path("/usr/share/fonts").rglob("*.ttf"))
    shutil.copy2(source, fonts / "PoliceAjoutee.ttf")
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{fonts}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>",
        encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    assert moteur() != before
    plan = plan_pdfs([one], cache)
    assert plan.todo == [one]

    # The same font file, modified: the key changes again.
    installed = moteur()
    (fonts / "PoliceAjoutee.ttf").write_bytes(source.read_bytes() + b"\0")
    assert moteur() != installed


# -- pool -----------------------------------------------------------------------------------------

def test_the_pool_renders_many_sheets_on_long_lived_workers(tmp_path: Path) -> None:
    sheets = [sheet(f"g{i}", f"Grille {i}", remplissable=i % 2 == 1) for i in range(6)]
    with PdfPool(2) as pool:
        pool.start(len(sheets))
        pids = set(pool.pids)
        done = dict(pool.render(sheets))
        assert set(pool.pids) == pids and len(pids) == 2  # the same two processes throughout
    assert set(done) == set(sheets)
    for one, data in done.items():
        assert one.html.split("<h1>")[1].split("<")[0] in text_of(data)
        root = pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"]
        assert "/StructTreeRoot" in root and root["/Lang"] == "fr"


def test_a_sheet_that_fails_names_itself_and_stays_out_of_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PANNE_ENV, "erreur:fautive")
    sheets = [sheet("bonne", "Grille bonne"), sheet("fautive", "Grille d'essai fautive")]
    with pytest.raises(RenderError) as failure:
        make_pdfs(sheets, tmp_path)
    message = str(failure.value)
    assert "« Grille d'essai fautive » (fautive.pdf)" in message
    assert "rendu impossible" in message and "\n" not in message
    entries_are_sound(tmp_path)
    assert all("fautive" not in text_of(data) for data in cache_entries(tmp_path).values())


def test_a_killed_worker_fails_the_render_with_the_sheet_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PANNE_ENV, "arret:tuee")
    sheets = [sheet(f"g{i}", f"Grille {i}") for i in range(3)] + [sheet("tuee", "Grille tuée")]
    with PdfPool(2) as pool:
        with pytest.raises(RenderError) as failure:
            list(pool.render(sheets))
        assert pool.pids == []  # the other worker is stopped too
    assert "« Grille tuée » (tuee.pdf)" in str(failure.value)
    assert "signal SIGKILL" in str(failure.value)


class _ClosedAfterFirstLot(PdfPool):
    """The pool closed (as « serve » stopping closes it, from another thread) right after a
    lot ends, while another lot is still out."""

    def _receive(self, worker, lot):
        yield from super()._receive(worker, lot)
        if worker.task is None and not self._closed:
            self.close(kill=True)


def test_a_pool_closed_between_two_lots_never_ends_with_part_of_them() -> None:
    longue = sheet("longue", "Grille longue")
    longue = Impression(longue.path, longue.html.replace(
        "</body>", "<p>Observation notée pendant la séance.</p>" * 3000 + "</body>"), False)
    with _ClosedAfterFirstLot(2) as pool:
        with pytest.raises(RenderError) as failure:
            list(pool.render([sheet("courte", "Grille courte"), longue]))
    assert str(failure.value) == "rendu des PDF arrêté"


# -- a build whose worker dies --------------------------------------------------------------------

@pytest.mark.site
def test_a_build_whose_worker_is_killed_keeps_the_previous_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    proc, project = build_project(tmp_path, BASE_FRAMEWORK, extra_args=["--skip-pdf"])
    assert proc.returncode == 0, proc.stderr
    before = tree_hashes(project / "site")

    # Cold: every PDF is rendered while MkDocs builds the pages (the overlapped phase).
    monkeypatch.setenv(PANNE_ENV, "arret:livret")
    proc, _ = build_project(tmp_path, BASE_FRAMEWORK, pdf_pool=False)
    assert proc.returncode == 1
    assert "Pages générées" in proc.stdout  # MkDocs had its pages: the PDF failed beside it
    assert "Traceback" not in proc.stderr + proc.stdout
    # The empty files that stood for the new PDFs while MkDocs checked its links are gone.
    generated = project / "content" / "referentiel"
    assert not [p for p in generated.rglob("*") if p.is_file() and not p.stat().st_size]
    failure = [line for line in proc.stderr.splitlines() if "Construction interrompue" in line]
    assert len(failure) == 1, proc.stderr
    assert "Livret" in failure[0] and "(livret-" in failure[0]
    assert "s'est arrêté pendant son rendu (signal SIGKILL)" in failure[0]
    assert failure[0].endswith("Le site précédent est conservé.")
    assert tree_hashes(project / "site") == before

    cache = project / ".cache" / "grilles" / "cip"  # the base framework: id « cip »
    entries_are_sound(cache)
    assert not any("Livret" in text_of(data) for data in cache_entries(cache).values())

    # Next build: the cache was not poisoned.
    monkeypatch.delenv(PANNE_ENV)
    proc, _ = build_project(tmp_path, BASE_FRAMEWORK, pdf_pool=False)
    assert proc.returncode == 0, proc.stderr
    assert "reprises du cache" in proc.stdout
    livrets = list((project / "site" / "referentiel" / "grilles" / "pdf").glob("livret-*.pdf"))
    assert livrets and all(pypdf.PdfReader(path).pages for path in livrets)
    entries_are_sound(cache)
    damaged = sorted(cache.glob("*.pdf"))[0]  # truncated: must not be published below
    damaged.write_bytes(damaged.read_bytes()[:500])

    # A warm build: the changed PDFs are rendered while MkDocs runs; a worker dies there too.
    framework = tmp_path / "framework"
    shutil.copytree(BASE_FRAMEWORK, framework)
    comp = sorted((framework / "competences").glob("*.yml"))[0]
    comp.write_text(comp.read_text(encoding="utf-8").replace("libelle: ", "libelle: Revu, ", 1),
                    encoding="utf-8")
    before = tree_hashes(project / "site")
    monkeypatch.setenv(PANNE_ENV, f"arret:competence-{comp.stem}-tuteur")
    proc, _ = build_project(tmp_path, framework, pdf_pool=False)
    assert proc.returncode == 1, proc.stdout
    assert "Pages générées" in proc.stdout  # the pages were done: the sheet failed late
    assert "Traceback" not in proc.stderr
    assert f"(competence-{comp.stem}-tuteur" in proc.stderr
    assert tree_hashes(project / "site") == before
    entries_are_sound(cache)

    monkeypatch.delenv(PANNE_ENV)
    proc, _ = build_project(tmp_path, framework, pdf_pool=False)
    assert proc.returncode == 0, proc.stderr
    pdfs = list((project / "site" / "referentiel" / "grilles" / "pdf").glob("*.pdf"))
    for path in pdfs:
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=False)
        assert info.returncode == 0, (path.name, info.stderr)
    entries_are_sound(cache)


# -- a cache entry that is not a file of ours ----------------------------------------------------

@pytest.mark.parametrize("intrus", ["tube", "zero", "lien-sortant"])
def test_a_cache_entry_that_is_not_a_regular_file_is_a_miss(tmp_path: Path, intrus: str) -> None:
    """A pipe in place of a digest would block a plain read forever; a link to /dev/zero would
    never end: neither is read, the sheet is rendered again and the entry replaced."""
    one = sheet("essai", "Grille d'essai")
    make_pdfs([one], tmp_path)
    (key, _), = cache_entries(tmp_path).items()
    digest, entry = tmp_path / f"{key}.sha256", tmp_path / f"{key}.pdf"
    if intrus == "tube":
        digest.unlink()
        os.mkfifo(digest)
    elif intrus == "zero":
        entry.unlink()
        entry.symlink_to("/dev/zero")
    else:
        outside = tmp_path.parent / f"{tmp_path.name}-dehors.pdf"
        outside.write_bytes(entry.read_bytes())
        entry.unlink()
        entry.symlink_to(outside)

    pdfs, bilan = make_pdfs([one], tmp_path)  # returns: nothing blocks
    assert (bilan.produites, bilan.reprises) == (1, 0)
    assert "Grille d'essai" in text_of(pdfs[one.path])
    assert entry.is_file() and not entry.is_symlink() and digest.is_file()
    entries_are_sound(tmp_path)


def test_a_folder_in_place_of_a_cache_entry_is_named(tmp_path: Path) -> None:
    one = sheet("essai", "Grille d'essai")
    make_pdfs([one], tmp_path)
    (key, _), = cache_entries(tmp_path).items()
    entry = tmp_path / f"{key}.pdf"
    entry.unlink()
    entry.mkdir()
    (entry / "a-moi.txt").write_text("à garder", encoding="utf-8")
    with pytest.raises(CacheError) as failure:
        make_pdfs([one], tmp_path)
    assert str(failure.value) == (
        "le cache des grilles PDF contient un dossier à la place d'un fichier : "
        f"« {entry} » ; supprimez ce dossier")
    assert (entry / "a-moi.txt").read_text(encoding="utf-8") == "à garder"
    # An unused folder with an entry's name is left alone, and the cache still works.
    make_pdfs([sheet("autre", "Grille autre")], tmp_path)
    assert entry.is_dir()


@pytest.mark.site
def test_a_build_whose_cache_holds_a_folder_says_so_in_french(tmp_path: Path) -> None:
    proc, project = build_project(tmp_path, BASE_FRAMEWORK)
    assert proc.returncode == 0, proc.stderr
    cache = project / ".cache" / "grilles" / "cip"  # the base framework: id « cip »
    victim = sorted(cache.glob("*.pdf"))[0]
    victim.unlink()
    victim.mkdir()
    before = tree_hashes(project / "site")
    proc, _ = build_project(tmp_path, BASE_FRAMEWORK)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    assert f"contient un dossier à la place d'un fichier : « {victim} »" in proc.stderr
    assert tree_hashes(project / "site") == before


# -- worker count --------------------------------------------------------------------------------

@pytest.mark.parametrize("asked, expected", [("1000", None), ("1", 1), ("0", None), ("x", None),
                                             (" 1 ", 1)])
def test_the_worker_count_never_exceeds_the_usable_cores(
        monkeypatch: pytest.MonkeyPatch, asked: str, expected: int | None) -> None:
    cores = len(os.sched_getaffinity(0))
    monkeypatch.setenv(PROCESSUS_ENV, asked)
    assert pool_size(5000) == (expected or cores)
    assert pool_size(1) == 1


def test_a_thousand_workers_asked_start_as_many_as_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PROCESSUS_ENV, "1000")
    sheets = [sheet(f"g{i}", f"Grille {i}") for i in range(4)]
    with PdfPool() as pool:
        pool.start(len(sheets))
        assert len(pool.pids) == min(4, len(os.sched_getaffinity(0)))
        assert len(dict(pool.render(sheets))) == 4


# -- the structure tree a screen reader walks ------------------------------------------------------

LIGNES = 110
VERBES = ("Repérer", "Informer sur", "Orienter vers", "Expliquer", "Présenter", "Analyser",
          "Proposer")
OBJETS = ("les freins", "les ressources", "le projet", "les partenaires", "la demande",
          "les aides", "le contrat", "la formation", "les droits", "le parcours", "l'emploi")


def long_table(name: str, remplissable: bool = False) -> Impression:
    """A sheet whose table of criteria goes on over three pages, with a running header."""
    lignes = "".join(
        f"<tr><th scope='row'>C{i}. {VERBES[i % 7]} {OBJETS[i % 11]}</th><td>"
        + (f"<input type='radio' name='c{i}' value='a' title='C{i} : acquis'>" if remplissable
           else "<span class='boite'></span>") + "</td><td></td></tr>"
        for i in range(1, LIGNES + 1))
    html = ("<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'><title>Grille longue"
            "</title><style>@page { @top-left { content: string(titre) } @bottom-right {"
            " content: 'page ' counter(page) ' / ' counter(pages) } }"
            " section { string-set: titre attr(data-titre) } .boite { display: inline-block;"
            " width: 3mm; height: 3mm; border: 1px solid }</style></head><body>"
            "<section data-titre='Grille longue'><h1>Grille longue</h1><table><thead><tr>"
            "<th scope='col'>Critère</th><th scope='col'>Acquis</th>"
            "<th scope='col'>Observations</th></tr></thead><tbody>"
            f"{lignes}</tbody></table><p>Fin de la grille.</p></section></body></html>")
    return Impression(PurePosixPath(f"referentiel/grilles/pdf/{name}.pdf"), html, remplissable)


def test_a_table_over_three_pages_is_one_table_for_a_screen_reader(tmp_path: Path) -> None:
    from outloud import check

    from generator.pdf_tags import CASE, Retouche, cells, kids, rows

    one = long_table("longue")
    with PdfPool(1) as pool:
        (_, data), = pool.render([one])
    pdf = pikepdf.open(io.BytesIO(data))
    assert len(pdf.pages) >= 3
    found = Retouche(pdf).elements()  # every element the tree reaches
    tables = [e for e in found if e.S == "/Table"]
    assert len(tables) == 1 and len([e for e in found if e.S == "/Sect"]) == 1
    table_rows = list(rows(tables[0]))
    assert [g for g, _ in table_rows].count("/THead") == 1 and len(table_rows) == LIGNES + 1
    corner = cells(table_rows[0][1])[0]
    for group, tr in table_rows:
        head = cells(tr)[0]
        assert str(head.A.Scope) == ("/Column" if group == "/THead" else "/Row")
        if group == "/TBody":
            assert list(head.A.Headers) == [corner.ID]
    boxes = [e for e in found if e.S == "/Span" and not kids(e)]
    assert len(boxes) == LIGNES and all(str(b.Alt) == CASE for b in boxes)
    second = pdf.pages[1].obj.Contents.read_bytes()
    assert second.count(b"/Artifact\n<</Type /Pagination>>\nBDC") >= 4  # header row, margins
    pdf.close()

    path = tmp_path / "longue.pdf"
    path.write_bytes(data)
    result = check(str(path))
    assert result.error is None and result.errors == 0, [
        (f.rule, f.message) for f in result.findings if f.severity == "error"]
    assert not {f.rule for f in result.findings} & {"TBL-002", "TBL-010", "PAG-001", "ORD-001"}


def test_the_same_sheet_gives_the_same_bytes_in_two_processes() -> None:
    one, again = long_table("a", remplissable=True), long_table("a", remplissable=True)
    with PdfPool(1) as pool:
        (_, first), = pool.render([one])
    with PdfPool(1) as pool:
        (_, second), = pool.render([again])
    assert first == second
    with pikepdf.open(io.BytesIO(first)) as pdf:
        fields = list(pdf.Root.AcroForm.Fields)
        assert len({str(f.T) for f in fields}) == len(fields) == LIGNES


def test_a_build_holds_where_its_pdfs_are_and_reads_each_once_checked(tmp_path: Path) -> None:
    """The plan keeps each PDF in the cache, not in memory (2,460 PDFs at 300 compétences
    weighed 900 Mio in one process); an entry changed before it is written fails the build,
    said in French, rather than publish other bytes."""
    one, two = sheet("un", "Grille un"), sheet("deux", "Grille deux")
    plan = plan_pdfs([one], tmp_path)
    rendered = plan.render(plan.todo)
    stored = rendered[one.path]
    assert isinstance(stored, Stocke) and "Grille un" in text_of(stored.lire())
    again = plan_pdfs([one, two], tmp_path)  # from the cache: where, not what
    assert again.ready == {one.path: stored} and again.todo == [two]
    stored.fichier.write_bytes(stored.lire().replace(b"%%EOF", b"%%EOF\n% autre"))
    with pytest.raises(CacheError) as failure:
        write_tree(tmp_path / "docs", {PurePosixPath("grille.pdf"): stored})
    assert str(failure.value) == (
        f"cache des grilles PDF : « {stored.fichier} » a changé pendant la construction ; "
        "relancez-la")
    assert not (tmp_path / "docs" / "grille.pdf").exists()


@pytest.mark.site
def test_two_certifications_built_in_one_project_keep_each_its_cached_pdfs(
        tmp_path: Path) -> None:
    """« make site » builds the CIP, then the CAP AEPE, in one project: each build pruned the
    other's cache entries, and every PDF of both was laid out again at each « make site »."""
    autre = tmp_path / "autre"
    shutil.copytree(BASE_FRAMEWORK, autre)
    titre = autre / "titre.yml"
    text = titre.read_text("utf-8").replace("id: cip\n", "id: autre\n", 1)
    titre.write_text(text.replace("intitule: ", "intitule: Autre ", 1), "utf-8")  # other PDFs
    proc, project = build_project(tmp_path, BASE_FRAMEWORK, pdf_pool=False)
    assert proc.returncode == 0, proc.stderr
    stale = project / ".cache" / "grilles" / ("0" * 64 + ".pdf")  # an older version's layout
    stale.write_bytes(b"%PDF-")
    proc, _ = build_project(tmp_path, autre, site_dir="site-autre", pdf_pool=False)
    assert proc.returncode == 0, proc.stderr
    assert "Grilles PDF : 23 produites, 0 reprises du cache." in proc.stdout
    proc, _ = build_project(tmp_path, BASE_FRAMEWORK, pdf_pool=False)
    assert proc.returncode == 0, proc.stderr
    assert "Grilles PDF : 0 produites, 23 reprises du cache." in proc.stdout
    assert sorted(p.name for p in (project / ".cache" / "grilles").iterdir()) == ["autre", "cip"]
