"""Command line: ``python -m generator {validate,build,serve,export,diff,synth}``.

Exit codes: 0 fine, 1 invalid data (every problem reported), 2 usage error.
Diagnostics go to stderr, one per line, followed by a summary line.
"""

from __future__ import annotations

import argparse
import errno
import os
import re
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import Diagnostic, report
from .libelles import pluriel
from .outputs import io_reason
from .text import terminal

if TYPE_CHECKING:
    from .build import Project

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

_ARGPARSE_FR = [
    (r"argument commande: invalid choice: '?([^' ]*)'? \(choose from (.*)\)",
     r"commande « \1 » inconnue (possibles : \2)"),
    (r"the following arguments are required: (.*)", r"arguments obligatoires manquants : \1"),
    (r"unrecognized arguments: (.*)", r"arguments non reconnus : \1"),
    (r"argument (\S+): invalid choice: '?([^' ]*)'? \(choose from (.*)\)",
     r"argument \1 : choix « \2 » invalide (possibles : \3)"),
    (r"argument (\S+): invalid int value: '(.*)'",
     r"argument \1 : nombre entier attendu, pas « \2 »"),
    (r"argument (\S+): expected one argument", r"argument \1 : une valeur est attendue"),
    (r"invalid choice: '?([^' ]*)'? \(choose from (.*)\)",
     r"commande « \1 » inconnue (possibles : \2)"),
]


class UsageError(Exception):
    """A command-line usage problem: printed in French, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        for pattern, french in _ARGPARSE_FR:
            if re.search(pattern, message):
                message = re.sub(pattern, french, message)
                break
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog} : erreur : {message}\n")


def _framework_dir(value: str) -> Path:
    path = Path(value)
    if path.exists() and not path.is_dir():
        raise UsageError(f"le référentiel est un dossier, pas un fichier : {value} ; donnez le "
                         "dossier qui contient titre.yml")
    if not path.is_dir():
        raise UsageError(f"dossier du référentiel introuvable : {value}")
    _looks_like_a_framework(path, value)
    return path


def _looks_like_a_framework(path: Path, value: str) -> None:
    """A folder with files, none of them a framework's (the project's root, another folder
    given by mistake), is refused before it is read: each of its files would be reported as
    unexpected. An empty folder is read: its missing files say how to start a framework."""
    from .load import FOLDERS, SINGLE_FILES  # not imported for « --help »

    try:
        names = {entry.name for entry in os.scandir(path) if not entry.name.startswith(".")}
    except OSError:
        return  # reported, in French, by the reading itself
    if not names or names & (set(SINGLE_FILES) | set(FOLDERS)):
        return
    hint = "donnez le dossier qui contient titre.yml"
    if (path / "framework" / "titre.yml").is_file():
        hint += f" (ici, sans doute {path / 'framework'})"
    raise UsageError(f"{value} n'est pas le dossier d'un référentiel : il ne contient ni "
                     f"titre.yml ni aucun des fichiers et dossiers d'un référentiel ; {hint}")


def _display_root(value: str) -> str:
    return value.rstrip("/\\") or value


def print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    report(diagnostics, sys.stderr)


def cmd_validate(args: argparse.Namespace) -> int:
    from .pipeline import validate_framework

    root = _framework_dir(args.framework)
    result = validate_framework(root, _display_root(args.framework))
    print_diagnostics(result.diagnostics)
    if result.failed(args.strict):
        return EXIT_INVALID
    fw = result.framework
    assert fw is not None
    counts = [
        fw.vocabulaire.partie.nombre(len(fw.ccps)),
        pluriel(len(fw.competences), "compétence"),
        pluriel(sum(len(c.criteres) for c in fw.competences), "critère"),
    ]
    # The optional parts are named only when the framework has them (a CAP has no ACI path).
    if fw.etapes:
        counts.append(pluriel(len(fw.etapes), "étape du parcours", "étapes du parcours"))
    if fw.outils:
        counts.append(pluriel(len(fw.outils), "outil"))
    counts += [pluriel(len(fw.glossaire), "terme du glossaire", "termes du glossaire"),
               pluriel(len(fw.sources), "source")]
    if fw.seances:
        counts.append(pluriel(len(fw.seances), "séance"))
    print("Référentiel valide : " + ", ".join(counts) + ".")
    for ident, lie in fw.lies:  # read and validated with it
        sigle = f" ({lie.titre.sigle})" if lie.titre else ""
        print(f"Référentiel lié « {ident} »{sigle} valide : "
              f"{pluriel(len(lie.competences), 'compétence')}.")
    return EXIT_OK


def _project() -> Project:
    from .build import Project

    project = Project(Path.cwd())
    if not project.config.is_file():
        raise UsageError("mkdocs.yml introuvable : lancez la commande depuis la racine du projet")
    return project


def _check_site_dir(project: Project, framework: Path, site_dir: Path) -> None:
    from .outputs import OutputError, check_site_dir

    protected = {"le référentiel": framework,
                 "le contenu": project.content, "le générateur": Path(__file__).parent,
                 "le cache": project.root / ".cache",
                 "les fichiers générés": project.generated_support}
    try:
        check_site_dir(site_dir, protected, {"le projet": project.root})
    except OutputError as exc:
        raise UsageError(str(exc)) from None


def _base_url(value: str | None) -> str | None:
    from .app import BaseUrlError, insecure, parse_base_url

    if value is None:
        return None
    try:
        base_url = parse_base_url(value)
    except BaseUrlError as exc:
        raise UsageError(str(exc)) from None
    if insecure(base_url):
        print(f"Attention : {base_url} n'est pas en https : le site s'y lira, mais ni hors "
              "ligne ni comme application (le navigateur l'exige).", file=sys.stderr)
    return base_url


def cmd_build(args: argparse.Namespace) -> int:
    from .arrets import Arret, arrets_propres
    from .build import build

    base_url = _base_url(args.base_url)
    root = _framework_dir(args.framework)
    project = _project()
    site_dir = Path(args.site_dir)
    _check_site_dir(project, root, site_dir)
    try:
        with arrets_propres():  # Ctrl+C, SIGTERM, SIGHUP: workers and MkDocs ended first
            result = build(project, root, _display_root(args.framework), site_dir,
                           skip_pdf=args.skip_pdf, strict=args.strict, base_url=base_url)
    except OSError as exc:
        raise UsageError(f"construction impossible : {io_reason(exc)}") from None
    except Arret as stop:
        _say_stopped(f"Construction arrêtée ({stop.cause}) : le site précédent est conservé.")
        return stop.code
    print_diagnostics(result.diagnostics)
    if not result.ok:
        print(f"Construction interrompue : {result.message}. Le site précédent est conservé.",
              file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def _say_stopped(line: str) -> None:
    """One line on stderr, on a line of its own after a progress counter; a closed terminal
    (SIGHUP) may not take it: the exit code still tells."""
    try:
        sys.stderr.write(("\n" if sys.stderr.isatty() else "") + line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import AdresseIndisponible, serve, verifier_adresse

    root = _framework_dir(args.framework)
    project = _project()
    try:  # before anything is built: a busy port is told at once
        verifier_adresse(args.dev_addr)
    except AdresseIndisponible as exc:
        raise UsageError(str(exc)) from None
    return serve(project, root, _display_root(args.framework), args.dev_addr)


def cmd_synth(args: argparse.Namespace) -> int:
    from .synth import MARKER, MAX_COMPETENCES, synth_files
    from .write import write_new_tree

    if not 1 <= args.competences <= MAX_COMPETENCES:
        raise UsageError(f"--competences : nombre entre 1 et {MAX_COMPETENCES} attendu")
    out = Path(args.out)
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise UsageError(f"{args.out} existe et n'est pas un dossier")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise UsageError(
            f"le dossier {args.out} n'est pas vide et ne contient pas un référentiel synthétique : "
            "choisissez un dossier absent ou vide"
        )
    try:  # written beside, then swapped in: a full disk leaves no half-written folder
        written = write_new_tree(out, synth_files(args.competences))
    except OSError as exc:
        raise UsageError(f"impossible d'écrire {args.out} : {io_reason(exc)} ; le dossier "
                         "est laissé tel qu'il était") from None
    print(f"Référentiel synthétique de {pluriel(args.competences, 'compétence')} écrit dans "
          f"{args.out} ({pluriel(written, 'fichier')} mis à jour).")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from .export import export
    from .outputs import OutputError, check_export_output
    from .pipeline import validate_framework
    from .write import write_file

    root = _framework_dir(args.framework)
    output = Path(args.output) if args.output else None
    if output is not None and not output.parent.is_dir():
        raise UsageError(f"dossier de sortie introuvable : {output.parent}")
    if output is not None:
        try:
            check_export_output(output, root)
        except OutputError as exc:
            raise UsageError(str(exc)) from None
    result = validate_framework(root, _display_root(args.framework))
    print_diagnostics(result.diagnostics)
    if result.failed():
        return EXIT_INVALID
    assert result.framework is not None
    data = export(args.format, result.framework).encode("utf-8")
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return EXIT_OK
    try:  # a temporary file, then renamed: a full disk leaves the previous file untouched
        write_file(output, data)
    except OSError as exc:
        raise UsageError(f"impossible d'écrire {output} : {io_reason(exc)}") from None
    print(f"Export {args.format} écrit dans {output}.", file=sys.stderr)
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from .diff import compare_frameworks, format_changes
    from .pipeline import validate_framework

    roots = [(_framework_dir(value), _display_root(value)) for value in (args.avant, args.apres)]
    results = [validate_framework(root, display) for root, display in roots]
    for result in results:
        print_diagnostics(result.diagnostics)
    if any(result.failed() for result in results):
        return EXIT_INVALID
    avant, apres = (result.framework for result in results)
    assert avant is not None and apres is not None
    # authored text: no escape code
    changes = format_changes(compare_frameworks(avant, apres), apres.vocabulaire)
    # A linked framework read on both sides (the CAP the tools aim at): its own changes after.
    for ident, lie_avant in avant.lies:
        lie_apres = apres.lie(ident)
        lie_changes = (compare_frameworks(lie_avant, lie_apres) if lie_apres is not None
                       else None)
        if lie_changes:  # an unchanged linked framework is not mentioned
            changes += (f"\nRéférentiel lié « {ident} » :\n"
                        + format_changes(lie_changes, lie_apres.vocabulaire))
    sys.stdout.write("".join(terminal(line) + "\n" for line in changes.splitlines()))
    return EXIT_OK


def _not_yet(issue: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        raise UsageError(f"la commande « {args.command} » n'est pas encore disponible ({issue})")

    return run


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m generator",
        description="Valide un référentiel de certification (YAML) et construit son site de "
                    "formation.",
    )
    sub = parser.add_subparsers(dest="command", metavar="commande", required=True,
                                parser_class=_Parser)

    def framework_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--framework", default="framework", metavar="DOSSIER",
                       help="dossier du référentiel (défaut : framework)")

    p = sub.add_parser("validate", help="vérifie les fichiers du référentiel")
    framework_option(p)
    p.add_argument("--strict", action="store_true", help="les avertissements font échouer")
    p.set_defaults(run=cmd_validate)

    p = sub.add_parser("build", help="construit le site (HTML et grilles PDF)")
    framework_option(p)
    p.add_argument("--site-dir", default="site", metavar="DOSSIER",
                   help="dossier du site construit (défaut : site)")
    p.add_argument("--skip-pdf", action="store_true", help="ne produit pas les PDF (aperçu rapide)")
    p.add_argument("--strict", action="store_true", help="les avertissements font échouer")
    p.add_argument("--base-url", metavar="ADRESSE",
                   help="adresse publique du site, par exemple "
                        "https://ecole.example/referentiel/ (liens canoniques, plan du site)")
    p.set_defaults(run=cmd_build)

    p = sub.add_parser("serve",
                       help="sert le site en local et le reconstruit à chaque modification")
    framework_option(p)
    p.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT",
                   help="adresse du serveur local (défaut : 127.0.0.1:8000)")
    p.set_defaults(run=cmd_serve)

    p = sub.add_parser("export", help="exporte le référentiel (JSON, CASE 1.0, Moodle)")
    p.add_argument("--format", required=True, choices=["json", "case", "moodle"],
                   help="json (tout le référentiel), case (paquet CASE 1.0), moodle (CSV)")
    framework_option(p)
    p.add_argument("--output", metavar="FICHIER",
                   help="fichier de sortie (défaut : sortie standard)")
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("diff", help="compare deux dossiers de référentiel")
    p.add_argument("--from", dest="avant", required=True, metavar="DOSSIER",
                   help="référentiel de départ")
    p.add_argument("--to", dest="apres", required=True, metavar="DOSSIER",
                   help="référentiel d'arrivée")
    p.set_defaults(run=cmd_diff)

    p = sub.add_parser("synth", help="écrit un référentiel synthétique de N compétences")
    p.add_argument("--competences", type=int, required=True, metavar="N")
    p.add_argument("--out", required=True, metavar="DOSSIER")
    p.set_defaults(run=cmd_synth)
    return parser


def _flush_stdout() -> None:
    """The command's output reaches its destination now, where a failure can be reported."""
    if sys.stdout is not None:
        sys.stdout.flush()


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if sys.stdout is None or sys.stdout.closed:
            raise UsageError("la sortie standard est fermée : redirigez-la vers un fichier ou "
                             "/dev/null plutôt que de la fermer")
        code = int(args.run(args))
        _flush_stdout()
        return code
    except UsageError as exc:
        print(f"{parser.prog} {args.command} : erreur : {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        if exc.errno not in _STDOUT_ERRORS:
            return _internal_error(parser, args, exc)
        _drop_stdout()
        print(f"{parser.prog} {args.command} : erreur : impossible d'écrire sur la sortie "
              f"standard : {io_reason(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug of ours, never bad input: say so briefly
        return _internal_error(parser, args, exc)


# Errors of a write to the standard output (full disk, closed pipe): not bugs.
_STDOUT_ERRORS = {errno.ENOSPC, errno.EPIPE, errno.EFBIG, errno.EDQUOT, errno.EIO, errno.EBADF}


def _drop_stdout() -> None:
    """After a failed write to stdout, what is still buffered cannot be written either: send
    it nowhere, so that Python's exit does not print its own error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _internal_error(parser: argparse.ArgumentParser, args: argparse.Namespace,
                    exc: BaseException) -> int:
    if os.environ.get("GENERATOR_DEBUG"):
        traceback.print_exc()
    print(
        f"{parser.prog} {args.command} : erreur interne du générateur ({type(exc).__name__}: "
        f"{terminal(exc)}) ; relancez avec GENERATOR_DEBUG=1 pour le détail",
        file=sys.stderr,
    )
    return EXIT_INVALID
