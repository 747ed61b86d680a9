"""The evaluation grids as a trainer gets them: the PDFs in the built site (A4, text, tagged
structure, embedded fonts, size, form fields), the links that lead to them, the fillable pages,
the content-hash cache and ``--skip-pdf``.

Expected criteria, fields and levels are read from the framework's YAML, not from the generator.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
import yaml

from .site_helpers import (
    BASE_FRAMEWORK,
    HOSTILE,
    REAL_FRAMEWORK,
    BuiltSite,
    FrameworkData,
    build_project,
    squash,
    tree_hashes,
)

pytest_plugins = ["tests.conftest_site"]

REAL = FrameworkData(REAL_FRAMEWORK)
VARIANTES = ("evaluateur", "tuteur", "auto-evaluation")
A4 = (595.28, 841.89)
BLANK_LIMIT = 60 * 1024
PDF_DIR = "referentiel/grilles/pdf"

ECHELLE = yaml.safe_load((REAL_FRAMEWORK / "echelle.yml").read_text(encoding="utf-8"))
NIVEAUX = [n["libelle"] for n in ECHELLE["niveaux"]]
FORM_OUTILS = [o for o in REAL.outils if o.get("formulaire")]


def expected_grids(data: FrameworkData) -> list[str]:
    """Every grid's key: kind-id-variant for compétences and CCPs, outil-id for forms."""
    keys = [f"competence-{c['id']}-{v}" for c in data.competences for v in VARIANTES]
    keys += [f"ccp-{c['id']}-{v}" for c in data.ccps for v in VARIANTES]
    keys += [f"outil-{o['id']}" for o in data.outils if o.get("formulaire")]
    return keys


def pdf_text(path: Path) -> str:
    """The PDF's text in reading order (poppler's pdftotext), whitespace squashed."""
    proc = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                          check=True)
    return squash(proc.stdout)


def page_sizes(reader: pypdf.PdfReader) -> set[tuple[float, float]]:
    return {tuple(sorted((round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))))
            for p in reader.pages}


def fonts(reader: pypdf.PdfReader) -> list[dict]:
    found = []
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                found.append(descendant.get_object())
    return found


def radio_groups(fields: dict) -> dict[str, int]:
    """Radio groups (name → number of buttons) among the AcroForm fields."""
    groups = {}
    for name, value in fields.items():
        flags = int(value.get("/Ff", 0))
        if value.get("/FT") == "/Btn" and flags & (1 << 15) and "/Kids" in value:
            groups[name] = len(value["/Kids"])
    return groups


def text_fields(fields: dict) -> set[str]:
    return {name for name, value in fields.items() if value.get("/FT") == "/Tx" and "." not in name}


# -- every grid exists and is linked --------------------------------------------------------------

def test_every_grid_has_a_blank_and_a_fillable_pdf(real_site: BuiltSite) -> None:
    pdf_dir = real_site.site / PDF_DIR
    missing = [key for key in expected_grids(REAL)
               for name in (f"{key}.pdf", f"{key}-remplissable.pdf")
               if not (pdf_dir / name).is_file()]
    assert not missing, missing
    booklets = [f"livret-{c['id']}.pdf" for c in REAL.ccps]
    assert all((pdf_dir / b).is_file() for b in booklets), booklets


def test_competence_page_links_each_variant(real_site: BuiltSite) -> None:
    for comp in REAL.competences:
        page = real_site.page(f"referentiel/competences/{comp['id']}.html")
        hrefs = {href for href, _, _ in page.links}
        for variante in VARIANTES:
            key = f"competence-{comp['id']}-{variante}"
            assert f"../grilles/pdf/{key}.pdf" in hrefs, (comp["id"], variante)
            assert f"../grilles/pdf/{key}-remplissable.pdf" in hrefs
            assert f"../grilles/{key}.html" in hrefs
        texts = [text for _, _, text in page.links]
        assert texts.count("Télécharger la grille (PDF)") == len(VARIANTES)


def test_ccp_page_links_its_booklet_and_the_grids_index_is_in_the_nav(real_site: BuiltSite) -> None:
    for ccp in REAL.ccps:
        page = real_site.page(f"referentiel/ccp/{ccp['id']}.html")
        assert f"../grilles/pdf/livret-{ccp['id']}.pdf" in {href for href, _, _ in page.links}
    home = real_site.page("index.html")
    assert "referentiel/grilles/index.html" in {href for href, _, _ in home.links}


def test_outil_page_links_its_form(real_site: BuiltSite) -> None:
    for outil in FORM_OUTILS:
        page = real_site.page(f"referentiel/outils/{outil['id']}.html")
        hrefs = {href for href, _, _ in page.links}
        assert f"../grilles/pdf/outil-{outil['id']}.pdf" in hrefs
        assert f"../grilles/outil-{outil['id']}.html" in hrefs


# -- the blank PDFs -------------------------------------------------------------------------------

@pytest.mark.parametrize("comp", REAL.competences, ids=lambda c: c["id"])
def test_blank_competence_grid(real_site: BuiltSite, comp: dict) -> None:
    for variante in VARIANTES:
        path = real_site.site / PDF_DIR / f"competence-{comp['id']}-{variante}.pdf"
        reader = pypdf.PdfReader(path)
        assert page_sizes(reader) == {A4}, path.name
        assert path.stat().st_size <= BLANK_LIMIT, (path.name, path.stat().st_size)
        text = pdf_text(path)
        for critere in comp["criteres"]:
            assert squash(critere["libelle"]) in text, (path.name, critere["id"])
        if any(c["statut"] == "propose" for c in comp["criteres"]):
            assert "(critère proposé)" in text
        for niveau in NIVEAUX:
            assert niveau in text
        for label in ("Nom et prénom du stagiaire", "Promotion", "Structure / ACI", "Date",
                      "Signature : le stagiaire"):
            assert label in text, (path.name, label)
        assert ("Évaluateur (nom et fonction)" in text) == (variante == "evaluateur")
        assert ("Signature : le stagiaire" in text)
        pages = len(reader.pages)
        # each sheet numbered « n / N » in its running footer (an artifact for screen readers)
        numbers = [squash(p.extract_text()) for p in reader.pages]
        numbered = [re.search(rf"(?<!\d){n} / {pages}(?!\d)", t) is not None
                    for n, t in enumerate(numbers, 1)]
        assert all(numbered), [t[-20:] for t in numbers]
        assert squash(comp["intitule"]) in text
        assert "version" in text and "Source :" in text


@pytest.mark.parametrize("kind, key", [
    ("ccp", f"ccp-{REAL.ccps[0]['id']}-evaluateur"),
    ("outil", f"outil-{FORM_OUTILS[0]['id']}"),
    ("competence", f"competence-{REAL.competences[0]['id']}-auto-evaluation"),
])
def test_blank_pdf_is_tagged_with_embedded_fonts(real_site: BuiltSite, kind: str, key: str) -> None:
    reader = pypdf.PdfReader(real_site.site / PDF_DIR / f"{key}.pdf")
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root, "PDF non balisé"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]) == "fr"
    assert reader.metadata.title, "titre du document absent"
    assert "/AcroForm" not in root, "la grille à imprimer ne doit pas contenir de champs"
    descriptors = [f.get("/FontDescriptor") for f in fonts(reader)]
    assert descriptors and all(
        d is not None
        and any(k in d.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        for d in descriptors), "police non embarquée"


def test_ccp_grid_lists_its_competences(real_site: BuiltSite) -> None:
    for ccp in REAL.ccps:
        text = pdf_text(real_site.site / PDF_DIR / f"ccp-{ccp['id']}-evaluateur.pdf")
        for comp in REAL.competences:
            assert (squash(comp["intitule"]) in text) == (comp["ccp"] == ccp["id"]), comp["id"]


def test_booklet_holds_the_synthesis_then_each_competence(real_site: BuiltSite) -> None:
    for ccp in REAL.ccps:
        path = real_site.site / PDF_DIR / f"livret-{ccp['id']}.pdf"
        reader = pypdf.PdfReader(path)
        assert page_sizes(reader) == {A4}
        text = pdf_text(path)
        mine = [c for c in REAL.competences if c["ccp"] == ccp["id"]]
        positions = [text.find(f"Compétence {c['numero']} : {squash(c['intitule'])}") for c in mine]
        assert all(p > 0 for p in positions), positions
        assert positions == sorted(positions)
        assert text.find("synthèse du CCP") < positions[0]


def test_outil_form_pdf_shows_every_field(real_site: BuiltSite) -> None:
    for outil in FORM_OUTILS:
        text = pdf_text(real_site.site / PDF_DIR / f"outil-{outil['id']}.pdf")
        for rubrique in outil["formulaire"]["rubriques"]:
            assert squash(rubrique["titre"]) in text
            for champ in rubrique["champs"]:
                assert squash(champ["libelle"]) in text, (outil["id"], champ["id"])


# -- the fillable PDFs ----------------------------------------------------------------------------

@pytest.mark.parametrize("comp", REAL.competences[:3], ids=lambda c: c["id"])
def test_fillable_competence_pdf_fields(real_site: BuiltSite, comp: dict) -> None:
    for variante in VARIANTES:
        reader = pypdf.PdfReader(real_site.site / PDF_DIR /
                                 f"competence-{comp['id']}-{variante}-remplissable.pdf")
        assert page_sizes(reader) == {A4}
        fields = reader.get_fields()
        ids = [c["id"] for c in comp["criteres"]]
        assert radio_groups(fields) == {i: len(NIVEAUX) for i in ids}
        blanks = {"stagiaire", "promotion", "structure", "date"}
        blanks |= {"evaluateur"} if variante != "auto-evaluation" else set()
        blanks |= {f"{i}-observations" for i in ids}
        signatures = 1 if variante == "auto-evaluation" else 2
        blanks |= {f"signature-{n}" for n in range(1, signatures + 1)}
        assert text_fields(fields) == blanks, variante
        assert "/StructTreeRoot" in reader.trailer["/Root"]


def _visees(outil: dict) -> list[str]:
    """The fields of the linked certification's compétences a tool aims at (« cap-aepe:c01 »):
    a part's id stands for its compétences (the linked framework's folder is frameworks/<id>)."""
    out = []
    for ref in outil.get("competences_visees", []):
        lie, _, ident = ref.partition(":")
        data = FrameworkData(REAL_FRAMEWORK.parent / "frameworks" / lie)
        out += [f"{lie}:{c['id']}" for c in data.competences if ident in (c["id"], c["ccp"])]
    return out


def test_fillable_outil_pdf_fields(real_site: BuiltSite) -> None:
    assert any(_visees(o) for o in FORM_OUTILS)  # the positionnement aims at the CAP AEPE
    for outil in FORM_OUTILS:
        reader = pypdf.PdfReader(real_site.site / PDF_DIR / f"outil-{outil['id']}-remplissable.pdf")
        fields = reader.get_fields()
        champs = [c for r in outil["formulaire"]["rubriques"] for c in r["champs"]]
        acquis = [n for n in ECHELLE["niveaux"] if n["maitrise"]]
        compte = {"niveau": len(NIVEAUX), "niveau_atteint": len(acquis)}
        # the linked compétences take the kind of level of the form's last rubric asking one
        types = [c["type"] for c in champs if c["type"] in compte]
        visees = {cle: compte[types[-1]] for cle in _visees(outil)} if types else {}
        assert radio_groups(fields) == {c["id"]: compte[c["type"]] for c in champs
                                        if c["type"] in compte} | visees
        assert text_fields(fields) == {c["id"] for c in champs
                                       if c["type"] not in ("niveau", "niveau_atteint", "case")
                                       } | {f"{cle}:observations" for cle in visees}
        checkboxes = {n for n, v in fields.items() if v.get("/FT") == "/Btn" and n not in
                      radio_groups(fields) and "." not in n}
        assert checkboxes == {c["id"] for c in champs if c["type"] == "case"}


# -- the fillable page ----------------------------------------------------------------------------

def test_grid_page_has_one_radio_group_per_criterion(real_site: BuiltSite) -> None:
    comp = REAL.competences[0]
    page = real_site.page(f"referentiel/grilles/competence-{comp['id']}-auto-evaluation.html")
    html = page.raw
    for critere in comp["criteres"]:
        name = re.escape(critere["id"])
        radios = re.findall(rf'<input type="radio" id="[^"]+" name="{name}"', html)
        assert len(radios) == len(NIVEAUX), critere["id"]
    assert 'data-grille="competence-' + comp["id"] + '-auto-evaluation"' in html
    assert "Où j&#x27;en suis" in html or "Où j'en suis" in html


def test_grid_pages_stay_out_of_search(real_site: BuiltSite) -> None:
    locations = {page for page, _title, _weight in real_site.search_index()["pages"]}
    index = "referentiel/grilles/index.html"
    assert not any(loc.startswith("referentiel/grilles/") and loc != index for loc in locations)


def test_markup_in_a_criterion_is_printed_literally(hostile_site: BuiltSite) -> None:
    text = pdf_text(hostile_site.site / PDF_DIR / "competence-cp01-evaluateur.pdf")
    assert squash(HOSTILE) in text


# -- cache and preview ----------------------------------------------------------------------------

def _phrase(stdout: str) -> tuple[int, int]:
    match = re.search(r"Grilles PDF : (\d+) produites, (\d+) reprises du cache\.", stdout)
    assert match, stdout
    return int(match.group(1)), int(match.group(2))


@pytest.mark.site
def test_cache_renders_only_the_grids_that_changed(tmp_path: Path) -> None:
    framework = tmp_path / "framework"
    shutil.copytree(BASE_FRAMEWORK, framework)
    data = FrameworkData(framework)
    total = 2 * len(expected_grids(data)) + len(data.ccps) * len(VARIANTES)  # + booklets
    proc, project = build_project(tmp_path, framework, pdf_pool=False)
    assert proc.returncode == 0, proc.stderr
    assert _phrase(proc.stdout) == (total, 0)
    before = tree_hashes(project / "site" / PDF_DIR)

    proc, _ = build_project(tmp_path, framework, pdf_pool=False)
    assert _phrase(proc.stdout) == (0, total)

    # Reword one criterion: its compétence's grids, its CCP's synthesis grids (which list the
    # criteria) and its CCP's booklet change, blank and fillable; nothing else.
    comp = data.competences[0]
    path = framework / "competences" / f"{comp['id']}.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        comp["criteres"][0]["libelle"].split()[0], "Reformulé", 1), encoding="utf-8")
    proc, _ = build_project(tmp_path, framework, pdf_pool=False)
    assert proc.returncode == 0, proc.stderr
    changed_keys = [f"competence-{comp['id']}-{v}" for v in VARIANTES]
    changed_keys += [f"ccp-{comp['ccp']}-{v}" for v in VARIANTES]
    changed = {f"{k}{s}.pdf" for k in changed_keys for s in ("", "-remplissable")}
    changed |= {f"livret-{comp['ccp']}.pdf", f"livret-{comp['ccp']}-tuteur.pdf",
                f"livret-{comp['ccp']}-auto-evaluation.pdf"}
    assert _phrase(proc.stdout) == (len(changed), total - len(changed))
    after = tree_hashes(project / "site" / PDF_DIR)
    # The archive of the blank grids holds the changed blank PDFs.
    assert {name for name in before if before[name] != after.get(name)} == changed | {
        "grilles-vierges.zip"}


@pytest.mark.site
def test_skip_pdf_builds_without_pdfs_and_says_so(tmp_path: Path) -> None:
    project = tmp_path / "apercu"
    proc, project = build_project(project, BASE_FRAMEWORK, extra_args=["--skip-pdf"])
    assert proc.returncode == 0, proc.stderr
    assert "Grilles PDF" not in proc.stdout
    site = project / "site"
    assert not list(site.rglob("*.pdf"))
    assert not list(site.rglob("*.zip"))
    comp = FrameworkData(BASE_FRAMEWORK).competences[0]
    html = (site / "referentiel" / "competences" / f"{comp['id']}.html").read_text(encoding="utf-8")
    assert "non produit (aperçu)" in html
    assert (site / "referentiel" / "grilles" / f"competence-{comp['id']}-evaluateur.html").is_file()


@pytest.mark.site
def test_a_scale_with_many_levels_prints_in_landscape(tmp_path: Path) -> None:
    framework = tmp_path / "framework"
    shutil.copytree(BASE_FRAMEWORK, framework)
    path = framework / "echelle.yml"
    echelle = yaml.safe_load(path.read_text(encoding="utf-8"))
    echelle["niveaux"] = [
        {"id": f"niveau-{i}", "libelle": f"Niveau {i}", "description": f"Description {i}.",
         "maitrise": i >= 4} for i in range(1, 7)]
    echelle["defaut"] = "niveau-1"
    path.write_text(yaml.safe_dump(echelle, allow_unicode=True), encoding="utf-8")
    proc, project = build_project(tmp_path, framework)
    assert proc.returncode == 0, proc.stderr
    comp = FrameworkData(framework).competences[0]
    pdf = project / "site" / PDF_DIR / f"competence-{comp['id']}-evaluateur.pdf"
    reader = pypdf.PdfReader(pdf)
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
            for p in reader.pages} == {(842, 595)}
    text = pdf_text(pdf)
    assert all(f"Niveau {i}" in text for i in range(1, 7))


# -- a séance printed with its grids --------------------------------------------------------------

SEANCES = [yaml.safe_load(p.read_text(encoding="utf-8"))
           for p in sorted((REAL_FRAMEWORK / "seances").glob("*.yml"))]


def _grid_heading(ref: dict) -> str:
    """The context line that opens the grid sheet a séance refers to."""
    if "competence" in ref:
        comp = next(c for c in REAL.competences if c["id"] == ref["competence"])
        return f"Compétence {comp['numero']} : {squash(comp['intitule'])}"
    if "ccp" in ref:
        ccp = next(c for c in REAL.ccps if c["id"] == ref["ccp"])
        return f"synthèse du CCP {ccp['numero']}"
    outil = next(o for o in REAL.outils if o["id"] == ref["outil"])
    return squash(outil["intitule"])


@pytest.mark.parametrize("seance", SEANCES, ids=lambda s: s["id"])
def test_seance_prints_with_its_grids(real_site: BuiltSite, seance: dict) -> None:
    page = real_site.page(f"referentiel/programme/seances/{seance['id']}.html")
    href = f"../../grilles/pdf/seance-{seance['id']}.pdf"
    assert href in {h for h, _, _ in page.links}
    path = real_site.site / "referentiel" / "grilles" / "pdf" / f"seance-{seance['id']}.pdf"
    reader = pypdf.PdfReader(path)
    assert page_sizes(reader) <= {A4} | {(A4[1], A4[0])}
    text = pdf_text(path)
    first = squash(reader.pages[0].extract_text())
    assert squash(seance["intitule"]) in first
    for objectif in seance["objectifs"]:
        assert squash(objectif) in text
    for etape in seance["deroule"]:
        assert squash(etape["titre"]) in text
    # The sheet comes first, then each grid in the séance's order, each on its own page.
    position = text.find("Grilles jointes") if seance.get("grilles") else 0
    for ref in seance.get("grilles", []):
        found = text.find(_grid_heading(ref), position + 1)
        assert found > position, (seance["id"], ref)
        position = found
    assert len(reader.pages) >= 1 + len(seance.get("grilles", []))
