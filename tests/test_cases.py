"""Every fixture under tests/cases/: valid ones produce no diagnostic, invalid ones produce
exactly the diagnostics kept beside them in expected.txt (exit code 1). A case may add
command-line options in options.txt (``--strict`` for a rule that only warns)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main

from .conftest import CASES, assemble_case

INVALID = sorted(p for p in (CASES / "invalid").iterdir() if p.is_dir())
VALID = sorted(p for p in (CASES / "valid").iterdir() if p.is_dir())


def run_validate(case: Path, tmp_path: Path, monkeypatch, capsys) -> tuple[int, str, str]:
    assemble_case(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    options = case / "options.txt"
    extra = options.read_text(encoding="utf-8").split() if options.is_file() else []
    code = main(["validate", "--framework", "framework", *extra])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_case(case: Path, tmp_path, monkeypatch, capsys, request) -> None:
    code, out, err = run_validate(case, tmp_path, monkeypatch, capsys)
    expected_file = case / "expected.txt"
    if request.config.getoption("--update-expected"):
        expected_file.write_text(err, encoding="utf-8")
    assert err == expected_file.read_text(encoding="utf-8")
    assert code == 1
    assert out == ""
    assert "Traceback" not in err


@pytest.mark.parametrize("case", VALID, ids=[p.name for p in VALID])
def test_valid_case(case: Path, tmp_path, monkeypatch, capsys) -> None:
    code, out, err = run_validate(case, tmp_path, monkeypatch, capsys)
    assert (code, err) == (0, "")
    assert out.startswith("Référentiel valide")


def test_base_is_valid(tmp_path, monkeypatch, capsys) -> None:
    code, out, err = run_validate(CASES / "base", tmp_path, monkeypatch, capsys)
    assert (code, err) == (0, "")


def test_every_invalid_case_has_expected_diagnostics() -> None:
    for case in INVALID:
        expected = (case / "expected.txt").read_text(encoding="utf-8")
        lines = expected.splitlines()
        assert len(lines) >= 2, case.name
        assert all(": error[" in line or ": warning[" in line for line in lines[:-1]), case.name
        assert "erreur" in lines[-1], case.name


# Codes whose input cannot be kept as a fixture in git (a link to a system file, a named pipe, a
# file of several megabytes, a file the reader may not open): each has its own test.
CODES_TESTED_ELSEWHERE = {
    "file.special": "test_securite.py",  # lien hors du référentiel, tube, périphérique
    "file.taille": "test_securite.py",  # fichier et référentiel trop volumineux
    "file.unreadable": "test_securite.py",  # fichier que le lecteur ne peut pas ouvrir
}


def _emitted_codes() -> set[str]:
    """Every diagnostic code written in the loader, the pipeline (linked frameworks) and the
    checks (string constants such as ``"ref.unknown"``; file names such as ``"titre.yml"`` are
    not codes)."""
    import ast
    import re

    generator = Path(__file__).resolve().parent.parent / "generator"
    code = re.compile(r"[a-z]+\.[a-z_]+")
    files = [generator / "load.py", generator / "validate.py", generator / "pipeline.py",
             *(generator / "checks").glob("*.py")]
    found = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and code.fullmatch(node.value)
                    and not node.value.endswith((".yml", ".md", ".json", ".py"))):
                found.add(node.value)
    return found


def test_every_diagnostic_code_has_an_expected_diagnostics_case() -> None:
    cased = set()
    for case in INVALID:
        for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
            if "error[" in line or "warning[" in line:
                cased.add(line.split("[", 1)[1].split("]", 1)[0])
    emitted = _emitted_codes()
    assert {"ref.unknown", "yaml.alias", "seance.ferie", "dp.ccp_absent"} <= emitted
    assert emitted - cased - CODES_TESTED_ELSEWHERE.keys() == set()
    for code, test_file in CODES_TESTED_ELSEWHERE.items():  # no stale or unverified exemption
        assert code in emitted
        assert f"error[{code}]" in (Path(__file__).parent / test_file).read_text(encoding="utf-8")
