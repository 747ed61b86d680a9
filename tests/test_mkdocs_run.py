"""The MkDocs subprocess (generator/mkdocs_run.py) and the diagnostics report: one clean-up
whatever happens, one way of printing problems."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic, Severity, report
from generator.mkdocs_run import MkDocsBuild, MkDocsFailed, staging_dir


def test_leaving_the_block_cancels_mkdocs_and_removes_the_staging_folder(tmp_path: Path) -> None:
    site = tmp_path / "site"
    with pytest.raises(KeyboardInterrupt):
        with MkDocsBuild(tmp_path / "mkdocs.yml", tmp_path, site) as mkdocs:
            proc = mkdocs.proc
            mkdocs.staging.mkdir()
            raise KeyboardInterrupt
    assert proc is not None and proc.returncode is not None
    assert not staging_dir(site).exists()
    assert not site.exists()


def test_a_failed_mkdocs_leaves_the_previous_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("ancien", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ndocs_dir: absent\n", encoding="utf-8")
    with MkDocsBuild(tmp_path / "mkdocs.yml", tmp_path, site) as mkdocs:
        mkdocs.release()
        with pytest.raises(MkDocsFailed, match="MkDocs a échoué"):
            mkdocs.finish()
    assert (site / "index.html").read_text(encoding="utf-8") == "ancien"
    assert not staging_dir(site).exists()


def test_report_prints_each_diagnostic_then_the_summary() -> None:
    out = io.StringIO()
    report([Diagnostic("a.yml", 2, 3, "ref.unknown", "outil inconnu « x »", "$.outils[0]"),
            Diagnostic("b.yml", 0, 0, "seance.duree", "trop long", "",
                       Severity.WARNING)], out)
    assert out.getvalue() == (
        "a.yml:2:3: error[ref.unknown]: $.outils[0]: outil inconnu « x »\n"
        "b.yml: warning[seance.duree]: trop long\n"
        "1 erreur, 1 avertissement dans 2 fichiers\n")
    empty = io.StringIO()
    report([], empty)
    assert empty.getvalue() == ""
