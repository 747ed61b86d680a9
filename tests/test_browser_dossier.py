"""The Dossier professionnel page in Chromium, opened from disk with the network refused: a
stagiaire writes two examples, finds them after a reload, exports them, imports them into an
empty browser, and prints an A4 dossier in the model's order; the per-CCP count of compétences
illustrated follows the ticked boxes; the page fits a 390 px phone and passes axe.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pypdf
import pytest
import yaml
from playwright.sync_api import Browser, expect

from .browser_helpers import AXE_OPTIONS, Offline, open_offline
from .site_helpers import REAL_FRAMEWORK, BuiltSite, FrameworkData

pytest_plugins = ["tests.conftest_site", "tests.conftest_browser"]
pytestmark = pytest.mark.browser

REAL = FrameworkData(REAL_FRAMEWORK)
DP = yaml.safe_load((REAL_FRAMEWORK / "dossier_professionnel.yml").read_text(encoding="utf-8"))
CCPS = sorted(REAL.ccps, key=lambda c: c["numero"])
COMPS = {c["id"]: [k for k in REAL.competences if k["ccp"] == c["id"]] for c in CCPS}
QUESTIONS = DP["rubriques"]["exemples"]["questions"]

# Two examples of the first activité-type, written with a few characters a printer could lose.
EXEMPLE_1 = {
    "intitule": "Accueil d'un jeune orienté par la mission locale",
    "taches": "J'ai reçu Léa, 19 ans, en entretien individuel « premier accueil ».\n"
              "J'ai reformulé sa demande ; nous avons listé ses freins (mobilité, garde "
              "d'enfant).\n"
              "Résultat : un diagnostic partagé signé le jour même — œuvre commune.",
    "moyens": "Grille d'entretien de la structure, logiciel de suivi, plaquette des partenaires.",
    "avec-qui": "Seule en entretien, puis avec la conseillère référente du RSA.",
    "structure": "Atelier chantier d'insertion Les Jardins du Lac",
    "service": "Accompagnement socioprofessionnel",
    "informations": "Situation choisie : elle montre un diagnostic construit avec la personne.",
}
EXEMPLE_2 = {
    "intitule": "Information collective sur les métiers du maraîchage",
    "taches": "J'ai animé une information collective pour 8 personnes : présentation du chantier, "
              "visite des serres, questions-réponses ; j'ai noté les candidatures.",
    "moyens": "Diaporama, fiches métier ROME, salle de réunion.",
    "avec-qui": "Avec l'encadrant technique du chantier maraîchage.",
    "structure": "Atelier chantier d'insertion Les Jardins du Lac",
    "service": "Chantier maraîchage",
}
GARDE = {"garde-nom-naissance": "Martin", "garde-prenom": "Camille",
         "garde-adresse": "12 rue des Lilas\n69000 Lyon"}


def page_path(site: BuiltSite) -> Path:
    return site.site / "referentiel" / "dossier-professionnel.html"


def base(n: int) -> str:
    return f"{CCPS[0]['id']}-ex{n}"


def ajouter(page) -> None:
    page.get_by_role("button",
                     name=f"Ajouter un exemple à l'activité-type {CCPS[0]['numero']}").click()


def write_example(page, n: int, data: dict[str, str], competences: list[str]) -> None:
    if n > 1:
        ajouter(page)
    for champ, valeur in data.items():
        page.locator(f'[name="{base(n)}-{champ}"]').fill(valeur)
    page.locator(f'[name="{base(n)}-periode-du"]').fill("2026-03-02")
    page.locator(f'[name="{base(n)}-periode-au"]').fill("2026-03-27")
    for comp in competences:
        page.locator(f'[name="{base(n)}-cp-{comp}"]').check()


def write_dossier(page) -> None:
    for name, value in GARDE.items():
        page.locator(f'[name="{name}"]').fill(value)
    page.locator('input[name="garde-modalite"][value="formation"]').check()
    first = [c["id"] for c in COMPS[CCPS[0]["id"]]]
    write_example(page, 1, EXEMPLE_1, first[:2])
    write_example(page, 2, EXEMPLE_2, first[1:3])
    page.locator('[name="decl-soussigne"]').fill("Camille Martin")
    page.locator('[name="decl-lieu"]').fill("Lyon")
    page.locator('[name="titres-1-intitule"]').fill("Baccalauréat professionnel ASSP")


def assert_written(page) -> None:
    for n, data in ((1, EXEMPLE_1), (2, EXEMPLE_2)):
        for champ, valeur in data.items():
            expect(page.locator(f'[name="{base(n)}-{champ}"]')).to_have_value(valeur)
    expect(page.locator('[name="garde-adresse"]')).to_have_value(GARDE["garde-adresse"])
    expect(page.locator('input[name="garde-modalite"][value="formation"]')).to_be_checked()
    expect(page.locator(f'#{base(2)}')).to_be_visible()


def assert_counts(page) -> None:
    """Three compétences of the first CCP ticked across its two examples; none elsewhere."""
    first = COMPS[CCPS[0]["id"]]
    bloc = page.locator(f'.dp-bilan-ccp[data-ccp="{CCPS[0]["id"]}"]')
    expect(bloc.locator(".dp-compte")).to_have_text(
        f"Compétences illustrées par au moins un exemple : 3 sur {len(first)}")
    for comp in first[:3]:
        expect(bloc.locator(f'li[data-competence="{comp["id"]}"]')).to_be_hidden()
    for comp in first[3:]:
        item = bloc.locator(f'li[data-competence="{comp["id"]}"]')
        expect(item).to_be_visible()
        page_lien = item.get_by_role("link", name=re.compile(re.escape(comp["intitule"])))
        expect(page_lien).to_have_attribute("href", f"competences/{comp['id']}.html")
        grille = item.get_by_role("link", name="m'auto-évaluer sur cette compétence")
        expect(grille).to_have_attribute(
            "href", f"grilles/competence-{comp['id']}-auto-evaluation.html")
    expect(bloc.locator(".dp-nb-exemples-n")).to_have_text("2")
    for ccp in CCPS[1:]:
        autre = page.locator(f'.dp-bilan-ccp[data-ccp="{ccp["id"]}"]')
        expect(autre.locator(".dp-nb-exemples-n")).to_have_text("0")
        expect(autre.locator(".dp-compte")).to_have_text(
            f"Compétences illustrées par au moins un exemple : 0 sur {len(COMPS[ccp['id']])}")


@pytest.fixture
def fresh(browser: Browser):
    """A second offline context: a browser with nothing stored (another computer)."""
    yield from open_offline(browser)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_write_reload_export_import_print(real_site: BuiltSite, offline: Offline, fresh: Offline,
                                          tmp_path: Path) -> None:
    page = offline.open(page_path(real_site))
    write_dossier(page)
    assert_counts(page)
    page.reload()
    expect(page.locator(".dp-etat")).to_contain_text("Réponses retrouvées (enregistrées le ")
    assert_written(page)
    assert_counts(page)

    with page.expect_download() as info:
        page.get_by_role("button", name="Exporter mon dossier (JSON)").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    # the person's name and the day: two stagiaires' dossiers in one folder do not overwrite
    jour = page.evaluate("CIP.profil.jour()")
    assert saved.name == f"dossier-professionnel-martin-camille-{jour}.json"
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["format"] == "referentiel-cip/dossier-professionnel"
    assert data["valeurs"][f"{base(1)}-taches"] == EXEMPLE_1["taches"]

    other = fresh.open(page_path(real_site))
    expect(other.locator(f'[name="{base(1)}-intitule"]')).to_have_value("")
    expect(other.locator(f'#{base(2)}')).to_be_hidden()
    other.get_by_label("Importer un dossier (fichier JSON)").set_input_files(str(saved))
    expect(other.locator(".dp-etat")).to_contain_text("Réponses importées")
    assert_written(other)
    assert_counts(other)

    other.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".dp-formulaire",
                     ".dp-bilan", ".dp-conseil"):
        expect(other.locator(selector).first).to_be_hidden()
    pdf = pypdf.PdfReader(io.BytesIO(other.pdf(prefer_css_page_size=True)))
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pdf.pages}
    assert sizes == {(595, 842)}, sizes
    assert f"page 1 / {len(pdf.pages)}" in pdf.pages[0].extract_text()  # the dossier is paginated
    # Compared without white space: the PDF text breaks lines where the page does.
    pages = [_flat(p.extract_text()) for p in pdf.pages]
    text = "".join(pages)
    assert "Rechercher" not in text and "Exporter" not in text and "Conseil" not in text
    # Every character typed is printed.
    for data in (EXEMPLE_1, EXEMPLE_2):
        for valeur in data.values():
            assert _flat(valeur) in text, valeur
    for valeur in ("12 rue des Lilas\n69000 Lyon", "☒ Parcours de formation",
                   "du 02/03/2026 au 27/03/2026"):
        assert _flat(valeur) in text, valeur
    # The rubric headings in the model's order, each example on a page of its own under its
    # activité-type title.
    r = DP["rubriques"]
    ordre = ["DOSSIER PROFESSIONNEL (DP)", r["sommaire"]["intitule"],
             "EXEMPLES DE PRATIQUE PROFESSIONNELLE"]
    for n, data in ((1, EXEMPLE_1), (2, EXEMPLE_2)):
        ordre.append(f"Exemple n°{n} ▸ {data['intitule']}")
        ordre += [f"{q['numero']}. {q['libelle']}" for q in QUESTIONS]
    ordre += [f"Activité-type {c['numero']} : {' '.join(c['intitule'].split())}" for c in CCPS[1:]]
    ordre += [r["titres"]["intitule"], "Baccalauréat professionnel ASSP",
              r["declaration"]["intitule"], "Je soussigné(e) Camille Martin",
              " ".join(r["declaration"]["engagement"].split()),
              r["documents"]["intitule"], r["annexes"]["intitule"].upper()]
    ordre = [_flat(h) for h in ordre]
    assert text.index(ordre[0]) < text.index(ordre[1]) < text.index(ordre[2])
    position = text.index(ordre[2])  # after the contents page
    for heading in ordre[3:]:
        found = text.find(heading, position)
        assert found >= 0, f"« {heading} » absent ou hors de l'ordre du modèle"
        position = found + len(heading)
    for data in (EXEMPLE_1, EXEMPLE_2):
        premiere = _flat(f"1. {QUESTIONS[0]['libelle']}")
        start = next(p for p in pages if _flat(data["intitule"]) in p and premiere in p)
        start = re.sub(r"^page\d+/\d+", "", start)  # the page number, in the margin
        assert start.startswith(_flat(f"Activité-type {CCPS[0]['numero']} :")), start[:80]
    offline.assert_clean()
    fresh.assert_clean()


def test_import_refuses_a_grid_file_and_keeps_the_dossier(real_site: BuiltSite,
                                                          offline: Offline,
                                                          tmp_path: Path) -> None:
    wrong = tmp_path / "grille.json"
    grille = {"format": "referentiel-cip/grille", "cle": "competence-cp01-tuteur",
              "version": "2023", "valeurs": {"stagiaire": "X"}}
    wrong.write_text(json.dumps(grille), encoding="utf-8")
    page = offline.open(page_path(real_site))
    write_example(page, 1, EXEMPLE_1, [])
    page.get_by_label("Importer un dossier (fichier JSON)").set_input_files(str(wrong))
    expect(page.locator(".dp-etat")).to_contain_text("Import impossible")
    expect(page.locator(f'[name="{base(1)}-taches"]')).to_have_value(EXEMPLE_1["taches"])
    page.reload()
    expect(page.locator(f'[name="{base(1)}-taches"]')).to_have_value(EXEMPLE_1["taches"])
    offline.assert_clean()


def test_effacer_asks_first(real_site: BuiltSite, offline: Offline) -> None:
    page = offline.open(page_path(real_site))
    write_example(page, 1, EXEMPLE_1, [])
    effacer = page.locator(".dp-formulaire").get_by_role("button", name="Effacer")
    effacer.click()  # the test browser answers « Annuler »
    assert offline.dialogs and "Effacer" in offline.dialogs[0]
    expect(page.locator(".dp-etat")).to_contain_text("Rien n'a été effacé")
    expect(page.locator(f'[name="{base(1)}-intitule"]')).to_have_value(EXEMPLE_1["intitule"])
    offline.dialogs.clear()
    page.evaluate("window.confirm = () => true")
    effacer.click()
    expect(page.locator(f'[name="{base(1)}-intitule"]')).to_have_value("")
    page.reload()
    expect(page.locator(f'[name="{base(1)}-intitule"]')).to_have_value("")
    offline.assert_clean()


def test_counter_estimates_pages_against_the_three_page_rule(real_site: BuiltSite,
                                                              offline: Offline) -> None:
    page = offline.open(page_path(real_site))
    compteur = page.locator(f"#{base(1)} .dp-compteur")
    expect(compteur).to_contain_text("0 caractère")
    expect(compteur).to_contain_text("(estimation)")
    page.locator(f'[name="{base(1)}-taches"]').fill("Mot " * 4000)  # 16 000 caractères
    expect(compteur).to_contain_text("16 000 caractères")
    expect(compteur).to_contain_text("raccourcissez cet exemple")
    page.locator(f'[name="{base(1)}-taches"]').fill("Une phrase courte.")
    expect(compteur).not_to_contain_text("raccourcissez")
    offline.assert_clean()


@pytest.mark.parametrize("width,height", [(390, 844), (1366, 900)])
def test_fits_the_screen_and_passes_axe(real_site: BuiltSite, browser: Browser, axe,
                                        width: int, height: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR",
                                  is_mobile=width < 500, has_touch=width < 500)
    try:
        page = context.new_page()
        page.goto(page_path(real_site).as_uri())
        write_example(page, 1, EXEMPLE_1, [COMPS[CCPS[0]["id"]][0]["id"]])
        ajouter(page)
        # the title field is empty, and says what an empty one prints (a visible hint, not a
        # placeholder that disappears as soon as one types)
        titre = yaml.safe_load((REAL_FRAMEWORK / "titre.yml").read_text(encoding="utf-8"))
        champ = page.locator("#garde-titre-vise")
        expect(champ).to_have_value("")
        expect(champ).not_to_have_attribute("placeholder", re.compile(".*"))
        expect(champ).to_have_accessible_description(
            f"Laissé vide, le dossier imprimé porte « {titre['intitule']} ».")
        overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"défilement horizontal de {overflow} px à {width} px"
        results = axe.run(page, options=AXE_OPTIONS)
        serious = [v for v in results.response["violations"]
                   if v["impact"] in ("serious", "critical")]
        assert not serious, [(v["id"], v["nodes"][0]["target"]) for v in serious]
    finally:
        context.close()
