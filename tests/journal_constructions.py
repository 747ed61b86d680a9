"""Résumé du journal des constructions d'un passage de tests (CIP_JOURNAL_CONSTRUCTIONS) :
nombre de constructions et temps passé, par commande et par fichier de test.

    CIP_JOURNAL_CONSTRUCTIONS=/tmp/j.jsonl make test
    python tests/journal_constructions.py /tmp/j.jsonl
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict


def main(path: str) -> int:
    lines = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    by_command: dict[str, list[float]] = defaultdict(list)
    by_file: dict[str, list[float]] = defaultdict(list)
    for line in lines:
        by_command[line["commande"]].append(line["duree"])
        by_file[line["test"].split("::")[0]].append(line["duree"])
    print(f"{len(lines)} constructions, {sum(x['duree'] for x in lines):.0f} s en tout")
    for name, durations in sorted(by_command.items(), key=lambda kv: -sum(kv[1])):
        print(f"  {name:<20} {len(durations):>4} × , {sum(durations):>7.1f} s")
    print("par fichier de test :")
    for name, durations in sorted(by_file.items(), key=lambda kv: -sum(kv[1])):
        print(f"  {name:<50} {len(durations):>4} × , {sum(durations):>7.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
