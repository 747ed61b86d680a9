"""The command-line contract: exit codes, French messages, no traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from generator.cli import main

from .conftest import CASES, ROOT


def test_validate_real_framework_exits_0(monkeypatch, capsys) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["validate"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Référentiel valide : 3 CCP, 15 compétences")
    assert "error[" not in err


def test_missing_framework_dir_is_a_usage_error(tmp_path, capsys) -> None:
    assert main(["validate", "--framework", str(tmp_path / "absent")]) == 2
    err = capsys.readouterr().err
    assert "dossier du référentiel introuvable" in err


def test_a_file_given_as_the_framework_is_a_usage_error(tmp_path, capsys) -> None:
    (tmp_path / "titre.yml").write_text("id: titre\n", encoding="utf-8")
    assert main(["validate", "--framework", str(tmp_path / "titre.yml")]) == 2
    err = capsys.readouterr().err
    assert err.endswith("le référentiel est un dossier, pas un fichier : "
                        f"{tmp_path / 'titre.yml'} ; donnez le dossier qui contient titre.yml\n")


def test_a_folder_that_is_no_framework_is_a_usage_error(tmp_path, capsys) -> None:
    """The project's root given by mistake: refused at once, with the folder to give, rather
    than each of its files reported as unexpected."""
    (tmp_path / "README.md").write_text("# Projet\n", encoding="utf-8")
    (tmp_path / "site").mkdir()
    (tmp_path / "framework").mkdir()
    (tmp_path / "framework" / "titre.yml").write_text("id: cip\n", encoding="utf-8")
    for command in (["validate"], ["export", "--format", "json"]):
        assert main([*command, "--framework", str(tmp_path)]) == 2
        err = capsys.readouterr().err
        assert err.endswith(f"{tmp_path} n'est pas le dossier d'un référentiel : il ne contient "
                            "ni titre.yml ni aucun des fichiers et dossiers d'un référentiel ; "
                            "donnez le dossier qui contient titre.yml (ici, sans doute "
                            f"{tmp_path / 'framework'})\n"), err
        assert err.count("\n") == 1


def test_an_empty_folder_is_read_as_a_framework_to_start(tmp_path, capsys) -> None:
    """An empty folder (hidden files aside) is a framework not yet written: its missing files
    are reported, all of them."""
    (tmp_path / ".DS_Store").write_bytes(b"")
    assert main(["validate", "--framework", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    for name in ("titre.yml", "sources.yml", "echelle.yml", "glossaire.yml"):
        assert f"{name}: error[file.missing]: fichier obligatoire absent" in err


@pytest.mark.parametrize(
    "argv, fragment",
    [
        ([], "arguments obligatoires manquants"),
        (["publier"], "commande « publier » inconnue"),
        (["export", "--format", "xml"], "choix « xml » invalide"),
        (["synth", "--competences", "beaucoup", "--out", "x"], "nombre entier attendu"),
        (["validate", "--inconnu"], "arguments non reconnus"),
    ],
)
def test_usage_errors_exit_2_in_french(argv, fragment, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert fragment in capsys.readouterr().err


def test_build_outside_project_is_a_usage_error(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--framework", str(CASES / "base" / "framework")]) == 2
    assert "mkdocs.yml introuvable" in capsys.readouterr().err


def test_diagnostics_format_through_the_real_entry_point(tmp_path) -> None:
    framework = tmp_path / "framework"
    subprocess.run(["cp", "-r", str(CASES / "base" / "framework"), str(framework)], check=True)
    (framework / "competences" / "cp01.yml").write_text("id: cp01\n\tccp: ccp1\n", encoding="utf-8")
    (framework / "ccp" / "ccp1.yml").write_bytes(b"\xff\xfe")
    proc = subprocess.run([sys.executable, "-m", "generator", "validate"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [
        "framework/ccp/ccp1.yml:1:1: error[yaml.encoding]: octet 0xFF invalide : le fichier doit "
        "être enregistré en UTF-8",
        "framework/competences/cp01.yml:2:1: error[yaml.tab]: tabulation interdite : indentez "
        "avec des espaces",
        "2 erreurs, 0 avertissement dans 2 fichiers",
    ]
