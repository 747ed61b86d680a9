"""A site fixture is built once per test run, whatever the number of xdist workers: the first
worker builds under a file lock, the others wait and read the same record."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

# One worker: a fake factory whose base is <run>/popen-<name>, a build that takes a while and
# counts itself in <run>/builds.txt.
WORKER = r"""
import subprocess, sys, time
from pathlib import Path
import tests.site_helpers as cs

run, name = Path(sys.argv[1]), sys.argv[2]

class Factory:
    def getbasetemp(self):
        return run / f"popen-{name}"

def fake_build(root, framework, extra_args=None):
    with open(run / "builds.txt", "a") as handle:
        handle.write(name + "\n")
    time.sleep(1.5)
    (root / "projet").mkdir(parents=True, exist_ok=True)
    return subprocess.CompletedProcess(["build"], 0, "construit", ""), root / "projet"

cs.build_project = fake_build
built = cs.shared_build(Factory(), "essai", lambda root: root / "cadre")
print(built.proc.stdout, built.project)
"""


def test_two_workers_share_one_build(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, str(tmp_path), f"gw{i}"],
                                env=dict(env, PYTEST_XDIST_WORKER=f"gw{i}"), cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for i in range(2)]
    outputs = [w.communicate(timeout=300) for w in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs
    assert len((tmp_path / "builds.txt").read_text().split()) == 1  # built once
    project = tmp_path / "partage-essai" / "projet"
    assert [out.split() for out, _ in outputs] == [["construit", str(project)]] * 2
    record = json.loads((tmp_path / "partage-essai" / "construction.json").read_text())
    assert record["returncode"] == 0 and record["framework"].endswith("cadre")
