"""The built site, read as HTML the way a reader sees it (no browser).

The real framework (framework/) is built once per session in a temporary project; expected
titles and labels are read from its YAML, so that the tests survive edits of the data.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .site_helpers import (
    BASE_FRAMEWORK,
    HOSTILE,
    REAL_FRAMEWORK,
    BuiltSite,
    FrameworkData,
    Page,
    build_project,
    css_urls,
    fold,
    is_remote,
    resolve_link,
    squash,
    tree_hashes,
)

pytest_plugins = ["tests.conftest_site"]

REAL = FrameworkData(REAL_FRAMEWORK)
COMPETENCES = [c["id"] for c in REAL.competences]


def _competence(cid: str) -> dict:
    return next(c for c in REAL.competences if c["id"] == cid)


def _table_with_header(page: Page, first_header: str) -> list[list[str]]:
    for table in page.tables:
        if table and table[0] and table[0][0].startswith(first_header):
            return table
    raise AssertionError(f"{page.path.name} : aucun tableau ne commence par « {first_header} »")


def _assert_tables_well_formed(page: Page) -> None:
    for table in page.tables:
        widths = {len(row) for row in table}
        assert len(widths) == 1, f"{page.path} : lignes de longueurs différentes {table}"


# -- the build ------------------------------------------------------------------------------------

def test_build_succeeds_and_says_where_to_open(real_build: BuiltSite) -> None:
    proc = real_build.proc
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert re.search(r"ouvrez .*index\.html", proc.stdout), proc.stdout
    assert (real_build.site / "index.html").is_file()


def test_real_framework_is_complete() -> None:
    """The data the issue asks for (ids and sigles only: wording may change)."""
    assert COMPETENCES == [f"cp{n:02d}" for n in range(1, 16)]
    assert [c["id"] for c in REAL.ccps] == ["ccp1", "ccp2", "ccp3"]
    assert len(REAL.etapes) >= 10
    assert len(REAL.outils) >= 7
    sigles = {t["sigle"] for t in REAL.glossaire}
    assert len(REAL.glossaire) >= 40
    assert {"CDDI", "PMSMP"} <= sigles


# -- one page per entity --------------------------------------------------------------------------

@pytest.mark.parametrize("cid", COMPETENCES)
def test_competence_page(real_site: BuiltSite, cid: str) -> None:
    competence = _competence(cid)
    path = f"referentiel/competences/{cid}.html"
    assert (real_site.site / path).is_file(), path
    page = real_site.page(path)
    intitule = squash(competence["intitule"])
    assert intitule in page.h1
    # The browser tab shows the navigation label, which may be shortened with « … ».
    shown = page.title.split(" - ")[0].removeprefix(f"{competence['numero']}. ").rstrip("…")
    assert len(shown) >= 20 and intitule.startswith(shown), page.title
    criteres = competence.get("criteres", [])
    assert criteres, f"{cid} n'a aucun critère"
    table = _table_with_header(page, "Critère")
    assert len(table) == len(criteres) + 1, table
    _assert_tables_well_formed(page)
    for rang, (critere, row) in enumerate(zip(criteres, table[1:], strict=True), start=1):
        assert row[0] == f"C{rang}. {squash(critere['libelle'])}"  # numbered as on the grids
        expected = "critère proposé" if critere.get("statut") == "propose" else "critère officiel"
        assert expected in row[1], (critere["id"], row)
    if any(c.get("statut") == "propose" for c in criteres):
        assert "critère proposé" in page.text
    ccp_page = f"ccp/{competence['ccp']}.html"
    assert any(href.endswith(ccp_page) for href, _, _ in page.links), f"{cid} : pas de lien au CCP"


def test_ccp_pages_list_their_competences(real_site: BuiltSite) -> None:
    for ccp in REAL.ccps:
        page = real_site.page(f"referentiel/ccp/{ccp['id']}.html")
        assert squash(ccp["intitule"]) in page.h1
        linked = {Path(href).stem for href, _, _ in page.links if "competences/" in href}
        expected = {c["id"] for c in REAL.competences if c["ccp"] == ccp["id"]}
        assert expected and expected <= linked, (ccp["id"], expected - linked)
        _assert_tables_well_formed(page)


@pytest.mark.parametrize("folder, kind", [("parcours", "etapes"), ("outils", "outils")])
def test_step_and_tool_pages(real_site: BuiltSite, folder: str, kind: str) -> None:
    items = getattr(REAL, kind)
    assert items
    for item in items:
        page = real_site.page(f"referentiel/{folder}/{item['id']}.html")
        assert squash(item["intitule"]) in page.h1, (item["id"], page.h1)
        _assert_tables_well_formed(page)
    overview = real_site.page(f"referentiel/{folder}/index.html")
    linked = {Path(href).stem for href, _, _ in overview.links}
    assert {i["id"] for i in items} <= linked


def test_home_page_has_the_three_audiences(real_site: BuiltSite) -> None:
    home = real_site.page("index.html")
    h2 = [text for tag, text in home.headings if tag == "h2"]
    for audience in ("formateur", "stagiaire", "encadrant"):
        section = next((t for t in h2 if audience in t.lower()), None)
        assert section, f"aucune section « {audience} » parmi {h2}"
        targets = [href for href, heading, _ in home.links if heading == section]
        assert targets, f"la section « {section} » ne mène nulle part"


def test_glossary_lists_every_sigle(real_site: BuiltSite) -> None:
    page = real_site.page("referentiel/glossaire.html")
    table = _table_with_header(page, "Sigle")
    shown = {row[0] for row in table[1:]}
    missing = [t["sigle"] for t in REAL.glossaire if squash(t["sigle"]) not in shown]
    assert not missing, missing
    assert len(table) - 1 == len(REAL.glossaire)


def test_a_verifier_page_lists_items(real_site: BuiltSite) -> None:
    page = real_site.page("referentiel/a-verifier.html")
    assert page.tables, "aucun tableau sur la page « À vérifier »"
    rows = page.tables[0][1:]
    assert rows, "la page « À vérifier » ne liste rien"
    _assert_tables_well_formed(page)
    stated = re.search(r"(\d+) éléments? à vérifier", page.text)
    if stated:
        assert int(stated.group(1)) == len(rows)


def test_every_kind_of_page_exists(real_site: BuiltSite) -> None:
    pages = ["index.html", "referentiel/titre.html", "referentiel/matrice.html",
             "referentiel/glossaire.html", "referentiel/sources.html",
             "referentiel/a-verifier.html", "referentiel/reconnaissances.html",
             "referentiel/parcours/index.html", "referentiel/outils/index.html"]
    if REAL.has_ecole:
        pages.append("referentiel/ecole.html")
    missing = [p for p in pages if not (real_site.site / p).is_file()]
    assert not missing, missing
    matrice = real_site.page("referentiel/matrice.html")
    _assert_tables_well_formed(matrice)
    assert len(matrice.tables[0]) == len(REAL.competences) + 1


# -- offline: nothing loaded from another host ----------------------------------------------------

def test_no_page_loads_anything_from_another_host(real_site: BuiltSite) -> None:
    remote: list[str] = []
    for path in real_site.html_files():
        page = real_site.page(path.relative_to(real_site.site).as_posix())
        for tag, attribute, url in page.resources:
            if is_remote(url):
                remote.append(f"{path.name}: <{tag} {attribute}={url}>")
        for css in page.inline_css:
            remote += [f"{path.name}: style url({u})" for u in css_urls(css) if is_remote(u)]
    for css_file in real_site.site.rglob("*.css"):
        css = css_file.read_text(encoding="utf-8")
        remote += [f"{css_file.name}: url({u})" for u in css_urls(css) if is_remote(u)]
    assert not remote, "\n".join(remote)


def test_internal_links_resolve(real_site: BuiltSite) -> None:
    broken: list[str] = []
    for path in real_site.html_files():
        if path.name == "404.html":  # served by a web server only: absolute links on purpose
            continue
        page = real_site.page(path.relative_to(real_site.site).as_posix())
        for href, _, _ in page.links:
            resolved = resolve_link(path, href)
            if resolved is None:
                continue
            target, fragment = resolved
            if not target.exists():
                broken.append(f"{path.relative_to(real_site.site)} → {href}")
            elif fragment and target.suffix == ".html":
                tpage = real_site.page(target.relative_to(real_site.site).as_posix())
                if fragment not in tpage.ids:
                    broken.append(f"{path.relative_to(real_site.site)} → {href} (ancre)")
    assert not broken, "\n".join(broken)


# -- authored text is shown as typed --------------------------------------------------------------

def test_markup_pipe_and_newline_in_a_libelle_are_shown_literally(hostile_site: BuiltSite) -> None:
    literal = squash(HOSTILE)
    page = hostile_site.page("referentiel/competences/cp01.html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.raw
    assert literal in page.h1
    table = _table_with_header(page, "Critère")
    # « | » does not split a cell: every row has the header's columns (Critère, Statut, and
    # « Ce que l'on observe » when a criterion has observables).
    assert len(table) == 3 and len(table[0]) >= 2, table
    assert [len(row) for row in table] == [len(table[0])] * 3, table
    assert table[1][0] == f"C1. {literal}"
    for path in hostile_site.html_files():
        raw = path.read_text(encoding="utf-8")
        position = raw.lower().find("<script>alert")
        assert position < 0, (
            f"{path.relative_to(hostile_site.site)} exécuterait le libellé : "
            f"…{raw[max(0, position - 150):position + 40]}…")
        page = hostile_site.page(path.relative_to(hostile_site.site).as_posix())
        _assert_tables_well_formed(page)
    ccp = hostile_site.page("referentiel/ccp/ccp1.html")
    assert len(_table_with_header(ccp, "N°")) == 3
    assert literal in ccp.text
    matrice = hostile_site.page("referentiel/matrice.html")
    assert len(matrice.tables[0]) == 3
    assert literal in matrice.text


# -- atomic build ---------------------------------------------------------------------------------

@pytest.fixture
def small_project(tmp_path: Path) -> tuple[Path, Path]:
    """A project built once from a copy of the base framework, without PDFs (a failed build
    that keeps the previous PDFs: tests/test_pdf.py): (project, framework)."""
    framework = tmp_path / "framework"
    shutil.copytree(BASE_FRAMEWORK, framework)
    proc, project = build_project(tmp_path, framework, extra_args=["--skip-pdf"])
    assert proc.returncode == 0, proc.stderr
    return project, framework


def _assert_kept(proc, project: Path, before: dict[str, str]) -> None:
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert "Le site précédent est conservé" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert tree_hashes(project / "site") == before
    assert [p.name for p in project.iterdir() if "construction" in p.name] == []


def test_invalid_yaml_keeps_the_previous_site(small_project: tuple[Path, Path]) -> None:
    project, framework = small_project
    before = tree_hashes(project / "site")
    assert before
    broken = framework / "competences" / "cp02.yml"
    lines = broken.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("numero:"))
    lines[line - 1] = "numero: deux"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")

    proc, _ = build_project(project.parent, framework)
    _assert_kept(proc, project, before)
    located = re.search(r"competences/cp02\.yml:(\d+):\d+: error\[", proc.stderr)
    assert located, proc.stderr
    assert int(located.group(1)) == line


def test_failed_mkdocs_build_keeps_the_previous_site(small_project: tuple[Path, Path]) -> None:
    project, framework = small_project
    before = tree_hashes(project / "site")
    index = project / "content" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n[lien cassé](nulle-part.md)\n",
                     encoding="utf-8")
    proc, _ = build_project(project.parent, framework, extra_args=["--skip-pdf"])
    _assert_kept(proc, project, before)
    assert "nulle-part.md" in proc.stderr


# -- accent-insensitive search index --------------------------------------------------------------

_WORDS = re.compile(r"[^\W\d_]+")
_COMMON = set("a au aux c d de des du en et j l la le les m n qu s t un une".split())


def test_search_index_holds_folded_words_only(real_site: BuiltSite) -> None:
    """The browser folds what the reader types (no accent, no ligature, lower case): the index
    holds words folded the same way, without the common words, and every accented word of a
    preview is there without its accent."""
    sections = real_site.search_sections()
    assert len(sections) > 100
    odd = [(s.location, w) for s in sections for w in s.words + s.keywords
           if not re.fullmatch(r"[a-z0-9]+", w) or w in {"de", "des", "la", "les", "l", "d"}]
    assert not odd, odd[:20]
    missing = []
    for section in sections:
        found = set(section.words) | set(fold(section.title).replace("œ", "oe").split())
        found |= {w for t in found for w in re.split(r"\W+", t)}
        for word in _WORDS.findall(section.preview.lower()):
            folded = fold(word)
            if folded != word and folded not in _COMMON and folded not in found:
                missing.append(f"{section.location}: {word}")
    assert not missing, missing[:20]
    with_accent = [s for s in sections if "évaluation" in s.preview.lower()]
    assert with_accent
    # Material's own index (22.6 Mo at 3,000 compétences) is not shipped.
    assert not (real_site.site / "search" / "search_index.json").exists()
    assert not (real_site.site / "search" / "search_index.js").exists()
