"""The code stays in rooms of a reasonable size, and lint-clean (part of « make test »)."""

from __future__ import annotations

import ast
import subprocess
import sys

from .conftest import ROOT

MAX_CLASS = 200  # lines
MAX_FUNCTION = 80


def _sizes() -> list[tuple[str, str, int, int]]:
    """(file, name, lines, limit) of every class and function of generator/."""
    out = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                lines = node.end_lineno - node.lineno + 1
                limit = MAX_CLASS if isinstance(node, ast.ClassDef) else MAX_FUNCTION
                out.append((str(path.relative_to(ROOT)), node.name, lines, limit))
    return out


def test_no_class_over_200_lines_no_function_over_80() -> None:
    sizes = _sizes()
    assert len(sizes) > 100  # the walk did find the code
    too_big = [f"{file}: {name} ({lines} lignes > {limit})"
               for file, name, lines, limit in sizes if lines > limit]
    assert too_big == []


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "generator", "tests", "benchmarks"],
        cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
