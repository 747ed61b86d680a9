"""``python -m generator export``: the three formats, read as the receiving tools read them.

Expected values come from the YAML (read by the tests, independently of the generator) and from
the published formats: the CASE 1.0 package schema of OpenSALT (vendored in
generator/schemas/externes/) and Moodle's tool_lpimportcsv importer.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import uuid
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
import yaml

from generator.cli import main
from generator.export.moodle import short_name

from .conftest import CASES, ROOT, assemble_case
from .site_helpers import BASE_FRAMEWORK, REAL_FRAMEWORK, FrameworkData, squash

REAL = FrameworkData(REAL_FRAMEWORK)
EXPORT_SCHEMA = ROOT / "generator" / "schemas" / "export" / "referentiel-cip.schema.json"
CASE_SCHEMA = ROOT / "generator" / "schemas" / "externes" / "case-v1p0-cfpackage-schema.json"
ECHELLE = yaml.safe_load((REAL_FRAMEWORK / "echelle.yml").read_text(encoding="utf-8"))

# Column names of Moodle's importer (lang/en/tool_lpimportcsv.php, in the order of
# framework_importer::list_required_headers()).
MOODLE_HEADERS = [
    "Parent ID number", "ID number", "Short name", "Description", "Description format",
    "Scale values", "Scale configuration", "Rule type (optional)", "Rule outcome (optional)",
    "Rule config (optional)", "Cross-referenced competency ID numbers", "Exported ID (optional)",
    "Is framework", "Taxonomy",
]


def run_export(fmt: str, framework: Path, tmp_path: Path, name: str = "") -> bytes:
    output = tmp_path / (name or f"export-{fmt}")
    assert main(["export", "--format", fmt, "--framework", str(framework),
                 "--output", str(output)]) == 0
    return output.read_bytes()


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    tmp = tmp_path_factory.mktemp("exports")
    return {fmt: run_export(fmt, REAL_FRAMEWORK, tmp) for fmt in ("json", "case", "moodle")}


def _criteres() -> list[dict]:
    return [critere for c in REAL.competences for critere in c.get("criteres", [])]


# -- the command ----------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "case", "moodle"])
def test_export_is_byte_identical_between_runs_and_on_stdout(fmt, exports, tmp_path) -> None:
    assert run_export(fmt, REAL_FRAMEWORK, tmp_path) == exports[fmt]
    proc = subprocess.run([sys.executable, "-m", "generator", "export", "--format", fmt],
                          cwd=ROOT, capture_output=True, check=False)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout == exports[fmt]
    assert proc.stderr == b""


def test_export_of_invalid_data_reports_diagnostics_and_exits_1(tmp_path, capsys) -> None:
    case = CASES / "invalid" / "dangling-reference"
    framework = assemble_case(case, tmp_path)
    output = tmp_path / "sortie.json"
    code = main(["export", "--format", "json", "--framework", str(framework),
                 "--output", str(output)])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert not output.exists()
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    assert err.replace(str(framework), "framework") == expected


def test_export_usage_errors_exit_2(tmp_path, capsys) -> None:
    assert main(["export", "--format", "json", "--framework", str(tmp_path / "absent")]) == 2
    assert "dossier du référentiel introuvable" in capsys.readouterr().err
    assert main(["export", "--format", "json", "--framework", str(BASE_FRAMEWORK),
                 "--output", str(tmp_path / "absent" / "x.json")]) == 2
    assert "dossier de sortie introuvable" in capsys.readouterr().err


# -- JSON -----------------------------------------------------------------------------------------

def _export_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(EXPORT_SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_json_export_validates_against_its_schema(exports) -> None:
    data = json.loads(exports["json"])
    errors = [f"{e.json_path}: {e.message}" for e in _export_validator().iter_errors(data)]
    assert errors == []


def _alter(data: dict, how: str) -> dict:
    data = json.loads(json.dumps(data))
    if how == "champ manquant":
        del data["competences"][0]["intitule"]
    elif how == "confiance inconnue":
        data["ccps"][0]["confiance"] = "Z"
    elif how == "champ inconnu":
        data["competences"][0]["criteres"][0]["commentaire"] = "ajouté à la main"
    elif how == "statut inconnu":
        data["competences"][0]["criteres"][0]["statut"] = "officieux"
    elif how == "sources absentes":
        del data["etapes"][0]["sources"]
    elif how == "séance : champ inconnu":
        data["seances"][0]["salle"] = "B12"
    elif how == "séance : durée en texte":
        data["seances"][0]["duree"] = "3 h 30"
    elif how == "séance : semaine en texte":
        data["seances"][0]["semaine"] = "1"
    elif how == "séance sans semaine ni date":
        data["seances"][0].pop("semaine", None)
        data["seances"][0].pop("date", None)
    elif how == "séance : formateur nommé et acteur":
        data["seances"][0]["formateur"] = {"nom": "Formatrice", "acteur": "cip"}
    elif how == "séance : étape sans durée":
        del data["seances"][0]["deroule"][0]["duree"]
    elif how == "séance : grille de deux cibles":
        data["seances"][0]["grilles"] = [{"competence": "cp01", "ccp": "ccp1"}]
    elif how == "séance : confiance absente":
        del data["seances"][0]["confiance"]
    elif how == "programme : champ inconnu":
        data["programme"]["rythme"]["vacances"] = 2
    elif how == "programme : exception de lieu inconnu":
        data["programme"]["exceptions"][0]["lieu"] = "vacances"
    return data


ALTERATIONS = [
    ("champ manquant", "$.competences[0]"),
    ("confiance inconnue", "$.ccps[0].confiance"),
    ("champ inconnu", "$.competences[0].criteres[0]"),
    ("statut inconnu", "$.competences[0].criteres[0].statut"),
    ("sources absentes", "$.etapes[0]"),
    ("séance : champ inconnu", "$.seances[0]"),
    ("séance : durée en texte", "$.seances[0].duree"),
    ("séance : semaine en texte", "$.seances[0].semaine"),
    ("séance sans semaine ni date", "$.seances[0]"),
    ("séance : formateur nommé et acteur", "$.seances[0].formateur"),
    ("séance : étape sans durée", "$.seances[0].deroule[0]"),
    ("séance : grille de deux cibles", "$.seances[0].grilles[0]"),
    ("séance : confiance absente", "$.seances[0]"),
    ("programme : champ inconnu", "$.programme.rythme"),
    ("programme : exception de lieu inconnu", "$.programme.exceptions[0].lieu"),
]


@pytest.mark.parametrize("how, where", ALTERATIONS, ids=[how for how, _ in ALTERATIONS])
def test_json_schema_rejects_an_altered_export(exports, how, where) -> None:
    altered = _alter(json.loads(exports["json"]), how)
    assert [e.json_path for e in _export_validator().iter_errors(altered)] == [where], how


def _sourced_objects(node: object):
    """Every object of ``node`` that cites sources (a list of source ids)."""
    for obj in _objects(node):
        sources = obj.get("sources")
        if isinstance(sources, list) and all(isinstance(s, str) for s in sources):
            yield obj


def test_json_export_holds_the_whole_framework(exports) -> None:
    data = json.loads(exports["json"])
    assert [c["id"] for c in data["competences"]] == [c["id"] for c in REAL.competences]
    assert [c["id"] for c in data["ccps"]] == [c["id"] for c in REAL.ccps]
    assert sorted(c["id"] for c in data["competences"] for c in c["criteres"]) == \
        sorted(c["id"] for c in _criteres())
    assert sorted(e["id"] for e in data["etapes"]) == sorted(e["id"] for e in REAL.etapes)
    assert sorted(o["id"] for o in data["outils"]) == sorted(o["id"] for o in REAL.outils)
    assert len(data["glossaire"]) == len(REAL.glossaire)
    assert [n["id"] for n in data["echelle"]["niveaux"]] == [n["id"] for n in ECHELLE["niveaux"]]
    versions = sorted(p.stem for p in (REAL_FRAMEWORK / "versions").glob("*.yml"))
    assert sorted(v["id"] for v in data["versions"]) == versions
    for competence, source in zip(data["competences"], REAL.competences, strict=True):
        assert competence["intitule"] == source["intitule"]
    # Every fact keeps its sources and carries its confidence; C and ? are « à vérifier ».
    sourced = list(_sourced_objects(data))
    assert len(sourced) > 100
    for obj in sourced:
        assert obj["confiance"] in {"A", "B", "C", "?"}, obj
        assert obj["a_verifier"] is (obj["confiance"] in {"C", "?"}), obj
    declared = {(c["id"], c.get("confiance")) for c in REAL.competences}
    for competence in data["competences"]:
        stated = dict(declared)[competence["id"]]
        if stated:
            assert competence["confiance"] == stated


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _as_exported(value: object, key: str = "") -> object:
    """A YAML value as the export writes it: a person given as text is ``{"nom": …}``."""
    if key in ("formateur", "intervenants"):
        people = value if isinstance(value, list) else [value]
        shown = [{"nom": p} if isinstance(p, str) else p for p in people]
        return shown if isinstance(value, list) else shown[0]
    return value


def _holds(exported: object, written: object) -> bool:
    """Everything written in the YAML is in the export, under the same keys (the export adds
    the effective ``confiance`` and ``a_verifier`` next to the sources)."""
    if isinstance(written, dict):
        return isinstance(exported, dict) and all(
            key in exported and _holds(exported[key], _as_exported(value, key))
            for key, value in written.items())
    if isinstance(written, list):
        return isinstance(exported, list) and len(exported) == len(written) and all(
            _holds(e, w) for e, w in zip(exported, written, strict=True))
    return type(exported) is type(written) and exported == written


def test_json_export_holds_the_sessions_and_the_programme(exports) -> None:
    data = json.loads(exports["json"])
    written = [_yaml(p) for p in sorted((REAL_FRAMEWORK / "seances").glob("*.yml"))]
    assert written, "le référentiel réel a des séances"
    # Sessions in the order of the calendar: week, then date, then identifier.
    order = sorted(written, key=lambda s: (s.get("semaine", 0), s.get("date", ""), s["id"]))
    assert [s["id"] for s in data["seances"]] == [s["id"] for s in order]
    for exported, source in zip(data["seances"], order, strict=True):
        assert _holds(exported, source), source["id"]
        for key in ("intervenants", "criteres", "outils", "grilles", "ressources"):
            assert exported[key] == _as_exported(source.get(key, []), key)
    programme = _yaml(REAL_FRAMEWORK / "programme.yml")
    assert _holds(data["programme"], programme)
    assert data["programme"]["exceptions"] == programme.get("exceptions", [])
    # A session is a teaching proposal: its confidence is that of its sources, « à vérifier ».
    confiance = {s["id"]: s["confiance"] for s in _yaml(REAL_FRAMEWORK / "sources.yml")["sources"]}
    for exported, source in zip(data["seances"], order, strict=True):
        expected = source.get("confiance") or max(
            (confiance[s] for s in source["sources"]), key="?CBA".index)
        assert (exported["confiance"], exported["a_verifier"]) == \
            (expected, expected in {"C", "?"})
    for part in ("debut", "duree", "rythme", "stagiaires"):
        if part in programme:
            assert data["programme"][part]["a_verifier"] is \
                (data["programme"][part]["confiance"] in {"C", "?"})


@pytest.mark.parametrize("case", ["base", "programme-seances"])
def test_json_export_of_a_framework_with_or_without_programme(tmp_path, case) -> None:
    if case == "base":
        framework = BASE_FRAMEWORK
    else:
        framework = assemble_case(CASES / "valid" / case, tmp_path)
    data = json.loads(run_export("json", framework, tmp_path, "export.json"))
    assert [e.json_path for e in _export_validator().iter_errors(data)] == []
    seances = sorted((framework / "seances").glob("*.yml"))
    assert sorted(s["id"] for s in data["seances"]) == sorted(p.stem for p in seances)
    if (framework / "programme.yml").is_file():
        assert _holds(data["programme"], _yaml(framework / "programme.yml"))
        assert seances, "le cas garde des séances"
        for path in seances:
            exported = next(s for s in data["seances"] if s["id"] == path.stem)
            assert _holds(exported, _yaml(path)), path.stem
    else:
        assert "programme" not in data
        assert data["seances"] == []


# -- CASE -----------------------------------------------------------------------------------------

def test_case_package_validates_against_the_published_case_schema(exports) -> None:
    schema = json.loads(CASE_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    package = json.loads(exports["case"])
    errors = [f"{e.json_path}: {e.message}"
              for e in jsonschema.Draft4Validator(schema).iter_errors(package)]
    assert errors == []
    # Formats the schema declares but jsonschema only checks with optional libraries.
    for obj in _objects(package):
        if "lastChangeDateTime" in obj:
            assert datetime.fromisoformat(obj["lastChangeDateTime"]).tzinfo is not None
        if "uri" in obj:
            parts = urlsplit(obj["uri"])
            assert parts.scheme == "urn" and parts.path.startswith("uuid:"), obj["uri"]
            assert uuid.UUID(parts.path.removeprefix("uuid:")) == uuid.UUID(obj["identifier"])


def test_case_schema_rejects_a_broken_package(exports) -> None:
    schema = json.loads(CASE_SCHEMA.read_text(encoding="utf-8"))
    package = json.loads(exports["case"])
    del package["CFItems"][0]["fullStatement"]
    package["CFAssociations"][0]["associationType"] = "estEnfantDe"
    assert len(list(jsonschema.Draft4Validator(schema).iter_errors(package))) == 2


def _objects(node: object):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _objects(value)


def test_case_package_structure(exports) -> None:
    package = json.loads(exports["case"])
    items = {i["identifier"]: i for i in package["CFItems"]}
    by_code = {i["humanCodingScheme"]: i for i in package["CFItems"]}
    assert len(items) == len(package["CFItems"])  # identifiers are unique
    statements = {squash(i["fullStatement"]) for i in package["CFItems"]}
    for ccp in REAL.ccps:
        assert squash(ccp["intitule"]) in statements
    for competence in REAL.competences:
        assert squash(competence["intitule"]) in statements
    for critere in _criteres():
        assert squash(critere["libelle"]) in statements
    # The tools that aim at a linked certification's compétences are items too (test_liens).
    vises = [o for o in REAL.outils if o.get("competences_visees")]
    assert len(package["CFItems"]) == (len(REAL.ccps) + len(REAL.competences) + len(_criteres())
                                       + len(vises))
    # isChildOf: CCP → document, competence → its CCP, criterion → its competence.
    parent = {a["originNodeURI"]["identifier"]: a["destinationNodeURI"]["identifier"]
              for a in package["CFAssociations"] if a["associationType"] == "isChildOf"}
    assert set(parent) == set(items)
    document = package["CFDocument"]["identifier"]
    partie = REAL.titre["vocabulaire"]["partie"]["singulier"]
    partie = partie[:1].upper() + partie[1:]
    ccp_items = {c["id"]: by_code[f"{partie} {c['numero']}"]["identifier"] for c in REAL.ccps}
    for ident in ccp_items.values():
        assert parent[ident] == document
    for competence in REAL.competences:
        comp = next(i for i in package["CFItems"]
                    if squash(i["fullStatement"]) == squash(competence["intitule"]))
        assert parent[comp["identifier"]] == ccp_items[competence["ccp"]]
        children = [i for i, p in parent.items() if p == comp["identifier"]]
        assert sorted(squash(items[c]["fullStatement"]) for c in children) == \
            sorted(squash(c["libelle"]) for c in competence["criteres"])
    # One rubric per competence, one criterion per critère, one level per level of the scale.
    assert len(package["CFRubrics"]) == len(REAL.competences)
    for rubric, competence in zip(package["CFRubrics"], REAL.competences, strict=True):
        criteria = rubric["CFRubricCriteria"]
        assert [squash(c["description"]) for c in criteria] == \
            [squash(c["libelle"]) for c in competence["criteres"]]
        for criterion in criteria:
            assert items[criterion["CFItemURI"]["identifier"]]["fullStatement"] == \
                criterion["description"]
            assert criterion["rubricId"] == rubric["identifier"]
            levels = criterion["CFRubricCriterionLevels"]
            assert [lvl["quality"] for lvl in levels] == [n["libelle"] for n in ECHELLE["niveaux"]]
            assert {lvl["rubricCriterionId"] for lvl in levels} == {criterion["identifier"]}
    # Dates come from the data (latest consultation of a source), not from the clock.
    sources = yaml.safe_load((REAL_FRAMEWORK / "sources.yml").read_text(encoding="utf-8"))
    latest = max(s["consulte_le"] for s in sources["sources"])
    assert {o["lastChangeDateTime"] for o in _objects(package) if "lastChangeDateTime" in o} == \
        {f"{latest}T00:00:00+00:00"}


def test_case_identifiers_survive_edits_of_the_texts(tmp_path) -> None:
    framework = tmp_path / "framework"
    shutil.copytree(BASE_FRAMEWORK, framework)
    before = json.loads(run_export("case", framework, tmp_path, "avant.json"))
    path = framework / "competences" / "cp01.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["intitule"] = "Un intitulé entièrement reformulé"
    data["criteres"][0]["libelle"] = "Un critère reformulé"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    after = json.loads(run_export("case", framework, tmp_path, "apres.json"))
    ids = lambda package: [o["identifier"] for o in _objects(package) if "identifier" in o]  # noqa: E731
    assert ids(before) == ids(after)
    assert before != after
    assert len({i["identifier"] for i in after["CFItems"]}) == len(after["CFItems"])


# -- Moodle ---------------------------------------------------------------------------------------

def _moodle_rows(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))


def test_moodle_csv_columns_and_framework_row(exports) -> None:
    raw = exports["moodle"]
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = _moodle_rows(raw)
    assert rows[0] == MOODLE_HEADERS
    assert all(len(row) == 14 for row in rows), [len(r) for r in rows]
    frameworks = [row for row in rows[1:] if row[12]]
    assert len(frameworks) == 1
    framework = frameworks[0]
    assert framework[0] == ""
    assert framework[12] == "1"
    assert len(rows) == 1 + 1 + len(REAL.ccps) + len(REAL.competences) + len(_criteres())


def test_moodle_scale_comes_from_our_scale(exports) -> None:
    framework = next(row for row in _moodle_rows(exports["moodle"])[1:] if row[12])
    niveaux = ECHELLE["niveaux"]
    assert framework[5].split(",") == [n["libelle"] for n in niveaux]
    config = json.loads(framework[6])
    assert "scaleid" in config[0]
    items = config[1:]
    assert [item["id"] for item in items] == list(range(1, len(niveaux) + 1))
    defaults = [niveaux[item["id"] - 1]["id"] for item in items if item["scaledefault"]]
    assert defaults == [ECHELLE["defaut"]]
    proficient = [niveaux[item["id"] - 1]["id"] for item in items if item["proficient"]]
    assert proficient and proficient == [n["id"] for n in niveaux if n["maitrise"]]
    assert framework[13].split(",") == ["domain", "competency", "indicator"]


IMPORTER_FIELDS = ["parentidnumber", "idnumber", "shortname", "description", "descriptionformat",
                   "scalevalues", "scaleconfiguration", "ruletype", "ruleoutcome", "ruleconfig",
                   "relatedidnumbers", "exportid", "isframework", "taxonomies"]


def import_like_moodle(raw: bytes) -> tuple[dict, list[dict]]:
    """What framework_importer does with the file (default column mapping): the framework row,
    then the tree built from the empty parent; rows it cannot attach are left out."""
    rows = _moodle_rows(raw)
    body = rows[1:]
    framework, flat = None, {}
    for row in body:
        # framework_importer::read_mapping_data(): columns by position; get_column_data()
        # gives "" for a missing column.
        cells = row + [""] * (len(IMPORTER_FIELDS) - len(row))
        record = dict(zip(IMPORTER_FIELDS, cells[: len(IMPORTER_FIELDS)], strict=True))
        record["children"] = []
        if record["isframework"]:
            framework = record
        else:
            flat[record["idnumber"]] = record
    assert framework is not None, "Moodle : « File format is invalid » (pas de ligne référentiel)"

    def add_children(node: dict, parent: str) -> None:
        for record in flat.values():
            if record["parentidnumber"] == parent:
                node["children"].append(record)
                add_children(record, record["idnumber"])

    add_children(framework, "")
    reached: list[dict] = []

    def walk(node: dict) -> None:
        for child in node["children"]:
            reached.append(child)
            walk(child)

    walk(framework)
    return framework, reached


def test_moodle_importer_reaches_every_row_with_our_hierarchy(exports) -> None:
    framework, reached = import_like_moodle(exports["moodle"])
    rows = _moodle_rows(exports["moodle"])[1:]
    assert len(reached) == len(rows) - 1  # no orphan silently dropped
    assert [c["idnumber"] for c in framework["children"]] == [c["id"] for c in REAL.ccps]
    by_id = {r["idnumber"]: r for r in reached}
    for competence in REAL.competences:
        assert by_id[competence["id"]]["parentidnumber"] == competence["ccp"]
        assert [c["idnumber"] for c in by_id[competence["id"]]["children"]] == \
            [c["id"] for c in competence["criteres"]]
    for record in [framework, *reached]:
        assert record["idnumber"] and record["shortname"]
        assert len(record["idnumber"]) <= 100 and len(record["shortname"]) <= 100
        assert record["descriptionformat"] == "1"  # FORMAT_HTML
    long_names = [c for c in _criteres() if len(squash(c["libelle"])) > 100]
    assert long_names, "le référentiel réel a des libellés de plus de 100 caractères"
    for critere in long_names:
        shown = by_id[critere["id"]]["shortname"]
        assert shown.endswith("…")
        assert squash(critere["libelle"]).startswith(shown[:-1])
        following = squash(critere["libelle"])[len(shown) - 1]
        assert not following.isalnum(), (shown, following)  # cut between two words
        description = by_id[critere["id"]]["description"].replace("&amp;", "&")
        assert squash(critere["libelle"]) in description


def test_moodle_importer_would_drop_an_orphan(exports) -> None:
    """The check above can fail: a row whose parent is unknown is not reached."""
    rows = _moodle_rows(exports["moodle"])
    rows[-1][0] = "inconnu"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    _, reached = import_like_moodle(buffer.getvalue().encode("utf-8"))
    assert len(reached) == len(rows) - 3


@pytest.mark.parametrize("text, expected", [
    ("court", "court"),
    ("mot " * 30, ("mot " * 25).strip() + "…"),
    ("mot " * 24 + "anticonstitutionnellement", ("mot " * 24).strip() + "…"),
    ("x" * 120, "x" * 99 + "…"),
])
def test_short_names_are_cut_between_words(text, expected) -> None:
    assert short_name(text) == expected
    assert len(short_name(text)) <= 100
