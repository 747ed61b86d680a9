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
