"""``serve``: MkDocs' live-reloading server in front, the generator watching the sources.

MkDocs serves the docs folder and reloads the browser when a page changes. This process
watches framework/ (and the linked frameworks it names), site_templates/ and the hand-written
content/ and regenerates the Markdown on every change; MkDocs (``--dirty``) rebuilds only the
pages that changed, and the PDFs follow in the background (``apercu``). A broken edit prints
its located diagnostics and writes nothing, so the last good site stays served; fixing the
file recovers without a restart. (Changes to the generator's own Python code need a restart.)

Stopping is the same whatever asks for it: Ctrl+C (SIGINT), a service manager or ``kill``
(SIGTERM), a closed terminal (SIGHUP). MkDocs runs in its own process group, which is ended
as a whole (SIGTERM, then SIGKILL after a delay): nothing is left holding the port.
"""

from __future__ import annotations

import errno
import faulthandler
import ipaddress
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from .apercu import Apercu
from .build import Project
from .load import read_content
from .mkdocs_run import mkdocs_env
from .outputs import io_reason
from .paths import GENERATED
from .render import TEMPLATE_DIR

Snapshot = dict[str, tuple[int, int]]

# Signals that end ``serve`` cleanly, as Ctrl+C does.
# Ctrl+C too, by its own handler: a process started in the background by a shell (« … & »)
# inherits SIGINT ignored, and Python then gives it no KeyboardInterrupt.
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
# Seconds MkDocs is given to stop before it is killed.
STOP_TIMEOUT = 5.0


class _Stop(BaseException):
    """Raised by the handler of a stop signal to leave the watch loop (like KeyboardInterrupt,
    no ``except Exception`` on its way can take it for an error)."""


@contextmanager
def _stop_on_signals() -> Iterator[None]:
    """SIGTERM, SIGHUP and SIGINT interrupt the watch loop; every handler comes back
    afterwards."""

    def handler(signum: int, frame: object) -> None:
        raise _Stop(signum)

    previous = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
    for sig in STOP_SIGNALS:
        signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _ignore_stop_signals() -> None:
    """While stopping, a second Ctrl+C or SIGTERM must not interrupt the clean-up."""
    for sig in STOP_SIGNALS:
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
          interval: float = 0.1) -> int:
    # « kill -USR1 <pid> » writes where each thread of serve is (a stop that does not end).
    with suppress(AttributeError, ValueError, OSError):  # an error output without a file
        faulthandler.register(signal.SIGUSR1, all_threads=True)
    apercu = Apercu(project, framework, display_root)
    if not apercu.regenerate() and not project.generated_pages.is_dir():
        print("Aucune version valide à servir : corrigez les erreurs ci-dessus.", file=sys.stderr)
        return 1
    if read_content(project.content, GENERATED, project.root).diagnostics:
        # MkDocs reads content/ itself: a pipe would freeze it, a link would publish its target.
        print("Aucun site servi : corrigez les fichiers de content/ refusés ci-dessus.",
              file=sys.stderr)
        return 1
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty",
               "--dev-addr", address, "-f", str(project.config)]
    with _stop_on_signals():
        try:
            # Its own process group: MkDocs and anything it starts are ended together, by us.
            server = subprocess.Popen(command, cwd=project.root, env=mkdocs_env(),
                                      process_group=0)
        except _Stop:
            apercu.stop()
            return 0  # stopped before MkDocs was started
        try:
            print(f"Site servi sur http://{address}/ (Ctrl+C pour arrêter).", flush=True)
            stopped = _watch(server, project, framework, apercu, interval)
        except _Stop:
            stopped = True
        finally:
            _ignore_stop_signals()
            apercu.stop()
            stop_process_group(server)
    return 0 if stopped or server.returncode == 0 else 1


def _watch(server: subprocess.Popen, project: Project, framework: Path, apercu: Apercu,
           interval: float) -> bool:
    """Regenerate on every change until MkDocs ends (False) or a stop is asked (True)."""
    def roots() -> list[Path]:  # the linked frameworks are those the last save named
        return [framework, *apercu.dossiers_lies, TEMPLATE_DIR, project.content]

    skip = project.content / GENERATED
    state = snapshot(roots(), skip)
    try:
        while server.poll() is None:
            time.sleep(interval)
            current = snapshot(roots(), skip)
            if current != state:
                state = current
                apercu.regenerate()
                # the pages touched for MkDocs are not edits
                state.update((k, v) for k, v in apercu.touched.items() if k in state)
    except (KeyboardInterrupt, _Stop):
        return True
    return False


class AdresseIndisponible(Exception):
    """``--dev-addr`` cannot be served: the French reason, on one line."""


def verifier_adresse(address: str) -> None:
    """Before anything is built: ``address`` (« IP:PORT », as MkDocs reads it) is well formed
    and its port free. Raises ``AdresseIndisponible``."""
    host, _, port_text = address.rpartition(":")
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        port = int(port_text)
        if host != "localhost":
            host = str(ipaddress.ip_address(host))
    except ValueError:
        raise AdresseIndisponible(f"adresse « {address} » invalide : IP:PORT attendu, par "
                                  "exemple 127.0.0.1:8000") from None
    if not 0 < port < 65536:
        raise AdresseIndisponible(f"port {port} invalide : entre 1 et 65535")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as MkDocs' server
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise AdresseIndisponible(_raison_adresse(exc, host, port)) from None


def _raison_adresse(exc: OSError, host: str, port: int) -> str:
    if exc.errno == errno.EADDRINUSE:
        return (f"le port {port} de {host} est déjà utilisé (un autre « serve » ou un autre "
                f"serveur tourne) : arrêtez-le, ou choisissez un autre port avec --dev-addr "
                f"{host}:{port + 1 if port < 65535 else 8000}")
    if exc.errno == errno.EACCES:
        return (f"le port {port} est réservé à l'administrateur : choisissez un port au-delà "
                "de 1023 avec --dev-addr")
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"l'adresse {host} n'est pas celle de cette machine : essayez 127.0.0.1"
    return f"impossible d'écouter sur {host}:{port} : {io_reason(exc)}"
