"""Avant « mutmut run » (make mutation) : remet la copie de travail mutants/ d'accord avec le
projet. mutmut ne recopie pas un fichier déjà présent : sans ce ménage, un passage
incrémental testerait les mutants avec d'anciennes versions des autres modules et des tests.

Garde les modules mutés (et leurs résultats) dont la source existe encore ; retire le reste
(recopié par mutmut) et les statistiques de couverture (recalculées avec les tests du jour).
"""

from __future__ import annotations

import fnmatch
import shutil
import tomllib
from pathlib import Path


def main() -> None:
    mutants = Path("mutants")
    if not mutants.is_dir():
        return
    config = tomllib.loads(Path("pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]
    mutated = config["only_mutate"]
    for path in sorted(mutants.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(mutants)
        source = Path(str(rel).removesuffix(".meta").removesuffix(".spans"))
        if rel.parts[0] == "generator" and source.is_file() and any(
                fnmatch.fnmatch(str(source), pattern) for pattern in mutated):
            continue
        path.unlink()
    shutil.rmtree(mutants / "tests", ignore_errors=True)


if __name__ == "__main__":
    main()
