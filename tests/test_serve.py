"""``serve``: live reload on YAML edits, last good site kept on a broken edit, recovery."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import CASES, ROOT


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


def _wait_for(predicate, timeout: float = 30.0):
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
    shutil.copytree(CASES / "base" / "framework", tmp_path / "framework")
    return tmp_path


def test_serve_reloads_keeps_last_good_site_and_recovers(project: Path) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/referentiel/competences/cp01.html"
    log = (project / "serve.log").open("w+")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, stdout=log, stderr=subprocess.STDOUT, env=env,
    )
    try:
        page = _wait_for(lambda: _get(url))
        assert "Informer une personne" in page
        source = project / "framework" / "competences" / "cp01.yml"
        original = source.read_text(encoding="utf-8")

        source.write_text(original.replace("Informer une personne", "Renseigner une personne"),
                          encoding="utf-8")
        _wait_for(lambda: "Renseigner une personne" in (_get(url) or ""))

        source.write_text(original.replace("numero: 1", "numero: un"), encoding="utf-8")
        _wait_for(lambda: "schema.type" in Path(log.name).read_text(encoding="utf-8"))
        text = Path(log.name).read_text(encoding="utf-8")
        assert "framework/competences/cp01.yml:3:9: error[schema.type]: $.numero:" in text
        assert "le site affiché reste la dernière version valide" in text
        assert "Renseigner une personne" in (_get(url) or "")

        source.write_text(original, encoding="utf-8")
        _wait_for(lambda: "Informer une personne" in (_get(url) or ""))
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        log.close()
