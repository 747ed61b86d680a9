"""``serve``: MkDocs' live-reloading server in front, the generator watching the sources.

MkDocs serves the docs folder and reloads the browser when a page changes. This process
watches framework/, site_templates/ and the hand-written content/ and regenerates the
Markdown on every change; MkDocs (``--dirty``) rebuilds only the pages that changed, and the
PDFs follow in the background (``apercu``). A broken edit prints its located diagnostics and
writes nothing, so the last good site stays served; fixing the file recovers without a
restart. (Changes to the generator's own Python code need a restart.)

Stopping is the same whatever asks for it: Ctrl+C (SIGINT), a service manager or ``kill``
(SIGTERM), a closed terminal (SIGHUP). MkDocs runs in its own process group, which is ended
as a whole (SIGTERM, then SIGKILL after a delay): nothing is left holding the port.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .apercu import Apercu
from .build import Project
from .mkdocs_run import mkdocs_env
from .paths import GENERATED
from .render import TEMPLATE_DIR

Snapshot = dict[str, tuple[int, int]]

# Signals that end ``serve`` cleanly, as Ctrl+C does.
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
# Seconds MkDocs is given to stop before it is killed.
STOP_TIMEOUT = 5.0


class _Stop(Exception):
    """Raised by the handler of a stop signal to leave the watch loop."""


@contextmanager
def _stop_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP interrupt the watch loop; every handler comes back afterwards."""

    def handler(signum: int, frame: object) -> None:
        raise _Stop(signum)

    previous = {sig: signal.getsignal(sig) for sig in (*STOP_SIGNALS, signal.SIGINT)}
    for sig in STOP_SIGNALS:
        signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _ignore_stop_signals() -> None:
    """While stopping, a second Ctrl+C or SIGTERM must not interrupt the clean-up."""
    for sig in (*STOP_SIGNALS, signal.SIGINT):
        signal.signal(sig, signal.SIG_IGN)


def stop_process_group(proc: subprocess.Popen, timeout: float = STOP_TIMEOUT) -> None:
    """End ``proc`` and every process of its group: SIGTERM, then SIGKILL after ``timeout``
    to what is left (the leader if it hangs, anything it started)."""
    _signal_group(proc, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        pass
    _signal_group(proc, signal.SIGKILL)
    proc.wait()


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:  # nothing left in the group
        pass


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


def serve(project: Project, framework: Path, display_root: str, address: str,
          interval: float = 0.5) -> int:
    apercu = Apercu(project, framework, display_root)
    if not apercu.regenerate() and not project.generated_pages.is_dir():
        print("Aucune version valide à servir : corrigez les erreurs ci-dessus.", file=sys.stderr)
        return 1
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty",
               "--dev-addr", address, "-f", str(project.config)]
    with _stop_on_signals():
        # Its own process group: MkDocs and anything it starts are ended together, by us.
        server = subprocess.Popen(command, cwd=project.root, env=mkdocs_env(),
                                  process_group=0)
        try:
            print(f"Site servi sur http://{address}/ (Ctrl+C pour arrêter).", flush=True)
            stopped = _watch(server, project, framework, apercu, interval)
        finally:
            _ignore_stop_signals()
            apercu.stop()
            stop_process_group(server)
    return 0 if stopped or server.returncode == 0 else 1


def _watch(server: subprocess.Popen, project: Project, framework: Path, apercu: Apercu,
           interval: float) -> bool:
    """Regenerate on every change until MkDocs ends (False) or a stop is asked (True)."""
    roots = [framework, TEMPLATE_DIR, project.content]
    skip = project.content / GENERATED
    state = snapshot(roots, skip)
    try:
        while server.poll() is None:
            time.sleep(interval)
            current = snapshot(roots, skip)
            if current != state:
                state = current
                apercu.regenerate()
                # the pages touched for MkDocs are not edits
                state.update((k, v) for k, v in apercu.touched.items() if k in state)
    except (KeyboardInterrupt, _Stop):
        return True
    return False
