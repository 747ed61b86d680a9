"""The certification's words are data (``vocabulaire`` of titre.yml), never code.

Two frameworks: the CIP (framework/) and a fictitious certification with a CAP's vocabulary
(tests/referentiels/cap-essai/: « bloc de compétences », « candidate », « épreuves
d'examen »). The site of each must not say the other's own words, in its pages and in the text
of its PDFs; the code must not write « CIP » or « CCP » in a text a reader reads; served from
one origin, the two sites keep two answers for the same compétence id, and a grid exported from
one is refused by the other with a clear message.
"""

from __future__ import annotations

import ast
import io
import json
import re
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

import pypdf
import pytest
import yaml
from playwright.sync_api import Browser, expect

from generator.export import fichiers
from generator.pdf import render_pdf
from generator.pipeline import validate_framework
from generator.render import render_site

from .conftest_site import require_ok, shared_build
from .site_helpers import REAL_FRAMEWORK, ROOT, BuiltSite
from .static_host import StaticHost

pytest_plugins = ["tests.conftest_browser"]

CAP_ESSAI = ROOT / "tests" / "referentiels" / "cap-essai"
GENERATOR, TEMPLATES = ROOT / "generator", ROOT / "site_templates"
# The authors' guides of content/ are the same in every site this repository builds and speak of
# both certifications by name; every other page (the home page's text comes from titre.yml) is
# scanned.
PAGES_ECRITES_A_LA_MAIN = {"guide-auteur.html", "guide-autre-certification.html", "404.html"}


def _titre(dossier: Path) -> dict:
    return yaml.safe_load((dossier / "titre.yml").read_text(encoding="utf-8"))


def _texte_des_donnees(dossier: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(dossier.rglob("*.yml")))


def mots_du_referentiel(dossier: Path) -> set[str]:
    """The words a reader reads only on this framework's site: its acronym, the kind of its
    certification, the names of its parts, of its learner, of its final evaluator and of its
    evaluation, and « <Part> 1 » as the pages number its parts."""
    titre = _titre(dossier)
    voc = titre["vocabulaire"]
    mots = {titre["sigle"], voc["nature"], voc["evaluation"], voc["partie"]["developpe"]}
    for cle in ("partie", "apprenant", "evaluateur_final"):
        if cle in voc:
            mots |= {voc[cle]["singulier"], voc[cle]["pluriel"]}
    partie = voc["partie"]["singulier"]
    mots |= {f"{partie[:1].upper()}{partie[1:]} {n}" for n in (1, 2)}
    return mots


def mots_propres(dossier: Path, autre: Path) -> set[str]:
    """The words of ``dossier``'s vocabulary that ``autre``'s data never uses: if the site of
    ``autre`` says one, the generator wrote it (a template, the code), not its data."""
    donnees = _texte_des_donnees(autre)
    return {m for m in mots_du_referentiel(dossier) if not _cherche(m).search(donnees)}


# Words of the CIP's certification that its vocabulary block does not list.
MOTS_DU_TITRE_PROFESSIONNEL = {"ECF", "REAC", "session de validation", "Dossier professionnel",
                              "École CIP", "titre CIP", "Titre CIP"}


def _cherche(mot: str) -> re.Pattern[str]:
    """``mot`` as a word (case kept for an acronym, ignored otherwise)."""
    flags = 0 if mot.isupper() else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){re.escape(mot)}(?![\w-])", flags)


def trouves(mots: set[str], texte: str) -> list[str]:
    return sorted(m for m in mots if _cherche(m).search(texte))


# -- what a reader reads in a built page ----------------------------------------------------------

class _Lecteur(HTMLParser):
    """The text of a page as a reader meets it: the text, and the attributes shown or spoken
    (title, aria-label, alt, placeholder, the page's description and app title). What an
    element marked ``data-referentiel`` holds is a linked certification's (the CAP AEPE that
    the ACI tools aim at, with its own words), not the site's: it is left out, and so is the
    table of contents, which repeats the page's headings."""

    LUS = {"title", "aria-label", "alt", "placeholder"}
    VIDES = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
             "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._cache = 0
        self._pile: list[str] = []  # open elements
        self._lie: int | None = None  # depth of the open linked framework's element

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag not in self.VIDES:
            self._pile.append(tag)
            # the table of contents only repeats the page's headings, read where they stand
            toc = "md-nav--secondary" in (a.get("class") or "").split()
            if self._lie is None and ("data-referentiel" in a or toc):
                self._lie = len(self._pile)
        if self._lie is not None:
            return
        if tag in ("script", "style"):
            self._cache += 1
        if tag == "meta" and a.get("name") in ("description", "apple-mobile-web-app-title"):
            self.parts.append(a.get("content") or "")
        self.parts += [v for k, v in attrs if k in self.LUS and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VIDES or tag not in self._pile:
            return
        while self._pile:  # closes what the end tag closes, as a browser would
            ouvert = self._pile.pop()
            if self._lie is not None and len(self._pile) < self._lie:
                self._lie = None
            if ouvert == tag:
                break
        if self._lie is None and tag in ("script", "style") and self._cache:
            self._cache -= 1

    def handle_data(self, data: str) -> None:
        if not self._cache and self._lie is None:
            self.parts.append(data)


def _intertitre(page: Path, ident: str) -> str:
    """The text of the heading ``ident`` as printed (a glossary term's tooltip left aside)."""
    found = re.search(rf'<h2 id="{ident}">(.*?)<a class="headerlink"',
                      page.read_text(encoding="utf-8"), re.S)
    assert found, ident
    return " ".join(unescape(re.sub(r"<[^>]+>", "", found.group(1))).split())


def texte_lu(page: Path) -> str:
    lecteur = _Lecteur()
    lecteur.feed(page.read_text(encoding="utf-8"))
    return " ".join(" ".join(lecteur.parts).split())


def pages_generees(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html"))
            if p.relative_to(site).as_posix() not in PAGES_ECRITES_A_LA_MAIN]


def mots_trouves_dans_le_site(site: Path, mots: set[str]) -> dict[str, list[str]]:
    found = {p.relative_to(site).as_posix(): trouves(mots, texte_lu(p))
             for p in pages_generees(site)}
    manifest = site / "manifest.webmanifest"
    if manifest.is_file():
        found["manifest.webmanifest"] = trouves(mots, manifest.read_text(encoding="utf-8"))
    return {page: mots_ for page, mots_ in found.items() if mots_}


# -- the two sites ------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def site_cip(real_site: BuiltSite) -> BuiltSite:
    return real_site


@pytest.fixture(scope="session")
def site_cap(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return require_ok(shared_build(tmp_path_factory, "site-cap-essai", lambda _: CAP_ESSAI,
                                   extra_args=["--skip-pdf"]))


def test_le_referentiel_d_essai_a_ses_propres_mots() -> None:
    """The scan below is only worth its word lists: each side keeps words of its own."""
    assert {"CCP", "stagiaire", "titre professionnel"} <= mots_propres(REAL_FRAMEWORK, CAP_ESSAI)
    assert {"candidate", "épreuves d'examen", "Bloc de compétences 1"} <= mots_propres(
        CAP_ESSAI, REAL_FRAMEWORK)


@pytest.mark.site
def test_le_site_du_cap_ne_dit_aucun_mot_du_cip(site_cap: BuiltSite) -> None:
    mots = mots_propres(REAL_FRAMEWORK, CAP_ESSAI) | MOTS_DU_TITRE_PROFESSIONNEL
    assert mots_trouves_dans_le_site(site_cap.site, mots) == {}
    # and it says its own words where the CIP's site says « CCP » and « stagiaire »
    assert _intertitre(site_cap.site / "referentiel" / "titre.html", "competences") == \
        "Les 2 blocs de compétences et leurs compétences"
    grille = texte_lu(site_cap.site / "referentiel" / "grilles" / "competence-cp01-evaluateur.html")
    assert "Nom et prénom de la candidate" in grille
    assert "Bloc de compétences 1 : " in grille


@pytest.mark.site
def test_le_site_du_cip_ne_dit_aucun_mot_du_cap(site_cip: BuiltSite) -> None:
    mots = mots_propres(CAP_ESSAI, REAL_FRAMEWORK)
    assert mots_trouves_dans_le_site(site_cip.site, mots) == {}
    assert _intertitre(site_cip.site / "referentiel" / "titre.html", "competences") == \
        "Les 3 CCP et leurs compétences"


def _texte_pdf(dossier: Path, cles: tuple[str, ...]) -> dict[str, str]:
    """The text of a few PDFs of ``dossier``'s site, made as the build makes them."""
    fw = validate_framework(dossier).framework
    assert fw is not None
    site = render_site(fw, [], skip_pdf=False)
    voulus = {PurePosixPath(c).name for c in cles}
    textes = {}
    for impression in site.impressions:
        if impression.path.name in voulus and not impression.path.name.endswith("-remplissable"):
            reader = pypdf.PdfReader(io.BytesIO(render_pdf(impression)))
            textes[impression.path.name] = " ".join(
                " ".join(page.extract_text() or "" for page in reader.pages).split())
    assert set(textes) == voulus
    return textes


@pytest.mark.site  # WeasyPrint: a few seconds per PDF
def test_les_pdf_des_grilles_ne_disent_que_les_mots_de_leur_referentiel() -> None:
    cap = _texte_pdf(CAP_ESSAI, ("competence-cp01-evaluateur.pdf", "livret-bc1.pdf"))
    mots_cip = mots_propres(REAL_FRAMEWORK, CAP_ESSAI) | MOTS_DU_TITRE_PROFESSIONNEL
    assert {nom: trouves(mots_cip, texte) for nom, texte in cap.items()} == {
        nom: [] for nom in cap}
    assert "Nom et prénom de la candidate" in cap["competence-cp01-evaluateur.pdf"]
    assert "synthèse du bloc de compétences 1" in cap["livret-bc1.pdf"]
    cip = _texte_pdf(REAL_FRAMEWORK, ("competence-cp01-auto-evaluation.pdf", "livret-ccp1.pdf"))
    mots_cap = mots_propres(CAP_ESSAI, REAL_FRAMEWORK)
    assert {nom: trouves(mots_cap, texte) for nom, texte in cip.items()} == {
        nom: [] for nom in cip}
    assert "Nom et prénom du stagiaire" in cip["competence-cp01-auto-evaluation.pdf"]


# -- no « CIP » nor « CCP » written in the code that shows text -----------------------------------

SIGLES = re.compile(r"(?<![\w.-])(CIP|CCP)(?![\w-]|\.[A-Za-z])")
# (file, the words around the acronym): where it stays, and why.
EXCEPTIONS = {
    # the ACI's counsellor (a job of the support path, whatever the certification prepared)
    ("site_templates/outils.md.j2", "par le CIP pour suivre le parcours"),
    # the browser namespace window.CIP in the code of the generated labels script
    ("generator/export/script.py", "(function (CIP, donnees)"),
    # synth writes the DATA of a synthetic titre professionnel (its vocabulaire says « CCP »)
    ("generator/synth.py", ""),
}


def _textes_python(path: Path) -> list[tuple[int, str]]:
    """The string literals of a module, docstrings left out (f-strings: their text parts)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef,
                                       ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings]


_COMMENTAIRES = re.compile(r"\{#.*?#\}|/\*.*?\*/|<!--.*?-->", re.S)


def _textes_gabarit(path: Path) -> list[tuple[int, str]]:
    """The lines of a template, its comments (Jinja, CSS/JS, HTML) blanked out."""
    texte = _COMMENTAIRES.sub(lambda m: re.sub(r"[^\n]", " ", m.group()),
                              path.read_text(encoding="utf-8"))
    lignes = texte.splitlines()
    if path.suffix == ".js":
        lignes = [re.sub(r"(^|\s)//.*$", "", ligne) for ligne in lignes]
    return list(enumerate(lignes, start=1))


def sigles_en_dur() -> list[str]:
    found = []
    sources = [(p, _textes_python(p)) for p in sorted(GENERATOR.rglob("*.py"))]
    sources += [(p, _textes_gabarit(p)) for p in sorted(TEMPLATES.rglob("*"))
                if p.is_file() and p.suffix in (".j2", ".html", ".js", ".css")]
    for path, textes in sources:
        rel = path.relative_to(ROOT).as_posix()
        for ligne, texte in textes:
            if SIGLES.search(texte) and not any(rel == f and phrase in texte
                                                for f, phrase in EXCEPTIONS):
                found.append(f"{rel}:{ligne}: {' '.join(texte.split())[:120]}")
    return found


def test_aucun_sigle_du_cip_n_est_ecrit_en_dur_dans_un_texte_affiche() -> None:
    assert sigles_en_dur() == []


def test_le_balayage_trouve_un_sigle_ecrit_en_dur(tmp_path: Path, monkeypatch) -> None:
    """The scan is not blind: a template and a module that say « CCP » are caught, a comment
    and the ``window.CIP`` namespace are not."""
    gabarits, code = tmp_path / "site_templates", tmp_path / "generator"
    gabarits.mkdir()
    code.mkdir()
    (gabarits / "page.md.j2").write_text("{# le CCP #}\nwindow.CIP.x\nLe CCP {{ n }}\n", "utf-8")
    (code / "m.py").write_text('"""Le CCP."""\n# CCP\nX = f"CCP {1}"\n', encoding="utf-8")
    module = sys.modules[__name__]
    monkeypatch.setattr(module, "ROOT", tmp_path)
    monkeypatch.setattr(module, "GENERATOR", code)
    monkeypatch.setattr(module, "TEMPLATES", gabarits)
    assert sigles_en_dur() == ["generator/m.py:3: CCP",
                               "site_templates/page.md.j2:3: Le CCP {{ n }}"]


_JS = ROOT / "content" / "javascripts"


def test_aucun_script_ne_fixe_le_prefixe_du_cip() -> None:
    """The storage prefix and the formats come from the page (CIP.site), never a constant."""
    found = []
    for path in sorted(_JS.glob("*.js")):
        for ligne, texte in _textes_gabarit(path):
            if re.search(r"[\"']referentiel-cip", texte):
                found.append(f"{path.name}:{ligne}")
    assert found == []


# -- two frameworks, one origin -----------------------------------------------------------------

def _servis_ensemble(tmp_path: Path, cip: BuiltSite, cap: BuiltSite) -> Path:
    racine = tmp_path / "hote"
    racine.mkdir()
    (racine / "cip").symlink_to(cip.site, target_is_directory=True)
    (racine / "cap").symlink_to(cap.site, target_is_directory=True)
    return racine


# The answers of the grid, saved under the prefix given (the page saves as one types).
ENREGISTRE = """espace => Object.keys(localStorage).some(k => k.startsWith(espace) &&
    k.endsWith(":grille:competence-cp01-auto-evaluation"))"""


@pytest.mark.site
def test_deux_referentiels_servis_depuis_une_origine_ne_melent_pas_leurs_reponses(
        site_cip: BuiltSite, site_cap: BuiltSite, browser: Browser, tmp_path: Path) -> None:
    grille = "referentiel/grilles/competence-cp01-auto-evaluation.html"
    champ = 'textarea[name="cp01-c1-observations"]'
    context = browser.new_context(locale="fr-FR")
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        with StaticHost(_servis_ensemble(tmp_path, site_cip, site_cap)) as host:
            page.goto(host.url + "cip/" + grille)
            page.locator(champ).fill("Réponse sur le site du CIP")
            page.wait_for_function(ENREGISTRE, arg="referentiel-cip:")
            with page.expect_download() as info:
                page.get_by_role("button", name="Exporter mes réponses (JSON)").click()
            export_cip = tmp_path / info.value.suggested_filename
            info.value.save_as(export_cip)
            assert json.loads(export_cip.read_text("utf-8"))["format"] == "referentiel-cip/grille"

            page.goto(host.url + "cap/" + grille)
            expect(page.get_by_label("Nom et prénom de la candidate")).to_be_visible()
            expect(page.locator(champ)).to_have_value("")
            page.locator(champ).fill("Réponse sur le site du CAP d'essai")
            page.wait_for_function(ENREGISTRE, arg="referentiel-cap-essai:")
            page.get_by_label("Importer des réponses (fichier JSON)").set_input_files(
                str(export_cip))
            expect(page.locator(".grille-etat")).to_contain_text(
                "a été rempli sur le site d'un autre référentiel")
            expect(page.locator(champ)).to_have_value("Réponse sur le site du CAP d'essai")

            page.goto(host.url + "cip/" + grille)
            expect(page.locator(champ)).to_have_value("Réponse sur le site du CIP")
            cles = page.evaluate("Object.keys(localStorage)")
    finally:
        context.close()
    assert "referentiel-cip:v2023:grille:competence-cp01-auto-evaluation" in cles, cles
    assert "referentiel-cap-essai:v2023:grille:competence-cp01-auto-evaluation" in cles, cles
    assert not errors, errors


def test_les_fichiers_exportes_portent_l_id_du_referentiel() -> None:
    cip = validate_framework(REAL_FRAMEWORK).framework
    cap = validate_framework(CAP_ESSAI).framework
    assert cip is not None and cap is not None
    assert fichiers(cip) == {"json": "referentiel-cip.json", "case": "referentiel-cip.case.json",
                             "moodle": "referentiel-cip-moodle.csv",
                             "schema": "referentiel-cip.schema.json",
                             "script": "referentiel-cip.js"}
    assert set(fichiers(cap).values()) == {
        "referentiel-cap-essai.json", "referentiel-cap-essai.case.json",
        "referentiel-cap-essai-moodle.csv", "referentiel-cap-essai.schema.json",
        "referentiel-cap-essai.js"}
