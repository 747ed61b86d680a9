"""The compiled (fastjsonschema) validator must agree with jsonschema on every document:
it decides alone that a document is valid, so it must never accept what jsonschema rejects."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from generator.load import classify, load_framework, parse_yaml
from generator.pipeline import schema_validator
from generator.synth import synth_files

from .conftest import CASES, ROOT


def _docs():
    roots = [ROOT / "framework", *sorted(p for p in CASES.glob("*/*/framework")),
             CASES / "base" / "framework"]
    for root in roots:
        for doc in load_framework(root).docs:
            yield doc
    for rel, text in synth_files(40).items():
        kind, _ = classify(rel)
        if kind:
            doc, _ = parse_yaml(text, f"synth/{rel}", rel, kind)
            yield doc


def test_fast_engine_handles_every_kind() -> None:
    kinds = {doc.kind for doc in _docs()}
    validator = schema_validator()
    assert all(validator.fast_accepts(doc) is not None for doc in _docs()), kinds


@pytest.mark.parametrize("mutation", [None, "drop_sources", "empty_etapes", "bad_date"])
def test_fast_engine_agrees_with_jsonschema(mutation) -> None:
    validator = schema_validator()
    checked = rejected = 0
    for doc in _docs():
        data = doc.data
        if mutation == "drop_sources" and isinstance(data, dict) and "sources" in data:
            data.pop("sources")  # required everywhere: must be rejected by both
        elif mutation == "empty_etapes" and doc.kind == "outil" and isinstance(data, dict):
            data["etapes"] = []  # minItems beside a $ref (ignored by draft-7 engines)
        elif (mutation == "bad_date" and doc.kind == "sources" and isinstance(data, dict)
              and isinstance(data.get("sources"), list) and data["sources"]
              and isinstance(data["sources"][0], dict)):  # some cases break the list itself
            data["sources"][0]["consulte_le"] = "2026-02-30"
        explained = validator.explain(doc)
        assert validator.fast_accepts(doc) == (not explained), (doc.display, explained)
        checked += 1
        rejected += bool(explained)
    assert checked > 100
    if mutation:
        assert rejected > 0


def test_synthetic_paths_are_framework_files() -> None:
    assert all(classify(rel)[0] for rel in synth_files(12) if rel != PurePosixPath(".synthetique"))


def test_compiled_validators_are_cached_and_give_the_same_verdicts(tmp_path, monkeypatch) -> None:
    from generator.load import load_schemas
    from generator.validate import SchemaValidator

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    docs = list(_docs())
    first = SchemaValidator(load_schemas())  # compiles, then stores the compiled code
    cached = list((tmp_path / "referentiel-cip" / "validateurs").glob("*.marshal"))
    assert len(cached) == 1
    second = SchemaValidator(load_schemas())  # from the cache
    verdicts = [first.fast_accepts(doc) for doc in docs]
    assert verdicts == [second.fast_accepts(doc) for doc in docs]
    assert True in verdicts and None not in verdicts

    cached[0].write_bytes(b"abime")  # a damaged entry is compiled again, not trusted
    third = SchemaValidator(load_schemas())
    assert verdicts == [third.fast_accepts(doc) for doc in docs]
