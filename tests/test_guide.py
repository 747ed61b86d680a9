"""Every YAML snippet of the authoring guide validates, and its error example gives exactly
the diagnostics the guide shows."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from generator.cli import main

from .conftest import CASES, ROOT

GUIDE = ROOT / "content" / "guide-auteur.md"
BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.S)


def _blocks() -> list[tuple[str, str]]:
    return BLOCK.findall(GUIDE.read_text(encoding="utf-8"))


def _validate_with(snippet: str, tmp_path: Path, monkeypatch, capsys) -> tuple[int, str]:
    target = re.match(r"# framework/(\S+)", snippet).group(1)
    framework = tmp_path / "framework"
    shutil.copytree(CASES / "base" / "framework", framework)
    (framework / target).parent.mkdir(parents=True, exist_ok=True)  # seances/ is optional
    (framework / target).write_text(snippet, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["validate", "--framework", "framework"])
    return code, capsys.readouterr().err


def test_guide_has_snippets() -> None:
    yaml_blocks = [body for lang, body in _blocks() if lang == "yaml"]
    assert len(yaml_blocks) >= 5


def test_every_valid_snippet_validates(tmp_path, monkeypatch, capsys) -> None:
    valid = [b for lang, b in _blocks() if lang == "yaml" and "(erreur)" not in b.splitlines()[0]]
    for i, snippet in enumerate(valid):
        code, err = _validate_with(snippet, tmp_path / str(i), monkeypatch, capsys)
        assert code == 0, (snippet.splitlines()[0], err)
        assert "error[" not in err, err


def test_error_example_gives_the_diagnostics_shown(tmp_path, monkeypatch, capsys) -> None:
    blocks = _blocks()
    index = next(i for i, (lang, b) in enumerate(blocks) if "(erreur)" in b.splitlines()[0])
    snippet, (lang, shown) = blocks[index][1], blocks[index + 1]
    assert lang == "text"
    code, err = _validate_with(snippet, tmp_path, monkeypatch, capsys)
    assert code == 1
    assert err == shown


def test_every_code_of_the_guide_table_exists_in_the_generator() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+\.[A-Za-z_]+)` \|", guide, re.M))
    sources = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "generator").rglob("*.py"))
    for code in documented - {c for c in documented if c.startswith("schema.")}:
        assert f'"{code}"' in sources, code
