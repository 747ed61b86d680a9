"""The CAP Accompagnant éducatif petite enfance (frameworks/cap-aepe/), a second certification
published by the same generator: it validates strictly, its exports pass the checks of the
CIP's (the same test functions, run on its data), its site is built strictly with its PDFs and
has no page, menu entry or link for the parts it does not have (no school, programme, séances,
Dossier professionnel, path or tools), and the authoring guide's walk-through gives the
messages it shows."""

from __future__ import annotations

import re
import tomllib
from html import unescape
from pathlib import Path

import pytest
import yaml
from outloud import check

from generator.cli import main

from . import test_export, test_pages_lecteurs, test_pdf_accessibilite, test_terrain
from .conftest import ROOT
from .pdf_pages import pdf_pages
from .site_helpers import CAP_FRAMEWORK, BuiltSite, FrameworkData, resolve_link, squash

pytest_plugins = ["tests.conftest_site"]

CAP = FrameworkData(CAP_FRAMEWORK)
GUIDE = ROOT / "content" / "guide-autre-certification.md"

# The pages a framework without those parts must not have (site-relative).
ABSENTES = ["referentiel/parcours/index.html", "referentiel/outils/index.html",
            "referentiel/reconnaissances.html", "referentiel/matrice.html",
            "referentiel/ecole.html", "referentiel/programme/index.html",
            "referentiel/programme/couverture.html", "referentiel/dossier-professionnel.html"]


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# -- the data ---------------------------------------------------------------------------------

def test_cap_validates_strictly(capsys) -> None:
    assert main(["validate", "--framework", str(CAP_FRAMEWORK), "--strict"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out == ("Référentiel valide : 3 blocs de compétences, 14 compétences, 42 critères, "
                   "10 termes du glossaire, 18 sources.\n")


def test_cap_has_the_parts_of_a_cap_and_nothing_of_the_cip() -> None:
    titre = _yaml(CAP_FRAMEWORK / "titre.yml")
    assert titre["id"] == "cap-aepe"  # the folder's name, the contract of frameworks/<id>/
    assert titre["vocabulaire"]["partie"]["singulier"] == "bloc de compétences"
    files = {p.relative_to(CAP_FRAMEWORK).as_posix() for p in CAP_FRAMEWORK.rglob("*.yml")}
    assert {f.split("/")[0] for f in files} == {
        "titre.yml", "sources.yml", "echelle.yml", "glossaire.yml", "ccp", "competences"}
    # Every bloc has its compétences; they are numbered in order, bloc after bloc.
    blocs = [c["id"] for c in CAP.ccps]
    assert blocs == ["bc01", "bc02", "bc03"]
    par_bloc = [c["ccp"] for c in sorted(CAP.competences, key=lambda c: c["numero"])]
    assert par_bloc == sorted(par_bloc) and set(par_bloc) == set(blocs)


def test_cap_presents_nothing_unread_as_official() -> None:
    """The référentiel's annex (compétences and their criteria) was not read: every criterion
    is a proposal, every compétence is « à vérifier »; only the facts taken from the texts read
    on Légifrance are rated A."""
    sources = {s["id"]: s for s in _yaml(CAP_FRAMEWORK / "sources.yml")["sources"]}
    for competence in CAP.competences:
        assert competence["confiance"] in {"C", "?"}, competence["id"]
        for critere in competence["criteres"]:
            assert critere["statut"] == "propose", critere["id"]
            assert all(sources[s]["nature"] == "equipe_pedagogique" for s in critere["sources"])
    for fait in _yaml(CAP_FRAMEWORK / "titre.yml")["fiche"]:
        if fait.get("confiance") == "A":
            assert any(sources[s]["nature"] == "texte_officiel" for s in fait["sources"]), fait


# -- the exports: the CIP's checks, on the CAP's data ------------------------------------------

EXPORT_CHECKS = [
    test_export.test_json_export_validates_against_its_schema,
    test_export.test_json_export_holds_the_whole_framework,
    test_export.test_case_package_validates_against_the_published_case_schema,
    test_export.test_case_schema_rejects_a_broken_package,
    test_export.test_case_package_structure,
    test_export.test_moodle_csv_columns_and_framework_row,
    test_export.test_moodle_scale_comes_from_our_scale,
    test_export.test_moodle_importer_reaches_every_row_with_our_hierarchy,
    test_export.test_moodle_importer_would_drop_an_orphan,
]


@pytest.fixture(scope="module")
def cap_exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    tmp = tmp_path_factory.mktemp("exports-cap")
    return {fmt: test_export.run_export(fmt, CAP_FRAMEWORK, tmp)
            for fmt in ("json", "case", "moodle")}


@pytest.mark.parametrize("check", EXPORT_CHECKS, ids=[c.__name__ for c in EXPORT_CHECKS])
def test_cap_exports_pass_the_checks_of_the_cip(check, cap_exports, monkeypatch) -> None:
    # The checks read the framework they compare with from these names of test_export.
    monkeypatch.setattr(test_export, "REAL", CAP)
    monkeypatch.setattr(test_export, "REAL_FRAMEWORK", CAP_FRAMEWORK)
    monkeypatch.setattr(test_export, "ECHELLE", _yaml(CAP_FRAMEWORK / "echelle.yml"))
    check(cap_exports)


def test_cap_export_is_byte_identical_between_runs(cap_exports, tmp_path) -> None:
    for fmt, first in cap_exports.items():
        assert test_export.run_export(fmt, CAP_FRAMEWORK, tmp_path, f"bis-{fmt}") == first


# -- the guide's walk-through --------------------------------------------------------------------

_BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.S)
_COMMAND = "python -m generator validate --framework frameworks/cap-aepe"


def test_guide_walk_through_gives_the_messages_it_shows(tmp_path, monkeypatch, capsys) -> None:
    """Each YAML block is written where its first line says, each validate command is run,
    and its output is the text block that follows it, exactly."""
    blocks = _BLOCK.findall(GUIDE.read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    commands = 0
    for i, (lang, body) in enumerate(blocks):
        if lang == "yaml":
            target = re.match(r"# (frameworks/cap-aepe/\S+)\n", body)
            assert target, body.splitlines()[0]
            path = tmp_path / target.group(1)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body, encoding="utf-8")
        elif lang == "sh" and body.strip().startswith(_COMMAND) and "\n" not in body.strip():
            shown_lang, shown = blocks[i + 1]
            assert shown_lang == "text"
            main(body.split()[3:])  # after « python -m generator »
            out, err = capsys.readouterr()
            assert out + err == shown, body
            commands += 1
    assert commands >= 6
    # The walk-through ends valid in strict mode, as the CAP of this repository.
    assert main(["validate", "--framework", "frameworks/cap-aepe", "--strict"]) == 0


# -- the site -----------------------------------------------------------------------------------

@pytest.mark.site
def test_cap_site_is_built_strictly_with_its_pdfs(cap_site: BuiltSite) -> None:
    assert "Grilles PDF" in cap_site.proc.stdout
    for bloc in CAP.ccps:
        assert cap_site.page(f"referentiel/ccp/{bloc['id']}.html").h1
    for competence in CAP.competences:
        page = cap_site.page(f"referentiel/competences/{competence['id']}.html")
        assert competence["intitule"].split(",")[0] in page.text
    pdfs = sorted((cap_site.site / "referentiel" / "grilles").rglob("*.pdf"))
    assert pdfs and all(p.read_bytes().startswith(b"%PDF-") for p in pdfs)
    # Every compétence has its grid, in each version, and each bloc its synthesis.
    names = {p.name for p in pdfs}
    for competence in CAP.competences:
        assert any(competence["id"] in name for name in names), competence["id"]


@pytest.mark.site
def test_cap_site_has_no_page_nor_link_for_the_parts_it_lacks(cap_site: BuiltSite) -> None:
    for relative in ABSENTES:
        assert not (cap_site.site / relative).exists(), relative
    dead = []
    for html in cap_site.html_files():
        text = html.read_text(encoding="utf-8")
        for href in re.findall(r'(?:href|src)="([^"]+)"', text):
            target = resolve_link(html, href)
            if target is not None and not target[0].exists():
                dead.append((html.relative_to(cap_site.site).as_posix(), href))
    assert dead == []
    home = cap_site.page("index.html")
    for word in ("Parcours en ACI", "Outils de l'encadrant", "Matrice de traçabilité",
                 "Reconnaître les compétences"):
        assert word not in home.text


@pytest.mark.site
def test_cap_search_finds_its_competences_and_no_absent_page(cap_site: BuiltSite) -> None:
    pages = {section.location.split("#")[0] for section in cap_site.search_sections()}
    for competence in CAP.competences:
        assert f"referentiel/competences/{competence['id']}.html" in pages
    assert not pages & set(ABSENTES)


# The CIP's words, which a reader of the CAP's site must not meet (editor pages aside).
MOTS_DU_CIP = re.compile(r"\bCIP\b|\bCCP\b|titre professionnel|\bstagiaires?\b|École CIP")
PAGES_EDITEURS = {"guide-auteur.html", "guide-autre-certification.html",
                  "referentiel/a-verifier.html", "referentiel/sources.html"}


@pytest.mark.site
def test_cap_site_speaks_the_words_of_the_cap(cap_site: BuiltSite) -> None:
    found = {}
    for html in cap_site.html_files():
        relative = html.relative_to(cap_site.site).as_posix()
        if relative in PAGES_EDITEURS:
            continue
        text = re.sub(r"<(script|style)\b.*?</\1>", " ", html.read_text(encoding="utf-8"),
                      flags=re.S)
        words = sorted(set(MOTS_DU_CIP.findall(unescape(re.sub(r"<[^>]+>", " ", text)))))
        if words:
            found[relative] = words
    assert found == {}


@pytest.mark.site
def test_cap_reader_pages_show_no_editor_material(cap_site: BuiltSite) -> None:
    """The same detector as the CIP's reader pages: no confidence letter, file, field name or
    research note outside the editors' pages."""
    problems = []
    for path in cap_site.html_files():
        relative = path.relative_to(cap_site.site).as_posix()
        if relative in PAGES_EDITEURS or relative.startswith(("assets/", "search/")):
            continue
        lu = test_pages_lecteurs._lecteur(cap_site.page(relative))
        problems += [f"{relative} : {f}" for f in test_pages_lecteurs.materiel_editeur(lu)]
    assert not problems, "\n".join(problems[:40])


@pytest.mark.site
def test_cap_grid_pdf_reads_as_its_competence(cap_site: BuiltSite) -> None:
    """A printed grid says which compétence it evaluates, with each criterion, in order."""
    competence = next(c for c in CAP.competences if c["id"] == "c05")
    pdf = cap_site.site / "referentiel" / "grilles" / "pdf" / "competence-c05-evaluateur.pdf"
    text = squash(" ".join(p.content for p in pdf_pages(pdf)))
    assert squash(competence["intitule"]) in text
    positions = [text.index(squash(c["libelle"])) for c in competence["criteres"]]
    assert positions == sorted(positions)


@pytest.mark.site
def test_cap_pdfs_pass_the_accessibility_checker(cap_site: BuiltSite) -> None:
    """The checker of the CIP's PDFs: no error, and no warning the CIP's list does not admit."""
    admis = tomllib.loads(test_pdf_accessibilite.ADMIS.read_text(encoding="utf-8"))
    pdfs = test_pdf_accessibilite.site_pdfs(cap_site.site)
    assert len(pdfs) > 100  # 3 blocs and 14 compétences, 3 versions each, printed and fillable
    problems = []
    for path in pdfs:
        result = check(str(path))
        if result.error:
            problems.append(f"{path.name}: illisible ({result.error})")
        problems += [f"{path.name} p.{f.page}: {f.rule} {f.message}" for f in result.findings
                     if f.severity == "error" or f.rule not in admis]
    assert problems == []


@pytest.mark.site
@pytest.mark.parametrize("check", [test_terrain.test_reader_pages_speak_plain_french,
                                   test_terrain.test_pdfs_speak_plain_french],
                         ids=["pages", "pdf"])
def test_cap_speaks_plain_french(check, cap_site: BuiltSite) -> None:
    """The CIP's plain-French checks (no research note, repository, file path, field name or
    confidence letter for readers), on the CAP's pages and PDFs."""
    check(cap_site)
