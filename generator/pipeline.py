"""The stages chained: load → validate → model → check. Pure apart from load's reading."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .checks import check, declared_ids
from .diagnostics import Diagnostic, has_errors, sort_diagnostics
from .load import ENTITY_KINDS, load_framework, load_schemas
from .model import Framework, build_model
from .validate import SchemaValidator


@lru_cache(maxsize=1)
def schema_validator() -> SchemaValidator:
    return SchemaValidator(load_schemas())


@dataclass
class Validation:
    framework: Framework | None
    diagnostics: list[Diagnostic]

    def failed(self, strict: bool = False) -> bool:
        return has_errors(self.diagnostics, strict)


def validate_framework(root: Path, display_root: str | None = None) -> Validation:
    """Every problem of the framework at ``root``, sorted; the model when there is no error."""
    loaded = load_framework(root, display_root)
    validator = schema_validator()
    diagnostics = list(loaded.diagnostics)
    valid_docs, partial_docs = [], []
    for doc in loaded.docs:
        problems = validator.validate(doc)
        diagnostics.extend(problems)
        if not problems:
            valid_docs.append(doc)
        else:
            # Its valid part still takes part in the checks: every problem in one run.
            partial = validator.pruned(doc)
            if partial is not None:
                partial_docs.append(partial)
    framework = build_model(valid_docs + partial_docs)
    entity_files = [rel for rel, kind in loaded.files.items() if kind in ENTITY_KINDS]
    diagnostics.extend(check(framework, declared_ids(loaded.docs, entity_files, loaded.files)))
    diagnostics = sort_diagnostics(diagnostics)
    return Validation(None if has_errors(diagnostics) else framework, diagnostics)
