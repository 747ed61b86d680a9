"""Bilan de « make mutation » : score et mutants survivants, par fonction.

Lancé après ``mutmut run`` depuis la racine du projet ; lit les résultats de mutants/.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

MUTMUT = Path(sys.executable).with_name("mutmut")
STATES = {
    "not checked": "non testés (budget atteint : relancez make mutation)",
    "no tests": "exécutés par aucun test du sous-ensemble",
    "timeout": "délai dépassé (comptés tués)",
    "suspicious": "suspects (lents)",
}


def _status() -> dict[str, str]:
    results = subprocess.run([MUTMUT, "results", "--all", "true"], check=True,
                             capture_output=True, text=True).stdout
    return dict(line.strip().rsplit(": ", 1) for line in results.splitlines() if ": " in line)


def to_replay(before: Path | None) -> int:
    """Prints the mutants that survived or met no test. With ``before`` (the same list written
    before ``mutmut run``), only those still in that state: mutmut does not replay an unchanged
    function, so a survivor that a new test now kills would stay « survived » without this."""
    if not Path("mutants").is_dir():
        return 0
    names = {name for name, state in _status().items() if state in ("survived", "no tests")}
    if before is not None:
        names &= set(before.read_text(encoding="utf-8").split())
    print("\n".join(sorted(names)))
    return 0


def main() -> int:
    if sys.argv[1:2] == ["--a-rejouer"]:
        return to_replay(Path(sys.argv[2]) if len(sys.argv) > 2 else None)
    subprocess.run([MUTMUT, "export-cicd-stats"], check=True, capture_output=True)
    stats = json.loads(Path("mutants/mutmut-cicd-stats.json").read_text(encoding="utf-8"))
    status = _status()
    survivors = sorted(name for name, state in status.items() if state == "survived")
    others = sorted((name, state) for name, state in status.items()
                    if state not in ("killed", "survived"))
    tested = stats["killed"] + stats["survived"] + stats["timeout"] + stats["suspicious"]
    caught = stats["killed"] + stats["timeout"]
    print(f"Score de mutation : {caught}/{tested} mutants tués "
          f"({100 * caught / max(tested, 1):.1f} %) ; survivants : {stats['survived']}")
    if others:
        for state, count in sorted(Counter(s for _, s in others).items()):
            print(f"  {count} {STATES.get(state, state)}")
    if survivors:
        print("\nSurvivants par fonction :")
        for function, count in sorted(Counter(n.split("__mutmut_")[0] for n in survivors).items()):
            print(f"  {count:3d}  {function}")
        print("\nSurvivants :")
        for name in survivors:
            print(f"  {name}")
        print(f"\nDétail d'un mutant : {MUTMUT} show NOM")
    return 0


if __name__ == "__main__":
    sys.exit(main())
