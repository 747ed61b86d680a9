"""CSV competency framework for Moodle (plugin tool_lpimportcsv, « Importer un référentiel de
compétences »).

Format read from Moodle's source (admin/tool/lpimportcsv/classes/framework_importer.php and
framework_exporter.php, lang/en/tool_lpimportcsv.php):

- UTF-8, comma separator, one header row with the 14 column names below, in this order (the
  importer maps columns by position unless the user changes the mapping);
- exactly one row with « Is framework » set: it carries the scale (« Scale values »: the
  scale items separated by commas) and its configuration (JSON: ``[{"scaleid": …},
  {"id": n, "scaledefault": 0|1, "proficient": 0|1}, …]``, n = 1-based item index; the
  importer replaces the scale id, and Moodle requires one default and at least one
  proficient item) and the taxonomy of each level;
- competency rows are attached to the row whose « ID number » equals their « Parent ID
  number », top-level ones having an empty parent; a row whose parent does not exist is
  silently dropped by the importer;
- ID number and short name are cut to 100 characters by the importer (shorten_text).

A cell that would start a formula in a spreadsheet (``=``, ``+``, ``-``, ``@``, tab, line
break) starts with an apostrophe: the importer keeps it as typed, a spreadsheet shows text.

Hierarchy: framework → CCP → competences → criteria. Full texts go in the HTML description.
"""

from __future__ import annotations

import csv
import html
import io
import json

from ..libelles import majuscule
from ..model import Framework
from ..relations import competences_par_ccp
from ..text import csv_cell

HEADERS = (
    "Parent ID number",
    "ID number",
    "Short name",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross-referenced competency ID numbers",
    "Exported ID (optional)",
    "Is framework",
    "Taxonomy",
)
FORMAT_HTML = "1"
SHORTNAME_MAX = 100
TAXONOMIES = "domain,competency,indicator"  # CCP, compétence, critère


def short_name(text: str, limit: int = SHORTNAME_MAX) -> str:
    """At most ``limit`` characters, cut between two words when possible, with « … »."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and text[limit - 1] != " ":
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–") + "…"


def scale_item(libelle: str) -> str:
    """A scale item: Moodle separates items with commas, so a comma cannot appear in one."""
    return " ".join(libelle.replace(",", " ;").split())


def _description(*paragraphs: str) -> str:
    return "".join(f"<p>{html.escape(' '.join(p.split()), quote=False)}</p>"
                   for p in paragraphs if p)


def _row(parent: str, idnumber: str, shortname: str, description: str, *,
         scale: tuple[str, str] = ("", ""), framework: bool = False,
         taxonomy: str = "") -> list[str]:
    return [parent, idnumber, shortname, description, FORMAT_HTML, scale[0], scale[1],
            "", "0" if not framework else "", "null" if not framework else "", "", "",
            "1" if framework else "", taxonomy]


def export_rows(fw: Framework) -> list[list[str]]:
    assert fw.titre is not None and fw.echelle is not None
    du_ccp = competences_par_ccp(fw)
    niveaux = fw.echelle.niveaux
    values = ",".join(scale_item(n.libelle) for n in niveaux)
    configuration = json.dumps(
        [{"scaleid": ""}] + [
            {"id": i, "scaledefault": int(n.id == fw.echelle.defaut), "proficient": int(n.maitrise)}
            for i, n in enumerate(niveaux, 1)
        ],
        separators=(",", ":"),
    )
    framework_id = f"{fw.titre.id}-{fw.titre.version}"
    rows = [list(HEADERS)]
    rows.append(_row(
        "", framework_id, short_name(f"{fw.titre.intitule} ({fw.titre.sigle} {fw.titre.version})"),
        _description(*(p.texte for p in fw.titre.description[:1])),
        scale=(values, configuration), framework=True, taxonomy=TAXONOMIES,
    ))
    for ccp in fw.ccps:
        nom = f"{majuscule(fw.vocabulaire.partie.singulier)} {ccp.numero} : {ccp.intitule}"
        rows.append(_row("", ccp.id, short_name(nom), _description(nom)))
        for competence in du_ccp.get(ccp.id, ()):
            rows.append(_row(
                ccp.id, competence.id, short_name(f"{competence.numero}. {competence.intitule}"),
                _description(competence.intitule,
                             competence.description.texte if competence.description else ""),
            ))
            for critere in competence.criteres:
                statut = ("Critère proposé (équipe pédagogique)." if critere.propose
                          else "Critère officiel.")
                rows.append(_row(
                    competence.id, critere.id, short_name(critere.libelle),
                    _description(critere.libelle, *critere.indicateurs, statut),
                ))
    return rows


def export_moodle(fw: Framework) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    # No cell may start a formula in a spreadsheet (« =… », « +… », « @… »): the file is
    # also opened in a spreadsheet before being imported (text.csv_cell).
    writer.writerows([csv_cell(cell) for cell in row] for row in export_rows(fw))
    return buffer.getvalue()
