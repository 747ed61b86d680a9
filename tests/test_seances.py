"""Séances, calendar of the promotion and coverage of the framework.

Validation: the coverage warning (and its --strict error) and the rules that only apply with a
programme. Built site: the séance sheets, the calendar, the coverage page, the « Séances »
section of each compétence page and the « Programme » navigation. Expected values are computed
here from the YAML, independently of the generator.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from generator.cli import main

from .conftest import CASES, assemble_case
from .site_helpers import (
    REAL_FRAMEWORK,
    BuiltSite,
    copy_real_framework,
    resolve_link,
    shared_build,
    squash,
)

pytest_plugins = ["tests.conftest_site"]

PROGRAMME_CASE = CASES / "valid" / "programme-seances"
MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre"]


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _validate(framework: Path, monkeypatch, capsys, *options: str) -> tuple[int, str, str]:
    monkeypatch.chdir(framework.parent)
    code = main(["validate", "--framework", "framework", *options])
    out, err = capsys.readouterr()
    return code, out, err


def _heures(value: float) -> str:
    minutes = round(value * 60)
    h, m = divmod(minutes, 60)
    return f"{m} min" if not h else (f"{h} h {m:02d}" if m else f"{h} h")


# -- validation -----------------------------------------------------------------------------------

def test_uncovered_competence_is_a_warning_then_an_error_under_strict(tmp_path, monkeypatch,
                                                                        capsys) -> None:
    framework = assemble_case(PROGRAMME_CASE, tmp_path)
    # cp02 was worked on by these two séances only.
    (framework / "seances" / "accueil-promotion.yml").unlink()
    (framework / "seances" / "visite-structure.yml").unlink()
    expected = ("framework/programme.yml:1:5: warning[couverture.competence]: $.id: la compétence "
                "« cp02 » n'est travaillée par aucune séance du programme\n"
                "0 erreur, 1 avertissement dans 1 fichier\n")
    code, out, err = _validate(framework, monkeypatch, capsys)
    assert (code, err) == (0, expected)
    assert out.startswith("Référentiel valide")
    code, out, err = _validate(framework, monkeypatch, capsys, "--strict")
    assert (code, err, out) == (1, expected, "")


def test_without_programme_neither_coverage_nor_calendar_is_checked(tmp_path, monkeypatch,
                                                                      capsys) -> None:
    framework = assemble_case(PROGRAMME_CASE, tmp_path)
    (framework / "programme.yml").unlink()
    (framework / "seances" / "accueil-promotion.yml").unlink()
    (framework / "seances" / "visite-structure.yml").unlink()
    seance = framework / "seances" / "semaine-reportee.yml"
    # Week 2 is a field week of the rhythm; without programme.yml nothing says so.
    seance.write_text(seance.read_text(encoding="utf-8").replace("semaine: 10", "semaine: 2"),
                      encoding="utf-8")
    code, out, err = _validate(framework, monkeypatch, capsys, "--strict")
    assert (code, err) == (0, "")
    assert out.rstrip().endswith("1 séance.")


def test_a_seance_of_a_broken_file_still_counts_for_coverage(tmp_path, monkeypatch, capsys) -> None:
    """An invalid séance reports its own error, not a misleading « not covered » warning."""
    framework = assemble_case(PROGRAMME_CASE, tmp_path)
    seance = framework / "seances" / "accueil-promotion.yml"
    seance.write_text(seance.read_text(encoding="utf-8").replace("duree: 3.5", "duree: longue"),
                      encoding="utf-8")
    (framework / "seances" / "visite-structure.yml").unlink()
    code, _, err = _validate(framework, monkeypatch, capsys)
    assert code == 1
    assert "schema.type" in err and "couverture" not in err


def test_real_programme_is_valid_under_strict(tmp_path, monkeypatch, capsys) -> None:
    framework = tmp_path / "framework"
    copy_real_framework(framework)
    code, out, err = _validate(framework, monkeypatch, capsys, "--strict")
    assert (code, err) == (0, "")
    seances = sorted((REAL_FRAMEWORK / "seances").glob("*.yml"))
    assert out.splitlines()[0].endswith(f"{len(seances)} séances.")


# -- the real programme as data -------------------------------------------------------------------

REAL_SEANCES = [_load(p) for p in sorted((REAL_FRAMEWORK / "seances").glob("*.yml"))]
REAL_PROGRAMME = _load(REAL_FRAMEWORK / "programme.yml")
REAL_COMPETENCES = [_load(p) for p in sorted((REAL_FRAMEWORK / "competences").glob("*.yml"))]


def _week(seance: dict) -> int:
    if "semaine" in seance:
        return seance["semaine"]
    start = dt.date.fromisoformat(REAL_PROGRAMME["debut"]["date"])
    return (dt.date.fromisoformat(seance["date"]) - start).days // 7 + 1


def _school_weeks() -> set[int]:
    rythme = REAL_PROGRAMME["rythme"]
    cycle = rythme["ecole"] + rythme["terrain"]
    weeks = {n for n in range(1, REAL_PROGRAMME["duree"]["semaines"] + 1)
             if (n - 1) % cycle < rythme["ecole"]}
    for exception in REAL_PROGRAMME.get("exceptions", []):
        if exception["lieu"] == "ecole":
            weeks.add(exception["semaine"])
        else:
            weeks.discard(exception["semaine"])
    return weeks


def test_real_programme_covers_every_competence_from_school_weeks() -> None:
    assert len(REAL_SEANCES) >= 20
    covered = {c for s in REAL_SEANCES for c in s["competences"]}
    assert covered == {c["id"] for c in REAL_COMPETENCES}
    ecole = _school_weeks()
    assert len(ecole) == 13
    # Every school week has at least one séance.
    assert ecole <= {_week(s) for s in REAL_SEANCES if s["lieu"] == "ecole"}


# -- built pages ----------------------------------------------------------------------------------

def _page_of(seance: dict) -> str:
    return f"referentiel/programme/seances/{seance['id']}.html"


def _weeks_of(label: str) -> tuple[int, ...]:
    """« 7 » → (7,) ; « 2 à 4 » → (2, 3, 4)."""
    first, _, last = label.partition(" à ")
    return tuple(range(int(first), int(last or first) + 1))


def _table(page, first_header: str) -> list[list[str]]:
    for table in page.tables:
        if table and table[0] and table[0][0].startswith(first_header):
            return table
    raise AssertionError(f"{page.path.name} : aucun tableau « {first_header} »")


@pytest.mark.parametrize("seance", REAL_SEANCES, ids=[s["id"] for s in REAL_SEANCES])
def test_seance_sheet(real_site: BuiltSite, seance: dict) -> None:
    page = real_site.page(_page_of(seance))
    assert page.h1 == squash(seance["intitule"])
    assert "Programme type proposé" in page.text and "pas un texte officiel" in page.text
    reperes = {row[0]: row[1] for row in _table(page, "Repère")[1:]}
    assert reperes["Durée"] == _heures(seance["duree"])
    assert reperes["Quand"].startswith(f"Semaine {_week(seance)} (")
    deroule = _table(page, "N°")
    assert [row[1] for row in deroule[1:-1]] == [squash(e["titre"]) for e in seance["deroule"]]
    durees = [_heures(e["duree"] / 60) for e in seance["deroule"]]
    assert [row[2] for row in deroule[1:-1]] == durees
    assert deroule[-1][2] == _heures(seance["duree"])
    for objectif in seance["objectifs"]:
        assert squash(objectif) in page.text
    # Each compétence aimed at, with the criteria aimed at (or all of them), and their status.
    h3 = [text for tag, text in page.headings if tag == "h3"]
    by_id = {c["id"]: c for c in REAL_COMPETENCES}
    for cid in seance["competences"]:
        comp = by_id[cid]
        assert f"{comp['numero']}. {squash(comp['intitule'])}" in h3
        named = [c for c in comp["criteres"] if c["id"] in seance.get("criteres", [])]
        for critere in named or comp["criteres"]:
            assert squash(critere["libelle"]) in page.text
    rows = [row for table in page.tables if table[0] == ["Critère", "Statut"] for row in table[1:]]
    assert rows and all(row[1] in ("critère proposé", "critère officiel") for row in rows)


def test_seance_grids_link_to_existing_pdfs_and_pages(real_site: BuiltSite) -> None:
    checked = 0
    for seance in REAL_SEANCES:
        page = real_site.page(_page_of(seance))
        links = [(href, text) for href, h2, text in page.links if h2 == "Grilles à imprimer"]
        expected = []
        for grille in seance.get("grilles", []):
            if "outil" in grille:
                expected.append(f"outil-{grille['outil']}")
            else:
                kind = "competence" if "competence" in grille else "ccp"
                expected.append(f"{kind}-{grille[kind]}-{grille.get('variante', 'evaluateur')}")
        pdfs = [Path(href).name for href, text in links if text == "PDF à imprimer"]
        assert pdfs == [f"{key}.pdf" for key in expected], seance["id"]
        fill = [Path(href).name for href, text in links if text == "page à remplir"]
        assert fill == [f"{key}.html" for key in expected], seance["id"]
        for href, _ in links:
            target, _ = resolve_link(page.path, href)
            assert target.is_file(), (seance["id"], href)
            if target.suffix == ".pdf":
                assert target.read_bytes().startswith(b"%PDF"), href
            checked += 1
    assert checked >= 3 * len([g for s in REAL_SEANCES for g in s.get("grilles", [])])


def test_calendar_lists_every_week_and_its_seances(real_site: BuiltSite) -> None:
    page = real_site.page("referentiel/programme/index.html")
    table = _table(page, "Semaine")
    weeks = REAL_PROGRAMME["duree"]["semaines"]
    # One row per school week; consecutive field weeks share one row (« 2 à 4 »).
    rows = {_weeks_of(row[0]): row for row in table[1:]}
    assert [w for span in rows for w in span] == list(range(1, weeks + 1))
    ecole = {span[0] for span, row in rows.items() if row[2].startswith("École")}
    assert ecole == _school_weeks()
    assert all(len(span) == 1 for span, row in rows.items() if row[2].startswith("École"))
    start = dt.date.fromisoformat(REAL_PROGRAMME["debut"]["date"])
    for row in (table[1], table[-1]):
        monday = start + dt.timedelta(weeks=_weeks_of(row[0])[0] - 1)
        day = "1er" if monday.day == 1 else str(monday.day)
        assert row[1] == f"{day} {MOIS[monday.month - 1]} {monday.year}", row
    for seance in REAL_SEANCES:
        row = next(row for span, row in rows.items() if _week(seance) in span)
        assert squash(seance["intitule"]) in row[3], (seance["id"], row)
    # the séance links of the table (the page's « à vérifier » explanation follows the table)
    linked = {Path(href).stem for href, h2, _ in page.links
              if h2 == "Les semaines" and Path(href.split("#")[0]).parent.name == "seances"}
    assert linked == {s["id"] for s in REAL_SEANCES}
    assert "Programme type proposé" in page.text


def test_coverage_hours_are_shared_equally_and_add_up(real_site: BuiltSite) -> None:
    page = real_site.page("referentiel/programme/couverture.html")
    assert "à parts égales" in page.text
    table = _table(page, "Compétence")
    rows = {row[0].split(".")[0]: row for row in table[1:] if row[0][:1].isdigit()}
    assert len(rows) == len(REAL_COMPETENCES)
    total = 0.0
    for comp in REAL_COMPETENCES:
        seances = [s for s in REAL_SEANCES if comp["id"] in s["competences"]]
        heures = sum(s["duree"] / len(s["competences"]) for s in seances)
        total += heures
        row = rows[str(comp["numero"])]
        assert row[2] == _heures(heures), (comp["id"], row)
        assert "non couverte" not in row[0]
        for seance in seances:
            assert squash(seance["intitule"]) in row[1]
    assert abs(total - sum(s["duree"] for s in REAL_SEANCES)) < 1e-9
    assert table[-1][2] == _heures(total)
    # The séances × compétences grid: one row per séance, « ✓ » where it works on a compétence.
    grid = _table(page, "Séance")
    numbers = [int(n) for n in grid[0][3:]]
    by_title = {squash(s["intitule"]): s for s in REAL_SEANCES}
    for row in grid[1:-1]:
        seance = by_title[row[0]]
        numero = {c["id"]: c["numero"] for c in REAL_COMPETENCES}
        marked = {n for n, cell in zip(numbers, row[3:], strict=True) if cell == "✓"}
        assert marked == {numero[c] for c in seance["competences"]}, row
    assert len(grid) == len(REAL_SEANCES) + 2


@pytest.mark.parametrize("comp", REAL_COMPETENCES, ids=[c["id"] for c in REAL_COMPETENCES])
def test_competence_page_lists_its_seances(real_site: BuiltSite, comp: dict) -> None:
    page = real_site.page(f"referentiel/competences/{comp['id']}.html")
    assert ("h2", "Séances") in page.headings
    linked = {Path(href).stem for href, h2, _ in page.links
              if h2 == "Séances" and "/seances/" in href}
    assert linked == {s["id"] for s in REAL_SEANCES if comp["id"] in s["competences"]}


def test_programme_navigation_is_hierarchical(real_site: BuiltSite) -> None:
    nav = yaml.safe_load((real_site.project / ".generated" / "nav.yml").read_text(encoding="utf-8"))
    programme = next(item["Programme"] for item in nav["nav"]
                     if isinstance(item, dict) and "Programme" in item)
    assert list(programme[0].values()) == ["referentiel/programme/index.md"]
    assert list(programme[1].values()) == ["referentiel/programme/couverture.md"]
    groups = programme[2:]
    assert len(groups) == 13  # one per school period
    listed = []
    for group in groups:
        (title, entries), = group.items()
        assert title.startswith("Période ")
        assert all(isinstance(e, dict) and isinstance(next(iter(e.values())), str) for e in entries)
        assert len(entries) <= 4
        listed += [Path(next(iter(e.values()))).stem for e in entries]
    assert sorted(listed) == sorted(s["id"] for s in REAL_SEANCES)


# -- an uncovered compétence on the built site -----------------------------------------------------

@pytest.fixture(scope="module")
def partial_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The test programme with cp02 left without séance (a warning: the build goes on);
    pages only (--skip-pdf): the tests read the coverage and compétence pages."""
    def prepare(root: Path) -> Path:
        framework = assemble_case(PROGRAMME_CASE, root)
        for name in ("accueil-promotion", "visite-structure"):
            (framework / "seances" / f"{name}.yml").unlink()
        return framework

    built = shared_build(tmp_path_factory, "programme-partiel", prepare,
                         extra_args=["--skip-pdf"])
    assert built.proc.returncode == 0, built.proc.stderr
    assert "couverture.competence" in built.proc.stderr
    return built


def test_uncovered_competence_is_said_in_words(partial_site: BuiltSite) -> None:
    page = partial_site.page("referentiel/programme/couverture.html")
    assert "1 compétence non couverte" in page.text
    table = _table(page, "Compétence")
    row = next(r for r in table[1:] if r[0].startswith("2."))
    assert "non couverte" in row[0] and row[1] == "aucune" and row[2] == "0 h"
    covered = next(r for r in table[1:] if r[0].startswith("1."))
    assert "non couverte" not in covered[0]
    competence = partial_site.page("referentiel/competences/cp02.html")
    assert "non couverte" in competence.text
    assert ("Aucune séance du programme type ne travaille encore cette compétence."
            in competence.text)
