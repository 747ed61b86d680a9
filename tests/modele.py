"""Small models for the unit tests: the base framework, alone or with a case's overlay."""

from __future__ import annotations

from pathlib import Path

from generator.checks import Declared, declared_ids
from generator.load import ENTITY_KINDS, load_framework
from generator.model import Framework
from generator.pipeline import validate_framework

from .conftest import CASES, assemble_case


def framework(tmp_path: Path, case: str | None = None,
              files: dict[str, str] | None = None) -> Framework:
    """The validated model of the base framework plus ``case`` (tests/cases/…) and ``files``
    (relative path → YAML text)."""
    root = _assemble(tmp_path, case, files)
    validation = validate_framework(root, "framework")
    assert validation.framework is not None, [d.format() for d in validation.diagnostics]
    return validation.framework


def unchecked(tmp_path: Path, case: str | None = None,
              files: dict[str, str] | None = None) -> tuple[Framework, Declared]:
    """The model and the declared ids before the checks (for a rule tested alone)."""
    from generator.model import build_model
    from generator.pipeline import schema_validator

    root = _assemble(tmp_path, case, files)
    loaded = load_framework(root, "framework")
    validator = schema_validator()
    docs = [doc for doc in loaded.docs if not validator.validate(doc)]
    entity_files = [rel for rel, kind in loaded.files.items() if kind in ENTITY_KINDS]
    return build_model(docs), declared_ids(loaded.docs, entity_files)


def _assemble(tmp_path: Path, case: str | None, files: dict[str, str] | None) -> Path:
    root = assemble_case(CASES / case if case else CASES / "base", tmp_path)
    for rel, text in (files or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root
