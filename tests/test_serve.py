"""``serve``: live reload on YAML edits, last good site kept on a broken edit, recovery;
stopped by Ctrl+C, SIGTERM or SIGHUP, it leaves no process behind and frees its port."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import CASES, ROOT

pytestmark = pytest.mark.site  # serves a site


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(predicate, timeout: float = 90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError("délai dépassé")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "content", tmp_path / "content",
                    ignore=shutil.ignore_patterns("referentiel"))
    (tmp_path / "generator").symlink_to(ROOT / "generator")
    (tmp_path / "site_templates").symlink_to(ROOT / "site_templates")  # the theme
    shutil.copytree(CASES / "base" / "framework", tmp_path / "framework")
    return tmp_path


def _processes() -> dict[int, tuple[str, int, int, int]]:
    """Every live process: pid -> (state, parent pid, process group, session), from /proc."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path("/proc", entry, "stat").read_text()
        except OSError:  # ended meanwhile
            continue
        state, ppid, pgrp, session = stat[stat.rindex(")") + 2:].split()[:4]
        table[int(entry)] = (state, int(ppid), int(pgrp), int(session))
    return table


def _family(root: int) -> tuple[set[int], set[int]]:
    """The processes descending from ``root`` (itself included) and their process groups."""
    table = _processes()
    family, todo = set(), [root]
    while todo:
        pid = todo.pop()
        family.add(pid)
        todo += [child for child, (_, ppid, _, _) in table.items() if ppid == pid]
    return family & set(table), {table[pid][2] for pid in family if pid in table}


def _remaining(pids: set[int], groups: set[int]) -> list[int]:
    """Processes still alive (zombies excepted) among ``pids`` or in one of ``groups``."""
    return sorted(pid for pid, (state, _, pgrp, _) in _processes().items()
                  if state != "Z" and (pid in pids or pgrp in groups))


def _port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _in_the_background() -> None:
    """What a shell does to a command started with « & »: Ctrl+C (SIGINT) ignored."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextlib.contextmanager
def _serving(project: Path, port: int, background: bool = False):
    """``python -m generator serve`` in its own session; whatever happens in the test, its
    whole session is killed at the end (a failing test leaves no orphan either)."""
    log = (project / "serve.log").open("w+")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        preexec_fn=_in_the_background if background else None,
    )
    proc.log_path = project / "serve.log"  # type: ignore[attr-defined]
    try:
        yield proc, log
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        # Its session holds every process it started, even those it failed to end.
        for pid, (state, _, _, session) in _processes().items():
            if session == proc.pid and state != "Z":
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        log.close()


def test_serve_reloads_keeps_last_good_site_and_recovers(project: Path) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/referentiel/competences/cp01.html"
    with _serving(project, port) as (proc, log):
        page = _wait_for(lambda: _get(url))
        assert "Informer une personne" in page
        source = project / "framework" / "competences" / "cp01.yml"
        original = source.read_text(encoding="utf-8")

        source.write_text(original.replace("Informer une personne", "Renseigner une personne"),
                          encoding="utf-8")
        _wait_for(lambda: "Renseigner une personne" in (_get(url) or ""))
        # the title is in every page's navigation: no page keeps the old one (MkDocs --dirty
        # rebuilds them all when the navigation changes)
        other = url.replace("cp01.html", "cp02.html")
        assert "Renseigner une personne" in _get(other)
        assert "Informer une personne" not in _get(other)

        source.write_text(original.replace("numero: 1", "numero: un"), encoding="utf-8")
        _wait_for(lambda: "schema.type" in Path(log.name).read_text(encoding="utf-8"))
        text = Path(log.name).read_text(encoding="utf-8")
        assert "framework/competences/cp01.yml:3:9: error[schema.type]: $.numero:" in text
        assert "le site affiché reste la dernière version valide" in text
        _wait_for(lambda: "Renseigner une personne" in (_get(url) or ""))

        source.write_text(original, encoding="utf-8")
        _wait_for(lambda: "Informer une personne" in (_get(url) or ""))
        _stop_and_check(proc, port, signal.SIGINT)


def _log_of(proc: subprocess.Popen) -> str:
    return proc.log_path.read_text(encoding="utf-8", errors="replace")  # type: ignore[attr-defined]


def _stop_and_check(proc: subprocess.Popen, port: int, sig: int) -> None:
    """Stop serve by ``sig``: it exits 0, no process of it remains, the port is free."""
    family, groups = _family(proc.pid)
    assert len(family) >= 2, "le serveur MkDocs (processus enfant) n'a pas été trouvé"
    assert not _port_is_free(port)
    proc.send_signal(sig)
    try:
        code = proc.wait(timeout=20)
    except subprocess.TimeoutExpired:  # where it hangs, in its log (faulthandler)
        proc.send_signal(signal.SIGUSR1)
        time.sleep(1)
        raise AssertionError("serve ne s'arrête pas :\n" + _log_of(proc)[-6000:]) from None
    assert code == 0
    _wait_for(lambda: not _remaining(family, groups), timeout=5)
    assert _port_is_free(port)
    assert _get(f"http://127.0.0.1:{port}/") is None


@pytest.mark.parametrize(("sig", "background"),
                         [(signal.SIGTERM, False), (signal.SIGHUP, False),
                          (signal.SIGINT, True)],
                         ids=["SIGTERM", "SIGHUP", "SIGINT-arriere-plan"])
def test_serve_stopped_by_signal_leaves_nothing_behind(project: Path, sig: int,
                                                       background: bool) -> None:
    """Also Ctrl+C's signal sent to a serve started in the background by a shell, which
    inherits SIGINT ignored (the preview then never stopped: a test or a script that sends
    SIGINT waited for ever, and MkDocs stayed behind)."""
    port = _free_port()
    with _serving(project, port, background) as (proc, log):
        _wait_for(lambda: _get(f"http://127.0.0.1:{port}/referentiel/competences/cp01.html"))
        _stop_and_check(proc, port, sig)
        assert "Traceback" not in Path(log.name).read_text(encoding="utf-8")


def test_serve_shows_an_edit_first_then_redoes_its_pdfs_in_the_background(
        project: Path) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}/referentiel/"
    pdf = base + "grilles/pdf/competence-cp01-evaluateur.pdf"
    with _serving(project, port) as (proc, log):
        _wait_for(lambda: _get(base + "competences/cp01.html"))
        _wait_for(lambda: "Grilles PDF à jour" in Path(log.name).read_text(encoding="utf-8"))
        before = urllib.request.urlopen(pdf, timeout=5).read()
        source = project / "framework" / "competences" / "cp01.yml"
        source.write_text(source.read_text(encoding="utf-8").replace(
            "exactes et à jour", "exactes, datées et à jour"), encoding="utf-8")
        _wait_for(lambda: "datées" in (_get(base + "competences/cp01.html") or ""))
        _wait_for(lambda: "à refaire en arrière-plan" in Path(log.name).read_text("utf-8"))
        _wait_for(lambda: Path(log.name).read_text("utf-8").count("Grilles PDF à jour") >= 2)
        # written in the docs folder, then copied by MkDocs' next rebuild
        after = _wait_for(lambda: (data := urllib.request.urlopen(pdf, timeout=5).read())
                          != before and data)
        assert after.startswith(b"%PDF")
        _stop_and_check(proc, port, signal.SIGINT)

