"""``serve``: MkDocs' live-reloading server in front, the generator watching the sources.

MkDocs serves the docs folder and reloads the browser when a page changes. This process
watches framework/, site_templates/ and the hand-written content/ and regenerates the
Markdown on every change. A broken edit prints its located diagnostics and writes nothing,
so the last good site stays served; fixing the file recovers without a restart. (Changes
to the generator's own Python code need a restart.)
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from .build import Project, generate
from .diagnostics import report
from .mkdocs_run import mkdocs_env
from .paths import GENERATED
from .pdf import terminal_progress
from .render import TEMPLATE_DIR

Snapshot = dict[str, tuple[int, int]]


def snapshot(roots: list[Path], skip: Path) -> Snapshot:
    state: Snapshot = {}
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            if Path(dirpath) == skip:
                dirnames[:] = []
                continue
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for name in filenames:
                path = os.path.join(dirpath, name)
                try:
                    st = os.stat(path)
                except FileNotFoundError:
                    continue
                state[path] = (st.st_mtime_ns, st.st_size)
    return state


def _regenerate(project: Project, framework: Path, display_root: str) -> bool:
    result = generate(project, framework, display_root, progress=terminal_progress())
    report(result.diagnostics)
    if result.ok:
        if result.plan:
            print(result.plan.bilan.phrase(), flush=True)
        print(f"Référentiel valide : {result.written} page(s) mise(s) à jour.", flush=True)
    else:
        print("Modification refusée : le site affiché reste la dernière version valide.",
              file=sys.stderr, flush=True)
    return result.ok


def serve(project: Project, framework: Path, display_root: str, address: str,
          interval: float = 0.5) -> int:
    if not _regenerate(project, framework, display_root) and not project.generated_pages.is_dir():
        print("Aucune version valide à servir : corrigez les erreurs ci-dessus.", file=sys.stderr)
        return 1
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr", address,
               "-f", str(project.config)]
    server = subprocess.Popen(command, cwd=project.root, env=mkdocs_env())
    print(f"Site servi sur http://{address}/ (Ctrl+C pour arrêter).", flush=True)
    roots = [framework, TEMPLATE_DIR, project.content]
    skip = project.content / GENERATED
    state = snapshot(roots, skip)
    try:
        while server.poll() is None:
            time.sleep(interval)
            current = snapshot(roots, skip)
            if current != state:
                state = current
                _regenerate(project, framework, display_root)
    except KeyboardInterrupt:
        pass
    finally:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    return 0 if server.returncode in (0, -15, None) else 1
