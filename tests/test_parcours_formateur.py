"""Paths by persona and the trainer's pages, as users get them in the built site: the home page's
paths (only to pages that exist), the calendar (field weeks grouped, each row dated for the
current-week marker), the coverage page (the criteria no séance aims at, named and linked), the
grids index (every grid, one booklet per CCP and variant, one archive of every blank PDF) and the
criteria numbered C1… alike on the compétence page, the on-screen grid and the PDF.

Expected values are read from the framework's YAML, not from the generator.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml

from .site_helpers import (
    BASE_FRAMEWORK,
    REAL_FRAMEWORK,
    BuiltSite,
    FrameworkData,
    copy_real_framework,
    resolve_link,
    shared_build,
    squash,
)

pytest_plugins = ["tests.conftest_site"]

REAL = FrameworkData(REAL_FRAMEWORK)
VARIANTES = ("evaluateur", "tuteur", "auto-evaluation")
PDF_DIR = "referentiel/grilles/pdf"
PROGRAMME = yaml.safe_load((REAL_FRAMEWORK / "programme.yml").read_text(encoding="utf-8"))
SEANCES = [yaml.safe_load(p.read_text(encoding="utf-8"))
           for p in sorted((REAL_FRAMEWORK / "seances").glob("*.yml"))]


def pdf_text(path: Path) -> str:
    proc = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                          check=True)
    return squash(proc.stdout)


def competences_du_ccp(ccp_id: str) -> list[dict]:
    return sorted((c for c in REAL.competences if c["ccp"] == ccp_id), key=lambda c: c["numero"])


def section(page, heading: str) -> str:
    """The text of the article from ``heading`` to the h2 that follows it."""
    text = page.text
    start = text.index(heading)
    h2 = [h for tag, h in page.headings if tag == "h2"]
    following = h2[h2.index(next(h for h in h2 if h.startswith(heading))) + 1:]
    end = text.find(following[0], start + len(heading)) if following else -1
    return text[start:end] if end > 0 else text[start:]


def home_links(built: BuiltSite) -> list[tuple[str, str, str]]:
    return [link for link in built.page("index.html").links if link[0] and link[1]]


@pytest.fixture(scope="module")
def base_preview(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The base test framework (no programme, no séance) built with --skip-pdf."""
    built = shared_build(tmp_path_factory, "apercu-base", lambda _: BASE_FRAMEWORK,
                         extra_args=["--skip-pdf"])
    assert built.proc.returncode == 0, built.proc.stderr
    return built


# -- home page: paths by persona ------------------------------------------------------------------

PERSONAS = ("Vous êtes formateur ou formatrice", "Vous êtes stagiaire",
            "Vous êtes encadrant technique ou tuteur")


def _persona_hrefs(built: BuiltSite) -> dict[str, set[str]]:
    by_heading: dict[str, set[str]] = {}
    for href, heading, _ in home_links(built):
        by_heading.setdefault(heading, set()).add(href.split("#")[0])
    return by_heading


def test_home_trainer_path_leads_to_programme_coverage_and_grids(real_site: BuiltSite) -> None:
    hrefs = _persona_hrefs(real_site)
    assert set(PERSONAS) <= hrefs.keys(), hrefs.keys()
    formateur = hrefs[PERSONAS[0]]
    for target in ("referentiel/programme/index.html", "referentiel/programme/couverture.html",
                   "referentiel/grilles/index.html", "referentiel/titre.html",
                   "referentiel/suivi-promotion.html"):
        assert target in formateur, target
    links = home_links(real_site)
    assert any(href == "referentiel/grilles/index.html#tout-imprimer"
               for href, h, _ in links if h == PERSONAS[0])
    assert any(href == "referentiel/programme/couverture.html#criteres-non-vises"
               for href, h, _ in links if h == PERSONAS[0])


def test_home_stagiaire_path_leads_to_competences_and_self_assessment(real_site: BuiltSite) -> None:
    stagiaire = _persona_hrefs(real_site)[PERSONAS[1]]
    for ccp in REAL.ccps:
        assert f"referentiel/grilles/ccp-{ccp['id']}-auto-evaluation.html" in stagiaire
    assert "referentiel/titre.html" in stagiaire
    links = [href for href, h, _ in home_links(real_site) if h == PERSONAS[1]]
    assert "referentiel/titre.html#competences" in links
    assert "competences" in real_site.page("referentiel/titre.html").ids
    if (REAL_FRAMEWORK / "dossier_professionnel.yml").is_file():
        assert "referentiel/dossier-professionnel.html" in stagiaire


def test_home_encadrant_path_leads_to_every_tool_form(real_site: BuiltSite) -> None:
    encadrant = _persona_hrefs(real_site)[PERSONAS[2]]
    assert "referentiel/outils/index.html" in encadrant
    for outil in (o for o in REAL.outils if o.get("formulaire")):
        assert f"referentiel/outils/{outil['id']}.html" in encadrant
        assert f"referentiel/grilles/outil-{outil['id']}.html" in encadrant
        assert f"{PDF_DIR}/outil-{outil['id']}.pdf" in encadrant


@pytest.mark.site  # its site fixture is asked for by name
@pytest.mark.parametrize("which", ["real", "base"])
def test_every_home_link_has_its_target(request, which: str) -> None:
    built = request.getfixturevalue("real_site" if which == "real" else "base_preview")
    home = built.site / "index.html"
    for href, _, text in built.page("index.html").links:
        resolved = resolve_link(home, href)
        if resolved is None:
            continue
        target, fragment = resolved
        assert target.is_file(), (href, text)
        if fragment and target.suffix == ".html":
            assert fragment in built.page(target.relative_to(built.site).as_posix()).ids, href


def test_home_without_programme_names_no_calendar(base_preview: BuiltSite) -> None:
    home = base_preview.page("index.html")
    assert not (base_preview.site / "referentiel" / "programme").exists()
    assert not [href for href, _, _ in home.links if "programme/" in href]
    assert "calendrier" not in home.text
    assert "PDF" not in section(home, PERSONAS[2])  # --skip-pdf: no PDF offered


# -- calendar -------------------------------------------------------------------------------------

def _lieux() -> list[str]:
    """Each week's place, computed here from programme.yml (rhythm, then exceptions)."""
    rythme = PROGRAMME["rythme"]
    cycle = rythme["ecole"] + rythme["terrain"]
    lieux = ["ecole" if (n - 1) % cycle < rythme["ecole"] else "terrain"
             for n in range(1, PROGRAMME["duree"]["semaines"] + 1)]
    for exception in PROGRAMME.get("exceptions", []):
        lieux[exception["semaine"] - 1] = exception["lieu"]
    return lieux


def test_calendar_groups_field_weeks_and_details_school_weeks(real_site: BuiltSite) -> None:
    page = real_site.page("referentiel/programme/index.html")
    table = next(t for t in page.tables if t[0][:3] == ["Semaine", "Début", "Lieu"])
    rows = table[1:]
    lieux = _lieux()
    notes = {e["semaine"] for e in PROGRAMME.get("exceptions", []) if e.get("motif")}
    expected: list[str] = []
    for n, lieu in enumerate(lieux, start=1):
        grouped = lieu == "terrain" and n not in notes
        if grouped and expected and expected[-1].startswith("terrain:"):
            first = expected[-1].split(":")[1].split("-")[0]
            expected[-1] = f"terrain:{first}-{n}"
        else:
            expected.append(f"terrain:{n}" if grouped else f"{lieu}:{n}")
    labels = []
    for item in expected:
        numbers = item.split(":")[1].split("-")
        labels.append(numbers[0] if len(numbers) == 1 else f"{numbers[0]} à {numbers[1]}")
    assert [squash(r[0]) for r in rows] == labels
    assert len(rows) < len(lieux) * 2 // 3  # 52 weeks, far fewer rows
    school = [r for r in rows if r[2].startswith("École")]
    assert len(school) == lieux.count("ecole")
    for row, item in zip(rows, expected, strict=True):
        numbers = item.split(":")[1].split("-")
        if len(numbers) == 2:
            assert row[2].startswith(f"Terrain ({int(numbers[1]) - int(numbers[0]) + 1} semaines")


def test_calendar_lists_field_missions_inside_their_group(real_site: BuiltSite) -> None:
    page = real_site.page("referentiel/programme/index.html")
    lieux = _lieux()
    for seance in SEANCES:
        semaine = seance.get("semaine")
        if semaine and lieux[semaine - 1] == "terrain":
            assert f"Semaine {semaine} : {squash(seance['intitule'])}" in page.text, seance["id"]


def test_calendar_rows_carry_their_dates_for_the_current_week(real_site: BuiltSite) -> None:
    raw = real_site.page("referentiel/programme/index.html").raw
    marks = re.findall(r'data-cip-du="([\d-]+)" data-cip-au="([\d-]+)" data-cip-semaine="(\d+)"',
                       raw)
    start = dt.date.fromisoformat(str(PROGRAMME["debut"]["date"]))
    assert marks[0][0] == start.isoformat()
    end = start + dt.timedelta(weeks=PROGRAMME["duree"]["semaines"], days=-1)
    assert marks[-1][1] == end.isoformat()
    for (du, au, n), (du_next, _, n_next) in zip(marks, marks[1:], strict=False):
        assert dt.date.fromisoformat(du) == start + dt.timedelta(weeks=int(n) - 1)
        assert dt.date.fromisoformat(au) + dt.timedelta(days=1) == dt.date.fromisoformat(du_next)
        assert int(n) < int(n_next)
    assert 'id="cip-aujourdhui"' in raw and "javascripts/cip-site.js" in raw
    assert "/* cip-calendrier.js */" in (real_site.site / "javascripts" / "cip-site.js").read_text(
        "utf-8")


# -- coverage -------------------------------------------------------------------------------------

def _non_vises() -> dict[str, list[tuple[str, dict]]]:
    vises = {c for s in SEANCES for c in s.get("criteres", [])}
    out = {}
    for comp in REAL.competences:
        missing = [(f"C{i}", cr) for i, cr in enumerate(comp["criteres"], start=1)
                   if cr["id"] not in vises]
        if missing:
            out[comp["id"]] = missing
    return out


def test_coverage_names_each_criterion_no_seance_aims_at(real_site: BuiltSite) -> None:
    page = real_site.page("referentiel/programme/couverture.html")
    expected = _non_vises()
    assert expected, "le programme type vise tous les critères : ce test ne prouverait rien"
    part = section(page, "Critères qu'aucune séance ne vise")
    hrefs = {href for href, _, _ in page.links}
    for comp_id, missing in expected.items():
        for numero, critere in missing:
            assert f"{numero} : {squash(critere['libelle'])}" in part, critere["id"]
            href = f"../competences/{comp_id}.html#critere-{critere['id']}"
            assert href in hrefs
            target = real_site.page(f"referentiel/competences/{comp_id}.html")
            assert f"critere-{critere['id']}" in target.ids
    table = next(t for t in page.tables if t[0][-1] == "Critères visés")
    for comp in REAL.competences:
        row = next(r for r in table if r[0].startswith(f"{comp['numero']}. "))
        if comp["id"] in expected:
            numeros = ", ".join(n for n, _ in expected[comp["id"]])
            assert row[-1].endswith(f"non visé{'s' if ',' in numeros else ''} : {numeros}")
        else:
            assert "non visé" not in row[-1]


# -- grids index: every grid, booklets, archive --------------------------------------------------

def test_grids_index_lists_every_grid(real_site: BuiltSite) -> None:
    page = real_site.page("referentiel/grilles/index.html")
    hrefs = {href for href, _, _ in page.links}
    for comp in REAL.competences:
        for variante in VARIANTES:
            key = f"competence-{comp['id']}-{variante}"
            assert {f"{key}.html", f"pdf/{key}.pdf", f"pdf/{key}-remplissable.pdf"} <= hrefs
    for ccp in REAL.ccps:
        for variante in VARIANTES:
            key = f"ccp-{ccp['id']}-{variante}"
            assert {f"{key}.html", f"pdf/{key}.pdf"} <= hrefs
    for outil in (o for o in REAL.outils if o.get("formulaire")):
        assert {f"outil-{outil['id']}.html", f"pdf/outil-{outil['id']}.pdf"} <= hrefs


def _booklet(ccp_id: str, variante: str) -> str:
    return f"livret-{ccp_id}.pdf" if variante == "evaluateur" else f"livret-{ccp_id}-{variante}.pdf"


def test_grids_index_offers_one_pdf_per_ccp_and_variant(real_site: BuiltSite) -> None:
    page = real_site.page("referentiel/grilles/index.html")
    hrefs = {href for href, _, _ in page.links}
    for ccp in REAL.ccps:
        for variante in VARIANTES:
            name = _booklet(ccp["id"], variante)
            assert f"pdf/{name}" in hrefs, name
            assert (real_site.site / PDF_DIR / name).is_file()


TITRES = {"evaluateur": "Grille d'évaluation",
          "tuteur": "Grille d'observation en situation de travail",
          "auto-evaluation": "Auto-évaluation"}


@pytest.mark.parametrize("variante", VARIANTES)
def test_each_booklet_holds_every_blank_grid_of_its_ccp(real_site: BuiltSite,
                                                        variante: str) -> None:
    for ccp in REAL.ccps:
        text = pdf_text(real_site.site / PDF_DIR / _booklet(ccp["id"], variante))
        assert f"{TITRES[variante]} : synthèse du CCP {ccp['numero']}" in text
        comps = competences_du_ccp(ccp["id"])
        for comp in comps:
            assert f"Compétence {comp['numero']} : {squash(comp['intitule'])}" in text, comp["id"]
        # A separate sheet per grid: the synthesis, then each compétence, in order.
        positions = [text.index(f"Compétence {c['numero']} : {squash(c['intitule'])}")
                     for c in comps]
        assert positions == sorted(positions)
        assert text.count(TITRES[variante]) >= len(comps) + 1


def test_archive_holds_every_blank_pdf_sorted_with_fixed_dates(real_site: BuiltSite) -> None:
    path = real_site.site / PDF_DIR / "grilles-vierges.zip"
    page = real_site.page("referentiel/grilles/index.html")
    assert "pdf/grilles-vierges.zip" in {href for href, _, _ in page.links}
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        expected = [f"competence-{c['id']}-{v}" for c in REAL.competences for v in VARIANTES]
        expected += [f"ccp-{c['id']}-{v}" for c in REAL.ccps for v in VARIANTES]
        expected += [f"outil-{o['id']}" for o in REAL.outils if o.get("formulaire")]
        assert names == sorted(f"grilles-vierges/{k}.pdf" for k in expected)
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert zf.testzip() is None
        for info in infos:  # the very PDFs of the site, not other renderings
            assert zf.read(info) == (real_site.site / PDF_DIR / Path(info.filename).name
                                     ).read_bytes()
    assert f"{len(expected)} PDF" in page.text


def test_archive_is_the_same_bytes_for_the_same_pdfs(real_site: BuiltSite) -> None:
    from generator.archive import archive, membres
    from generator.grilles import Grilles
    from generator.pipeline import validate_framework

    fw = validate_framework(REAL_FRAMEWORK, "framework").framework
    contenu = membres(Grilles(fw).vierges())
    pdf_dir = real_site.site / PDF_DIR
    pdfs = {path: (pdf_dir / path.name).read_bytes() for path in contenu.values()}
    shuffled = dict(reversed(list(pdfs.items())))
    assert archive(contenu, pdfs) == archive(dict(reversed(contenu.items())), shuffled)
    assert archive(contenu, pdfs) == (pdf_dir / "grilles-vierges.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(archive(contenu, pdfs))) as zf:
        assert all(i.external_attr >> 16 == 0o644 for i in zf.infolist())


def test_preview_says_booklets_and_archive_were_not_made(base_preview: BuiltSite) -> None:
    page = base_preview.page("referentiel/grilles/index.html")
    part = section(page, "Tout imprimer d'un coup")
    data = base_preview.framework
    assert part.count("non produit (aperçu)") == len(data.ccps) * len(VARIANTES) + 1
    assert "archive ZIP) : non produit (aperçu)" in part
    assert not [href for href, _, _ in page.links if href.endswith((".pdf", ".zip"))]


# -- numbering of criteria ------------------------------------------------------------------------

def test_criteria_numbered_alike_on_page_screen_grid_and_pdf(real_site: BuiltSite) -> None:
    for comp in REAL.competences:
        page = real_site.page(f"referentiel/competences/{comp['id']}.html")
        table = next(t for t in page.tables if t[0][:2] == ["Critère", "Statut"])
        grid = real_site.page(f"referentiel/grilles/competence-{comp['id']}-evaluateur.html")
        text = pdf_text(real_site.site / PDF_DIR / f"competence-{comp['id']}-evaluateur.pdf")
        for i, critere in enumerate(comp["criteres"], start=1):
            libelle = squash(critere["libelle"])
            assert table[i][0] == f"C{i}. {libelle}", comp["id"]
            assert f"C{i}. {libelle}" in grid.text, (comp["id"], i)
            assert f"C{i}. {libelle[:40]}" in text, (comp["id"], i)


def test_ccp_synthesis_instruction_speaks_of_competences(real_site: BuiltSite) -> None:
    for ccp in REAL.ccps:
        for variante in VARIANTES:
            key = f"ccp-{ccp['id']}-{variante}"
            screen = real_site.page(f"referentiel/grilles/{key}.html").text
            paper = pdf_text(real_site.site / PDF_DIR / f"{key}.pdf")
            for text in (screen, paper):
                assert "Pour chaque compétence, cochez" in text, key
                assert "Pour chaque critère" not in text, key
    comp = REAL.competences[0]
    screen = real_site.page(f"referentiel/grilles/competence-{comp['id']}-evaluateur.html").text
    assert "Pour chaque critère, cochez un seul niveau" in screen


# -- hostile titles on the coverage page ----------------------------------------------------------

PIEGE = 'Repérer | les "freins" [x](javascript:alert(1)) d\'accès <b>gras</b>'


@pytest.fixture(scope="module")
def hostile_programme(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The real framework (with its programme) whose first compétence and every criterion no
    séance aims at carry PIEGE, built with --skip-pdf."""

    def prepare(root: Path) -> Path:
        framework = root / "framework"
        copy_real_framework(framework)
        non_vises = {cr["id"] for missing in _non_vises().values() for _, cr in missing}
        for comp in REAL.competences:
            path = framework / "competences" / f"{comp['id']}.yml"
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            if comp is REAL.competences[0]:
                data["intitule"] = PIEGE
            for critere in data["criteres"]:
                if critere["id"] in non_vises:
                    critere["libelle"] = PIEGE
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                            encoding="utf-8")
        return framework

    built = shared_build(tmp_path_factory, "couverture-hostile", prepare,
                         extra_args=["--skip-pdf"])
    assert built.proc.returncode == 0, built.proc.stdout + built.proc.stderr
    return built


def test_coverage_names_hostile_criteria_literally(hostile_programme: BuiltSite) -> None:
    page = hostile_programme.page("referentiel/programme/couverture.html")
    part = section(page, "Critères qu'aucune séance ne vise")
    assert f"1. {squash(PIEGE)}" in page.text
    for missing in _non_vises().values():
        for numero, _ in missing:
            assert f"{numero} : {squash(PIEGE)}" in part
    hours = next(t for t in page.tables if t[0][-1] == "Critères visés")
    assert {len(row) for row in hours} == {4}  # no cell split by « | »
    assert hours[2][0] == f"1. {squash(PIEGE)}"
    lists = page.raw.split('id="criteres-non-vises"')[1].split("<h2")[0]
    assert "javascript" not in "".join(re.findall(r'href="([^"]*)"', lists)).lower()
    assert "<b>gras</b>" not in lists


def test_coverage_grid_header_keeps_hostile_titles_literally(hostile_programme: BuiltSite,
                                                            ) -> None:
    page = hostile_programme.page("referentiel/programme/couverture.html")
    assert not [href for href, _, _ in page.links if "javascript" in href.lower()]
    grid = next(t for t in page.tables if t[0][:3] == ["Séance", "Semaine", "Durée"])
    assert {len(row) for row in grid} == {len(REAL.competences) + 3}
    # The title is the typed text (decoded once more where the tooltip wants HTML).
    assert squash(PIEGE) in {html.unescape(title) for text, title in page.abbrs if text == "1"}
