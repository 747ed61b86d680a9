"""The stages chained: load → validate → model → check. Pure apart from load's reading.

A framework may name, in its titre.yml, other frameworks whose compétences its tools aim at
(``referentiels_lies``: the CAP a salarié of an ACI prepares). Each is read from its folder
by the same load stage, with the same guards, and validated here in turn (its own problems
reported with its own files); the model keeps the linked frameworks read (``Framework.lies``)
for the checks and the pages.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from .checks import check, declared_ids
from .checks.context import error
from .diagnostics import Diagnostic, has_errors, sort_diagnostics
from .libelles import pluriel
from .load import ENTITY_KINDS, load_framework, load_schemas
from .model import Framework, ReferentielLie, build_model
from .validate import SchemaValidator


@lru_cache(maxsize=1)
def schema_validator() -> SchemaValidator:
    return SchemaValidator(load_schemas())


@dataclass
class Validation:
    framework: Framework | None
    diagnostics: list[Diagnostic]
    dossiers_lies: tuple[Path, ...] = ()  # the linked frameworks' folders read (serve watches)

    def failed(self, strict: bool = False) -> bool:
        return has_errors(self.diagnostics, strict)


# The frameworks being read, from the first one to the current one: (real folder, id).
Chain = tuple[tuple[str, str], ...]


def validate_framework(root: Path, display_root: str | None = None) -> Validation:
    """Every problem of the framework at ``root`` (and of the frameworks it links), sorted;
    the model when there is no error."""
    folders: list[Path] = []
    framework, diagnostics = _validate(root, display_root, (), folders)
    diagnostics = sort_diagnostics(diagnostics)
    return Validation(None if has_errors(diagnostics) else framework, diagnostics,
                      tuple(folders))


def _validate(root: Path, display_root: str | None, chain: Chain,
              folders: list[Path]) -> tuple[Framework, list[Diagnostic]]:
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
    if framework.titre is not None and framework.titre.referentiels_lies:
        here = chain + ((os.path.realpath(root), framework.titre.id),)
        lies, problems = _read_linked(framework.titre.referentiels_lies, root,
                                      display_root if display_root is not None else str(root),
                                      here, folders)
        framework = replace(framework, lies=lies)
        diagnostics.extend(problems)
    entity_files = [rel for rel, kind in loaded.files.items() if kind in ENTITY_KINDS]
    diagnostics.extend(check(framework, declared_ids(loaded.docs, entity_files, loaded.files)))
    return framework, diagnostics


def _read_linked(liens: tuple[ReferentielLie, ...], root: Path, display_root: str,
                 chain: Chain, folders: list[Path],
                 ) -> tuple[tuple[tuple[str, Framework], ...], list[Diagnostic]]:
    """The linked frameworks that could be read and are valid, and every problem met; the
    folders read are added to ``folders``."""
    lies: list[tuple[str, Framework]] = []
    out: list[Diagnostic] = []
    seen: set[str] = set()
    for lien in liens:
        if lien.id in seen:  # reported by the rule on unique ids
            continue
        seen.add(lien.id)
        folder = root / lien.dossier
        display = posixpath.normpath(posixpath.join(display_root.replace(os.sep, "/"),
                                                    lien.dossier))
        if not folder.is_dir():
            out.append(error(lien.origine, "lien.introuvable",
                             f"référentiel lié « {lien.id} » introuvable : pas de dossier "
                             f"« {display} »", "dossier"))
            continue
        real = os.path.realpath(folder)
        reals = [r for r, _ in chain]
        if real in reals:
            boucle = [i for _, i in chain[reals.index(real):]] + [chain[reals.index(real)][1]]
            out.append(error(lien.origine, "lien.boucle",
                             "boucle de référentiels liés (" + " → ".join(boucle) + ") : un "
                             "référentiel lié ne peut pas lier en retour celui qui le lie",
                             "dossier"))
            continue
        if not (folder / "titre.yml").is_file():  # never walk a folder that is no framework
            out.append(error(lien.origine, "lien.introuvable",
                             f"« {lien.dossier} » ne mène pas à un référentiel : le dossier "
                             f"« {display} » n'a pas de titre.yml", "dossier"))
            continue
        folders.append(folder)
        linked, problems = _validate(folder, display, chain, folders)
        out.extend(problems)
        errors = sum(1 for d in problems if has_errors([d]))
        if errors:
            files = len({d.file for d in problems if has_errors([d])})
            out.append(error(lien.origine, "lien.invalide",
                             f"référentiel lié « {lien.id} » invalide : "
                             f"{pluriel(errors, 'erreur')} dans {pluriel(files, 'fichier')} de "
                             f"« {display} » (voir ses diagnostics)"))
            continue
        assert linked.titre is not None  # titre.yml is required: no error, hence read
        if linked.titre.id != lien.id:
            out.append(error(lien.origine, "lien.id",
                             f"le référentiel de « {display} » a pour identifiant "
                             f"« {linked.titre.id} » (son titre.yml), pas « {lien.id} »", "id"))
            continue
        lies.append((lien.id, linked))
    return tuple(lies), out
