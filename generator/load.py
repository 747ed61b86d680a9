"""Stage 1: discover and parse the framework files. The only stage that reads input files.

YAML is composed with PyYAML's C loader (when available): composed nodes carry line and
column marks, duplicate keys are detected, no tag is ever constructed, aliases are refused
(so no alias bomb can expand) and scalars follow YAML 1.2 core rules (``no`` stays a string,
dates stay strings).
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from .diagnostics import Diagnostic
from .outputs import io_reason

try:
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _BaseLoader = yaml.SafeLoader

SCHEMA_DIR = Path(__file__).parent / "schemas"

# Layout of a framework directory: single files, then one-entity-per-file folders.
SINGLE_FILES = {
    "titre.yml": "titre",
    "sources.yml": "sources",
    "echelle.yml": "echelle",
    "glossaire.yml": "glossaire",
    "acteurs.yml": "acteurs",
    "ecole.yml": "ecole",
    "programme.yml": "programme",
    "dossier_professionnel.yml": "dossier_professionnel",
}
REQUIRED_FILES = ("titre.yml", "sources.yml", "echelle.yml", "glossaire.yml")
FOLDERS = {
    "ccp": "ccp",
    "competences": "competence",
    "parcours": "etape_parcours",
    "outils": "outil",
    "reconnaissances": "reconnaissance",
    "versions": "version_titre",
    "seances": "seance",
}
ENTITY_KINDS = frozenset(FOLDERS.values())

JsonPath = tuple[str | int, ...]
Position = tuple[int, int]


@dataclass
class SourceDoc:
    """One parsed framework file.

    ``positions`` maps the JSON path of every node to the 1-based (line, column) where its
    value starts; ``key_positions`` maps the path of every mapping entry to its key. Both are
    computed from ``text`` on first use: only diagnostics need them, so a valid framework
    never pays for them.
    """

    display: str
    rel: PurePosixPath
    kind: str
    data: Any
    text: str = field(default="", repr=False)
    _positions: dict[JsonPath, Position] | None = field(default=None, repr=False, compare=False)
    _key_positions: dict[JsonPath, Position] | None = field(default=None, repr=False,
                                                            compare=False)
    valeurs: int = field(default=0, repr=False, compare=False)  # YAML nodes (keys included)

    def _locate_all(self) -> None:
        converter = _Converter()
        converter.convert(yaml.compose(self.text, Loader=_Loader), ())
        self._positions, self._key_positions = converter.positions, converter.key_positions

    @property
    def positions(self) -> dict[JsonPath, Position]:
        if self._positions is None:
            self._locate_all()
        return self._positions  # type: ignore[return-value]

    @property
    def key_positions(self) -> dict[JsonPath, Position]:
        if self._key_positions is None:
            self._locate_all()
        return self._key_positions  # type: ignore[return-value]

    def locate(self, path: JsonPath, key: bool = False) -> Position:
        """Position of ``path``, or of its nearest ancestor that exists."""
        table = self.key_positions if key else self.positions
        positions = self.positions
        path = tuple(path)
        while path:
            if path in table:
                return table[path]
            if key and path in positions:
                return positions[path]
            path = path[:-1]
        return positions[()]  # the document itself: every converted document has its position


@dataclass
class LoadResult:
    docs: list[SourceDoc]
    diagnostics: list[Diagnostic]
    files: dict[PurePosixPath, str]  # every framework file found, parsed or not, with its kind


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """YAML 1.2 core scalars only: no yes/no booleans, no timestamps, no sexagesimals."""

    yaml_implicit_resolvers: dict = {}


_NULL_TAG = "tag:yaml.org,2002:null"

# The YAML 1.2 core forms of each non-text scalar type. They resolve plain scalars, and a value
# explicitly tagged (``!!int 12``) must have its type's form too (``!!int douze`` is refused).
_FORMS = {
    "tag:yaml.org,2002:bool": re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    "tag:yaml.org,2002:int": re.compile(r"^[-+]?[0-9]+$"),
    "tag:yaml.org,2002:float": re.compile(
        r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
    "tag:yaml.org,2002:null": re.compile(r"^(?:~|null|Null|NULL|)$"),
}
_FIRST_CHARACTERS = {"bool": "tTfF", "int": "-+0123456789", "float": "-+.0123456789",
                     "null": ["~", "n", "N", ""]}
for _tag, _form in _FORMS.items():
    _Loader.add_implicit_resolver(_tag, _form, list(_FIRST_CHARACTERS[_tag.rsplit(":", 1)[1]]))
del _tag, _form


def _resolve(self, kind, value, implicit, _by_first=_Loader.yaml_implicit_resolvers,
             _scalar=yaml.ScalarNode, _sequence=yaml.SequenceNode):
    """PyYAML's ``BaseResolver.resolve`` for a loader without path resolvers (the composer
    calls it for each of the 342 000 values of 3 000 compétences: a sixth of the reading)."""
    if kind is _scalar:
        if implicit[0]:
            for tag, form in _by_first.get(value[:1], ()):
                if form.match(value):
                    return tag
        return "tag:yaml.org,2002:str"
    return "tag:yaml.org,2002:seq" if kind is _sequence else "tag:yaml.org,2002:map"


def _no_path_resolver(self, *_args) -> None:
    """No path resolver: nothing to track while descending into the nodes."""


assert not _Loader.yaml_path_resolvers and None not in _Loader.yaml_implicit_resolvers
_Loader.resolve = _resolve
_Loader.descend_resolver = _no_path_resolver
_Loader.ascend_resolver = _no_path_resolver

_STR = "tag:yaml.org,2002:str"
_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
MAX_DIGITS = 15  # an integer of more digits is refused before conversion
MAX_DEPTH = 64  # nesting of lists and mappings
# YAML values (nodes: scalars, lists, mappings, keys included) of one file and of the whole
# framework: the real largest file holds 2 085, the real framework 12 320, a synthetic one of
# 3 000 compétences 342 000. Bytes alone do not bound the work: a 256 Ko flat list is 128 000
# values, and 80 of them once took 4 minutes and 2.5 Go to validate.
MAX_FILE_VALUES = 20_000
MAX_TOTAL_VALUES = 1_000_000


def _int(value: str) -> int:
    if len(value.lstrip("+-")) > MAX_DIGITS:
        raise _NeedsDetail
    return int(value)


_SCALAR_TAGS = {
    _STR: str,
    _INT: _int,
    _FLOAT: float,
    "tag:yaml.org,2002:bool": lambda v: v[0] in "tT",
    "tag:yaml.org,2002:null": lambda v: None,
}
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

_YAML_PROBLEMS = {
    "found character that cannot start any token": "caractère inattendu",
    "did not find expected node content": "valeur attendue",
    "but found another document": "un seul document YAML par fichier (séparateur « --- » en trop)",
    "found unexpected end of stream":
        "fin de fichier inattendue (guillemet ou crochet non fermé ?)",
    "mapping values are not allowed in this context": (
        "« : » inattendu ici ; mettez la valeur entre guillemets si elle contient « : »"
    ),
    "did not find expected '-' indicator":
        "élément de liste « - » attendu (indentation incohérente ?)",
    "did not find expected key": "clé attendue (indentation incohérente ?)",
    "could not find expected ':'": "« : » attendu après la clé",
    "found undefined alias": "alias YAML inconnu",
    "did not find expected ',' or ']'": "« , » ou « ] » attendu",
    "did not find expected ',' or '}'": "« , » ou « } » attendu",
    "did not find expected <document start>": "début de document « --- » attendu",
    "found unknown directive name": "directive YAML (« % ») inconnue",
    "found unknown escape character": "séquence d'échappement inconnue",
    "found a tab character that violates indentation": (
        "tabulation interdite dans l'indentation : utilisez des espaces"
    ),
    "block sequence entries are not allowed in this context": (
        "liste « - » inattendue ici : passez à la ligne et indentez la liste sous sa clé"
    ),
    "did not find expected alphabetic or numeric character": (
        "nom attendu après « & », « * » ou « ! » ; mettez la valeur entre guillemets"
    ),
    "found undefined tag handle": (
        "étiquette YAML (« ! ») inconnue ; mettez la valeur entre guillemets"
    ),
    "second occurrence": "ancre YAML (« & ») en double : retirez les ancres",
    "did not find expected hexdecimal number": (
        "chiffres hexadécimaux attendus après « \\x », « \\u » ou « \\U »"
    ),
    "did not find expected comment or line break": "fin de ligne attendue",
}


@dataclass(eq=False)
class _ConversionError(Exception):
    """A value the loader refuses: turned into a diagnostic by ``parse_yaml``."""

    code: str
    message: str
    position: Position
    json_path: str


def format_json_path(path: JsonPath) -> str:
    out = "$"
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", part):
            out += f".{part}"
        else:
            out += "[" + json.dumps(part, ensure_ascii=False) + "]"
    return out


def _whole_file(display: str, code: str, message: str) -> Diagnostic:
    """A problem of the file as a whole: line 0, shown without line nor column."""
    return Diagnostic(display, 0, 0, code, message)


def _pos(mark: yaml.Mark) -> Position:
    return (mark.line + 1, mark.column + 1)


class _Converter:
    """Turns a composed node graph into plain data, recording positions."""

    def __init__(self) -> None:
        self.positions: dict[JsonPath, Position] = {}
        self.key_positions: dict[JsonPath, Position] = {}
        self._seen: set[int] = set()

    def _scalar(self, node: yaml.ScalarNode, path: JsonPath) -> Any:
        tag = node.tag
        if tag == _INT and len(node.value.lstrip("+-")) > MAX_DIGITS:
            raise _ConversionError(
                "yaml.nombre", f"nombre trop grand (plus de {MAX_DIGITS} chiffres)",
                _pos(node.start_mark), format_json_path(path))
        build = _SCALAR_TAGS.get(tag)
        if build is None:
            raise self._bad_tag(node, path)
        if tag != _STR and not _FORMS[tag].match(node.value):
            value = f"« {node.value} »" if node.value else "vide"
            raise _ConversionError(
                "yaml.tag",
                f"valeur {value} impossible avec l'étiquette YAML "
                f"« {tag.replace('tag:yaml.org,2002:', '!!')} » : retirez l'étiquette",
                _pos(node.start_mark),
                format_json_path(path),
            )
        return build(node.value)

    def convert(self, node: yaml.Node, path: JsonPath) -> Any:
        if len(path) > MAX_DEPTH:
            raise _ConversionError(
                "yaml.profondeur",
                f"imbrication trop profonde : au plus {MAX_DEPTH} niveaux de listes et de "
                "dictionnaires", _pos(node.start_mark), format_json_path(path[:MAX_DEPTH]))
        if id(node) in self._seen:
            raise self._alias(node, path)
        self._seen.add(id(node))
        self.positions[path] = _pos(node.start_mark)
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, yaml.SequenceNode):
            if tag != _SEQ:
                raise self._bad_tag(node, path)
            return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
        if tag != _MAP:
            raise self._bad_tag(node, path)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not (isinstance(key_node, yaml.ScalarNode) and key_node.tag == _STR):
                raise _ConversionError(
                    "yaml.key",
                    "une clé doit être un mot (texte), pas une liste, un nombre ou une valeur vide",
                    _pos(key_node.start_mark),
                    format_json_path(path),
                )
            if id(key_node) in self._seen:  # an alias used as a key
                raise self._alias(key_node, path)
            self._seen.add(id(key_node))
            key = key_node.value
            child = path + (key,)
            if key in result:
                first = self.key_positions[child]
                raise _ConversionError(
                    "yaml.duplicate_key",
                    f"clé « {key} » en double (déjà définie ligne {first[0]})",
                    _pos(key_node.start_mark),
                    format_json_path(child),
                )
            self.key_positions[child] = _pos(key_node.start_mark)
            result[key] = self.convert(value_node, child)
        return result

    @staticmethod
    def _alias(node: yaml.Node, path: JsonPath) -> _ConversionError:
        return _ConversionError(
            "yaml.alias",
            "les alias YAML (*nom) ne sont pas acceptés : recopiez la valeur",
            _pos(node.start_mark),
            format_json_path(path),
        )

    @staticmethod
    def _bad_tag(node: yaml.Node, path: JsonPath) -> _ConversionError:
        return _ConversionError(
            "yaml.tag",
            f"étiquette YAML « {node.tag.replace('tag:yaml.org,2002:', '!!')} » interdite : "
            "seules les valeurs simples, listes et dictionnaires sont acceptés",
            _pos(node.start_mark),
            format_json_path(path),
        )


class _NeedsDetail(Exception):
    """The fast conversion met something it does not explain: the full converter will."""


_ScalarNode, _SequenceNode = yaml.ScalarNode, yaml.SequenceNode


_plain_count = [0]  # nodes converted by ``_plain`` (the budget of values counts them)


def _plain(node: yaml.Node) -> Any:
    """Plain data from a composed node, without positions: the common case of a valid file.
    Anything unusual (tag, non-text key, duplicate key) is left to ``_Converter``."""
    _plain_count[0] += 1
    cls = node.__class__
    if cls is _ScalarNode:
        tag = node.tag
        if tag == _STR:
            return node.value
        build = _SCALAR_TAGS.get(tag)
        if build is None or not _FORMS[tag].match(node.value):
            raise _NeedsDetail
        return build(node.value)
    if cls is _SequenceNode:
        if node.tag != _SEQ:
            raise _NeedsDetail
        return [_plain(item) for item in node.value]
    if node.tag != _MAP:
        raise _NeedsDetail
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if key_node.__class__ is not _ScalarNode or key_node.tag != _STR:
            raise _NeedsDetail
        key = key_node.value
        if key in result:
            raise _NeedsDetail
        _plain_count[0] += 1
        result[key] = _plain(value_node)
    return result


def _first_alias(text: str) -> Position | None:
    """Where the first alias (``*name``) stands; only called on the error path."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            return _pos(event.start_mark)
    return None


def _decode(raw: bytes, display: str) -> tuple[str | None, Diagnostic | None]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        # In characters, as the other positions: what precedes the first bad byte is valid.
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8")) + 1
        byte = raw[exc.start]
        return None, Diagnostic(
            display,
            line,
            column,
            "yaml.encoding",
            f"octet 0x{byte:02X} invalide : le fichier doit être enregistré en UTF-8",
        )


def _too_deep(text: str) -> Position | None:
    """Where the nesting passes MAX_DEPTH, or None. The event stream is read without
    recursion; it is only read when the text could nest that deep (many brackets or a
    long run of indicators at the start of a line)."""
    brackets = text.count("[") + text.count("{")
    # The document's own block mapping or list is one more level than brackets and indent.
    if brackets < MAX_DEPTH and not re.search(
            rf"^[ \t?:-]{{{MAX_DEPTH - brackets},}}", text, re.MULTILINE):
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return _pos(event.start_mark)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # the syntax error is reported by the composition
    return None


def _unprintable(text: str, exc: yaml.reader.ReaderError, display: str) -> Diagnostic:
    """Where the reader stopped (its position counts UTF-8 bytes) and which character."""
    before = text.encode("utf-8")[: exc.position].decode("utf-8", errors="ignore")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    # exc.character: the code point (an int, from libyaml's reader as from PyYAML's).
    return Diagnostic(display, line, column, "yaml.syntax",
                      f"caractère de contrôle interdit (U+{exc.character:04X}) : supprimez-le")


def parse_yaml(text: str, display: str, rel: PurePosixPath, kind: str,
               budget: int = MAX_TOTAL_VALUES) -> tuple[SourceDoc | None, list[Diagnostic]]:
    """Compose and convert one YAML text, of at most ``budget`` values (what is left of the
    framework's). Pure: no file access."""
    deep = _too_deep(text)
    if deep is not None:
        return None, [Diagnostic(
            display, *deep, "yaml.profondeur",
            f"imbrication trop profonde : au plus {MAX_DEPTH} niveaux de listes et de "
            "dictionnaires")]
    too_many = _too_many_values(text, display, budget)
    if too_many is not None:
        return None, [too_many]
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        # Scanner, parser and composer errors (libyaml's as PyYAML's) all carry the mark and
        # the text of their problem; the mark's index counts characters.
        mark, problem = exc.problem_mark, str(exc.problem)
        line, column = _pos(mark)
        offset = mark.index
        if 0 <= offset < len(text) and text[offset] == "\t":
            code, message = "yaml.tab", "tabulation interdite : indentez avec des espaces"
        else:
            code = "yaml.syntax"
            # A prefix: PyYAML's own messages (without libyaml) name the character after it.
            message = next((fr for en, fr in _YAML_PROBLEMS.items() if problem.startswith(en)),
                           f"syntaxe YAML invalide ({problem})")
            if problem.startswith("found character"):  # the character is at the mark
                message += f" « {text[offset]} »"
            if ((exc.context or "").startswith("while") and exc.context_mark
                    and exc.context_mark is not mark):
                message += f" (élément commencé ligne {exc.context_mark.line + 1})"
        return None, [Diagnostic(display, line, column, code, message)]
    except yaml.reader.ReaderError as exc:  # a non-printable character (control, BOM inside)
        return None, [_unprintable(text, exc, display)]
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag == _NULL_TAG
                        and root.value == ""):  # nothing, or a lone « --- »: no data at all
        return None, [_whole_file(display, "yaml.empty", "fichier vide")]
    if "&" not in text:  # no anchor, hence no alias: the fast conversion is safe
        _plain_count[0] = 0
        try:
            return SourceDoc(display, rel, kind, _plain(root), text,
                             valeurs=_plain_count[0]), []
        except _NeedsDetail:
            pass
    converter = _Converter()
    try:
        data = converter.convert(root, ())
    except _ConversionError as err:
        position = err.position
        if err.code == "yaml.alias":
            position = _first_alias(text) or position
        return None, [Diagnostic(display, *position, err.code, err.message, err.json_path)]
    return SourceDoc(display, rel, kind, data, text, converter.positions,
                     converter.key_positions,
                     valeurs=len(converter.positions) + len(converter.key_positions)), []


_NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent,
                yaml.AliasEvent)


def _values_bound(text: str) -> int:
    """At least the number of YAML values of ``text``, from a few counts of characters: each
    value starts a line or follows one of « - , [ { ? : », and may bring a second one (the
    empty value of a key alone, the one-pair mapping a « : » opens in a list). The exact
    count is only made when this bound is over the limit."""
    return 1 + 2 * (text.count("\n") + text.count(",") + text.count("[") + text.count("{")
                    + text.count("-") + text.count("?") + text.count(":"))


def _too_many_values(text: str, display: str, budget: int) -> Diagnostic | None:
    """A diagnostic at the value past the file's limit (or past what is left of the
    framework's ``budget``), found on the event stream before anything is composed."""
    limit = min(MAX_FILE_VALUES, budget)
    if 2 * len(text) < limit or _values_bound(text) <= limit:  # a character: 2 values at most
        return None
    count = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, _NODE_EVENTS):
                count += 1
                if count > limit:
                    break
        else:
            return None
    except yaml.YAMLError:
        return None  # the syntax error is reported by the composition
    if limit < MAX_FILE_VALUES:
        message = (f"fichier non lu : le référentiel dépasse {_nombre(MAX_TOTAL_VALUES)} "
                   "valeurs YAML au total (limite de taille)")
    else:
        message = (f"trop de valeurs : plus de {_nombre(MAX_FILE_VALUES)} valeurs YAML "
                   "(éléments de liste, clés et valeurs) dans ce fichier ; découpez-le ou "
                   "retirez ce qui n'est pas du référentiel")
    return Diagnostic(display, *_pos(event.start_mark), "yaml.valeurs", message)


def _nombre(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def classify(rel: PurePosixPath) -> tuple[str | None, str]:
    """Kind of a framework file from its path, or None with the reason it is unexpected."""
    parts = rel.parts
    if len(parts) == 1 and parts[0] in SINGLE_FILES:
        return SINGLE_FILES[parts[0]], ""
    if len(parts) == 2 and parts[0] in FOLDERS and rel.suffix == ".yml":
        return FOLDERS[parts[0]], ""
    if rel.suffix == ".yaml":
        return None, "extension « .yaml » : renommez le fichier en « .yml »"
    folders = ", ".join(f"{name}/" for name in FOLDERS)
    singles = ", ".join(SINGLE_FILES)
    return None, f"fichier inattendu : seuls {singles} et les fichiers .yml de {folders} sont lus"


def _walk(root: Path) -> Iterator[Path]:
    """Every visible file, sorted; a link to a folder is yielded (and refused), not followed."""
    for dirpath, dirnames, filenames in os.walk(root):
        links = [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in links)
        for name in sorted(filenames + links):
            if not name.startswith("."):
                yield Path(dirpath, name)


MAX_FILE_BYTES = 256 * 1024  # one framework file (the largest real one: 28 Ko)
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # the whole framework


def _mo(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} Mo" if size >= 1024 * 1024 else f"{size // 1024} Ko"


class _Refused(Exception):
    """A file that is not read: its reason, in French."""


def regular_file(path: Path, root: Path, dossier: str = "du dossier du référentiel") -> tuple[
        Path, os.stat_result]:
    """``path`` (or the target of its link) and its ``stat``, if it is a regular file that
    stays inside ``root``; checked without opening it (``lstat``): a pipe, a device or a
    socket is never opened. Raises ``_Refused`` naming the reason (and a link's target)."""
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        target = Path(os.path.realpath(path))
        if not target.is_relative_to(Path(os.path.realpath(root))):
            raise _Refused(f"lien symbolique vers « {target} », hors {dossier} : "
                           "remplacez-le par le fichier lui-même")
        path, info = target, os.stat(target)
    if not stat.S_ISREG(info.st_mode):
        raise _Refused("n'est pas un fichier ordinaire (tube, périphérique ou socket) : non lu")
    return path, info


def read_framework_file(path: Path, root: Path, budget: int, max_file: int = MAX_FILE_BYTES,
                        dossier: str = "du dossier du référentiel") -> bytes:
    """The bytes of a regular file of the framework, without ever blocking or leaving it.

    Checked before opening (``regular_file``): a symbolic link is only followed to a regular
    file inside ``root``; a file over ``max_file`` (or over what is left of the total
    ``budget``) is not read. The file is opened with O_NOFOLLOW | O_NONBLOCK and checked again
    once open. (Also the reader of content/'s pages, with their own limit.)"""
    path, info = regular_file(path, root, dossier)
    limit = min(max_file, budget)
    if info.st_size > limit:
        raise _TooBig(info.st_size, limit, max_file)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _Refused("n'est pas un fichier ordinaire : non lu")
        chunks, size = [], 0
        while chunk := os.read(fd, 1024 * 1024):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # the file grew while being read
                raise _TooBig(size, limit, max_file)
        return b"".join(chunks)
    finally:
        os.close(fd)


class _TooBig(_Refused):
    def __init__(self, size: int, limit: int, max_file: int = MAX_FILE_BYTES) -> None:
        self.size, self.total = size, limit < max_file
        if limit < max_file:
            reason = (f"fichier non lu : le référentiel dépasse {_mo(MAX_TOTAL_BYTES)} au total "
                      "(limite de taille)")
        else:
            reason = (f"fichier trop volumineux ({_mo(size)}) : {_mo(MAX_FILE_BYTES)} au plus "
                      "par fichier ; découpez-le ou retirez ce qui n'est pas du référentiel")
        super().__init__(reason)


def display_path(display_root: str, rel: PurePosixPath) -> str:
    return str(PurePosixPath(display_root.replace(os.sep, "/")) / rel)


def load_framework(root: Path, display_root: str | None = None) -> LoadResult:
    """Read and parse every file of a framework directory (sorted, deterministic)."""
    display_root = display_root if display_root is not None else str(root)
    docs: list[SourceDoc] = []
    diagnostics: list[Diagnostic] = []
    files: dict[PurePosixPath, str] = {}
    total = values = 0
    for path in _walk(root):
        rel = PurePosixPath(path.relative_to(root).as_posix())
        display = display_path(display_root, rel)
        if path.is_symlink() and path.is_dir():
            diagnostics.append(_whole_file(display, "file.special",
                                           "lien symbolique vers un dossier : non suivi"))
            continue
        kind, reason = classify(rel)
        if kind is None:
            diagnostics.append(_whole_file(display, "file.unexpected", reason))
            continue
        files[rel] = kind
        raw, problem = _guarded(display, str, read_framework_file, path, root,
                                MAX_TOTAL_BYTES - total)
        if raw is None:
            diagnostics.append(problem)  # type: ignore[arg-type]
            continue
        total += len(raw)
        text, problem = _decode(raw, display)
        if problem is not None:
            diagnostics.append(problem)
            continue
        doc, problems = parse_yaml(text, display, rel, kind, MAX_TOTAL_VALUES - values)
        diagnostics.extend(problems)
        if doc is not None:
            docs.append(doc)
            values += doc.valeurs
    for name in REQUIRED_FILES:
        if PurePosixPath(name) not in files:
            message = "fichier obligatoire absent"
            if (root / name).is_dir():
                message += " : c'est un dossier de ce nom qui est là, pas un fichier"
            diagnostics.append(_whole_file(display_path(display_root, PurePosixPath(name)),
                                           "file.missing", message))
    return LoadResult(docs, diagnostics, files)


# Hand-written pages and the export schema are read by build only (checked by test_site):
# outside validation, hence outside the mutation subset.
# pragma: no mutate start
@dataclass(frozen=True)
class ContentPage:
    """A hand-written page of content/: its path in the docs directory and its title."""

    path: PurePosixPath
    title: str


MAX_PAGE_BYTES = 2 * 1024 * 1024  # one hand-written page (the largest real one: 22 Ko)


@dataclass
class ContentResult:
    pages: list[ContentPage]
    diagnostics: list[Diagnostic]
    code: dict[PurePosixPath, str] = field(default_factory=dict)  # the ``code`` files asked


def _guarded(display: str, too_big: Callable[[_TooBig], str], read: Callable[..., bytes | None],
             *args: Any) -> tuple[bytes | None, Diagnostic | None]:
    """``read(*args)``, one of the guarded reads: its bytes, or the diagnostic saying why the
    file was refused (``too_big`` words a file over its size limit)."""
    try:
        return read(*args), None
    except _TooBig as exc:
        return None, _whole_file(display, "file.taille", too_big(exc))
    except _Refused as exc:
        return None, _whole_file(display, "file.special", str(exc))
    except OSError as exc:
        return None, _whole_file(display, "file.unreadable",
                                 f"lecture impossible : {io_reason(exc)}")


def _read_page(path: Path, project: Path, budget: int) -> bytes | None:
    """A file of content/: a Markdown page's bytes, None for another file (an image, a script:
    copied by MkDocs, never read here) once it is known to be a regular file of the project."""
    if path.is_symlink() and path.is_dir():
        raise _Refused("lien symbolique vers un dossier : non suivi ; remplacez-le par "
                       "le dossier lui-même")
    if path.suffix != ".md":
        regular_file(path, project, "du projet")
        return None
    return read_framework_file(path, project, budget, MAX_PAGE_BYTES, "du projet")


def _page_trop_grosse(exc: _TooBig) -> str:
    if exc.total:
        return (f"page non lue : les pages de content/ dépassent {_mo(MAX_TOTAL_BYTES)} au "
                "total (limite de taille)")
    return (f"page trop volumineuse ({_mo(exc.size)}) : {_mo(MAX_PAGE_BYTES)} au plus par "
            "page ; découpez-la")


def read_content(content_dir: Path, generated: str, project: Path,
                 display_root: str = "content",
                 code: tuple[PurePosixPath, ...] = ()) -> ContentResult:
    """The hand-written Markdown pages (the generated folder excluded), with their H1, read
    with the framework's guards: every file MkDocs would publish is a regular file inside the
    ``project`` (never a pipe, a device or a link leading out), a page is at most
    MAX_PAGE_BYTES and in UTF-8. Each file refused is a diagnostic. The ``code`` files (the
    browser's scripts and stylesheets, by path under ``content_dir``) are read too, with the
    same guards, and each one missing is a diagnostic."""
    pages: list[ContentPage] = []
    diagnostics: list[Diagnostic] = []
    sources: dict[PurePosixPath, str] = {}
    total = 0
    for rel in code:
        display = display_path(display_root, rel)
        if not os.path.lexists(content_dir / rel):
            diagnostics.append(_whole_file(display, "file.missing", "fichier absent : chaque "
                                           "page du site charge ce script ou ce style"))
            continue
        raw, problem = _guarded(display, _page_trop_grosse, read_framework_file,
                                content_dir / rel, project, MAX_TOTAL_BYTES - total,
                                MAX_PAGE_BYTES, "du projet")
        text, problem = (None, problem) if raw is None else _decode(raw, display)
        if raw is None or text is None:
            diagnostics.append(problem)  # type: ignore[arg-type]
            continue
        total += len(raw)
        sources[rel] = text
    for path in _walk(content_dir):
        rel = PurePosixPath(path.relative_to(content_dir).as_posix())
        if rel.parts[0] == generated:
            continue
        display = display_path(display_root, rel)
        raw, problem = _guarded(display, _page_trop_grosse, _read_page, path, project,
                                MAX_TOTAL_BYTES - total)
        if problem is not None:
            diagnostics.append(problem)
            continue
        if raw is None:  # an image, a script: copied by MkDocs, never read here
            continue
        total += len(raw)
        text, problem = _decode(raw, display)
        if text is None:
            diagnostics.append(problem)  # type: ignore[arg-type]
            continue
        title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")),
                     rel.stem)
        pages.append(ContentPage(rel, title))
    pages.sort(key=lambda p: (p.path != PurePosixPath("index.md"), p.path))
    return ContentResult(pages, diagnostics, sources)


def load_content(content_dir: Path, generated: str) -> list[ContentPage]:
    """The hand-written pages that ``read_content`` accepts (their project: content's parent)."""
    return read_content(content_dir, generated, content_dir.parent).pages


# pragma: no mutate end


def load_schemas() -> dict[str, dict]:
    """The JSON Schemas shipped with the generator, by file stem (``competence``…)."""
    return {
        path.name.removesuffix(".schema.json"): json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(SCHEMA_DIR.glob("*.schema.json"))
    }


EXPORT_SCHEMA = SCHEMA_DIR / "export" / "referentiel-cip.schema.json"


# pragma: no mutate start
def load_export_schema() -> str:
    """The JSON Schema of the JSON export, as shipped (offered for download with it)."""
    return EXPORT_SCHEMA.read_text(encoding="utf-8")
# pragma: no mutate end
