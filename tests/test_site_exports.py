"""The built site offers the exports and shows how the title changed between versions.

Expected values are read from the YAML of the real framework (framework/versions/, ccp/,
competences/), independently of the generator.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.confiance import CONFIANCE_LIBELLES
from generator.text import public_note

from .site_helpers import REAL_FRAMEWORK, BuiltSite, FrameworkData, resolve_link, squash

pytest_plugins = ["tests.conftest_site"]

ROOT = Path(__file__).resolve().parent.parent
REAL = FrameworkData(REAL_FRAMEWORK)
EXPORTS = {"json": "referentiel-cip.json", "case": "referentiel-cip.case.json",
           "moodle": "referentiel-cip-moodle.csv"}
SCHEMA = "referentiel-cip.schema.json"


@pytest.mark.parametrize("fmt", sorted(EXPORTS))
def test_site_offers_the_same_files_as_the_command(real_site: BuiltSite, fmt: str,
                                                   tmp_path) -> None:
    output = tmp_path / EXPORTS[fmt]
    assert main(["export", "--format", fmt, "--framework", str(REAL_FRAMEWORK),
                 "--output", str(output)]) == 0
    built = real_site.site / "referentiel" / "exports" / EXPORTS[fmt]
    assert built.read_bytes() == output.read_bytes()


def test_site_offers_the_json_schema(real_site: BuiltSite) -> None:
    built = real_site.site / "referentiel" / "exports" / SCHEMA
    shipped = ROOT / "generator" / "schemas" / "export" / SCHEMA
    assert built.read_bytes() == shipped.read_bytes()


def test_export_page_links_the_files_and_explains_them(real_site: BuiltSite) -> None:
    page = real_site.page("referentiel/exporter.html")
    assert page.h1 == "Exporter le référentiel"
    targets = {}
    for href, _, _ in page.links:
        resolved = resolve_link(page.path, href)
        if resolved and "/exports/" in resolved[0].as_posix():
            targets[resolved[0].name] = resolved[0]
    assert set(targets) == {*EXPORTS.values(), SCHEMA}
    assert all(path.is_file() for path in targets.values())
    text = page.text
    assert "Administration du site > Compétences > Importer un référentiel de compétences" in text
    assert "OpenSALT" in text and "CASE" in text
    assert "schéma JSON" in text
    echelle = yaml.safe_load((REAL_FRAMEWORK / "echelle.yml").read_text(encoding="utf-8"))
    for niveau in echelle["niveaux"]:
        assert niveau["libelle"] in text
    home = real_site.page("index.html")
    assert any(href.endswith("referentiel/exporter.html") for href, _, _ in home.links)


# -- versions of the title ------------------------------------------------------------------------

def _versions() -> list[dict]:
    folder = REAL_FRAMEWORK / "versions"
    data = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yml"))]
    return sorted(data, key=lambda v: v["annee"])


def _competences(version: dict) -> list[dict]:
    return [dict(c, ccp=ccp["numero"]) for ccp in version["ccp"] for c in ccp["competences"]]


def _tables(page, header: str) -> list[list[list[str]]]:
    return [t for t in page.tables if t and t[0] and t[0][1].startswith(header)]


def _plain(text: str) -> str:
    return squash(text).rstrip(" .")


def test_evolutions_page_lists_what_changed(real_site: BuiltSite) -> None:
    page = real_site.page("referentiel/evolutions.html")
    versions = _versions()
    titre = yaml.safe_load((REAL_FRAMEWORK / "titre.yml").read_text(encoding="utf-8"))
    years = [v["annee"] for v in versions] + [titre["version"]]
    h2 = [text for tag, text in page.headings if tag == "h2"]
    assert h2 == [f"De {a} à {b}" for a, b in zip(years, years[1:], strict=False)]
    first, second = versions[0], versions[1]
    old = _competences(first)
    new = _competences(second)
    mapped_old = {c.get("correspond_a") for c in old}

    # Competences without a successor are listed as removed, with their text and CCP.
    removed = [c for c in old if not c.get("correspond_a")]
    assert removed
    retirees = _tables(page, "CCP")
    rows = [row for table in retirees for row in table[1:] if len(row) == 3]
    for competence in removed:
        assert [f"« {squash(competence['intitule'])} »", f"CCP {competence['ccp']}"] in \
            [row[:2] for row in rows], competence

    # Competences of the later version that nothing corresponded to are listed as added.
    added = [c for c in new if c["correspond_a"] not in mapped_old]
    assert added
    ajoutees = _tables(page, f"Intitulé {second['annee']}")[0]
    assert [row[1] for row in ajoutees[1:]] == [f"« {squash(c['intitule'])} »" for c in added]
    assert all("à vérifier" in row[-1] for row in ajoutees[1:])  # 2018: confidence C

    # Renamed: same current competence, another wording (the final period does not count).
    renamed = []
    for competence in new:
        before = [c for c in old if c.get("correspond_a") == competence["correspond_a"]]
        if len(before) == 1 and _plain(before[0]["intitule"]) != _plain(competence["intitule"]):
            renamed.append((before[0], competence))
    renommees = _tables(page, "Ancien intitulé → nouvel intitulé")[0]
    assert len(renommees) - 1 == len(renamed)
    for (before, after), row in zip(renamed, renommees[1:], strict=True):
        assert row[1] == f"« {squash(before['intitule'])} » → « {squash(after['intitule'])} »"
        current = next(c for c in REAL.competences if c["id"] == after["correspond_a"])
        assert row[0] == f"Compétence {current['numero']}"
    linked = {Path(href).stem for href, _, _ in page.links if "competences/" in href}
    assert {after["correspond_a"] for _, after in renamed} <= linked

    # Several former competences for one current competence: merged.
    counts: dict[str, int] = {}
    for competence in old:
        if competence.get("correspond_a"):
            counts[competence["correspond_a"]] = counts.get(competence["correspond_a"], 0) + 1
    merged = sorted(cid for cid, n in counts.items() if n > 1)
    regroupees = _tables(page, f"Intitulés {first['annee']}")
    assert len(regroupees[0]) - 1 == len(merged)

    # The version notes are shown as readers see them (no field names, no research notes).
    for version in versions:
        assert squash(public_note(version["note"], CONFIANCE_LIBELLES)) in page.text
    assert "correspond_a" not in page.text
    assert "à vérifier" in page.text


def test_evolutions_page_is_in_the_navigation(real_site: BuiltSite) -> None:
    home = real_site.page("index.html")
    assert any(href.endswith("referentiel/evolutions.html") for href, _, _ in home.links)
