"""« Suivi de l'équipe » in Chromium at 390×844 and 1366×900: the encadrant loads the tools'
exports of ten salariés (positionnement at entry, three evaluations in production, the
attestation at exit; a name typed with ’ and '), reads salariés × criteria over time, merges a
near-duplicate name (kept after reloading), prints an A4 landscape table; a compétence grid is
refused with where it belongs; axe finds nothing serious with the data loaded.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import Browser, Page, expect

from .browser_helpers import AXE_OPTIONS, open_offline
from .site_helpers import BuiltSite

pytest_plugins = ["tests.conftest_site", "tests.conftest_browser"]
pytestmark = pytest.mark.browser

NIV = ["non-acquis", "en-cours", "acquis", "maitrise"]
NOMS = ["Awa N’Diaye", "Karim Benali", "Sophie Martin", "Jean-Luc Moreau", "Fatou Diallo",
        "Marc Petit", "Inès Haddad", "Paul Lefèvre", "Nadia Roussel", "Yves Garnier"]
SIZES = {"telephone": (390, 844), "ordinateur": (1366, 900)}
TRI = "Tri des déchets"


def export(cle: str, valeurs: dict) -> dict:
    return {"format": "referentiel-cip/grille", "cle": cle, "version": "2023",
            "enregistre_le": "2026-10-01T10:00:00.000Z", "grille": cle, "variante": "formulaire",
            "valeurs": valeurs}


def dossier_equipe(dest: Path) -> list[str]:
    """Five sheets per salarié, as the tools' pages export them; Awa N’Diaye's evaluations in
    production typed « Awa N'Diaye », one of them with the activity in capitals."""
    paths = []
    for i, nom in enumerate(NOMS):
        prod = "Awa N'Diaye" if i == 0 else nom
        feuilles = [("outil-grille-positionnement", {
            "nom-salarie": nom, "date-positionnement": "2026-01-12", "activite-1": TRI,
            "niveau-1": NIV[0], "consignes": NIV[1], "securite": NIV[0], "equipe": NIV[2]})]
        for k, date in enumerate(["2026-03-02", "2026-05-04", "2026-07-06"]):
            feuilles.append(("outil-grille-evaluation-production", {
                "nom-salarie": prod, "date-evaluation": date,
                "activite-1": TRI.upper() if k == 1 else TRI,
                "niveau-encadrant-1": NIV[k + 1], "niveau-salarie-1": NIV[min(3, k + 2)],
                "securite": NIV[k + 1], "consignes": NIV[2]}))
        feuilles.append(("outil-attestation-competences", {
            "nom-salarie": nom, "date-attestation": "2026-09-28", "activite-1": TRI,
            "niveau-1": "maitrise"}))
        for j, (cle, valeurs) in enumerate(feuilles):
            path = dest / f"{cle}-{i:02d}-{j}.json"
            path.write_text(json.dumps(export(cle, valeurs), ensure_ascii=False), encoding="utf-8")
            paths.append(str(path))
    return paths


def open_loaded(page: Page, site: BuiltSite, paths: list[str]) -> None:
    page.goto((site.site / "referentiel" / "suivi-equipe.html").as_uri())
    expect(page.locator("#equipe")).to_have_attribute("data-etat", "pret")
    page.get_by_label("Choisir les exports des outils").set_input_files(paths)
    expect(page.locator("#equipe-etat")).to_contain_text(f"{5 * len(NOMS)} exports ajoutés")


def assert_axe_clean(page: Page, axe) -> None:
    results = axe.run(page, options=AXE_OPTIONS)
    serious = [f"{v['id']} : {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, "\n".join(serious)


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_the_team_over_time_at_a_glance(real_site: BuiltSite, browser: Browser, axe,
                                        tmp_path: Path, size: tuple[int, int]) -> None:
    paths = dossier_equipe(tmp_path)
    for state in open_offline(browser):
        page = state.page
        page.set_viewport_size({"width": size[0], "height": size[1]})
        open_loaded(page, real_site, paths)
        # one salarié whatever the apostrophe: ten salariés, the two spellings shown together
        expect(page.locator("#equipe-resume")).to_have_text(
            f"{5 * len(NOMS)} exports chargés pour {len(NOMS)} salariés.")
        expect(page.locator("#equipe-identites")).to_contain_text("Awa N'Diaye = Awa N’Diaye")
        bloc = page.locator('#equipe [data-stagiaire="Awa N\'Diaye"]')
        # the activity typed in capitals once is the same row: one row, five moments
        ligne = bloc.locator("tr", has=page.locator("th", has_text=TRI))
        expect(ligne).to_have_count(1)
        if size[0] < 500:
            expect(page.locator("#equipe-cadre")).to_be_hidden()
            bloc.scroll_into_view_if_needed()
            page.evaluate("document.querySelector('#equipe-cartes .promo-carte').scrollIntoView()")
            moments = ligne.locator(".promo-carte-ligne")
            expect(moments).to_have_count(5)
            premier = moments.first
            for locator in (bloc.get_by_role("heading", name="Awa N'Diaye"), ligne.locator("th"),
                            premier):
                expect(locator).to_be_in_viewport()
                box = locator.bounding_box()
                assert box and box["x"] >= 0 and box["x"] + box["width"] <= size[0], box
            expect(premier).to_contain_text("Positionnement à l'entrée")
            expect(premier).to_contain_text("Non acquis")
        else:
            entete = page.locator("#equipe-tableau thead th")
            expect(entete).to_have_text(["Salarié", "Critère", "Positionnement à l'entrée",
                                         "Évaluation en situation de production n° 1",
                                         "Évaluation en situation de production n° 2",
                                         "Évaluation en situation de production n° 3",
                                         "Attestation de compétences"])
            cases = ligne.locator("td")
            expect(cases).to_have_count(5)
            expect(cases.nth(0)).to_contain_text("Non acquis")
            expect(cases.nth(1)).to_contain_text("Auto")  # the salarié's own view, and the gap
            expect(cases.nth(1)).to_contain_text("▲ +1")
            expect(cases.nth(4)).to_contain_text("Maîtrisé")
        assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
        # filter by name, folded as people type it
        page.get_by_label("Salarié (une partie du nom)").fill("ndiaye")
        expect(page.locator("#equipe-etat")).to_have_text("1 salarié affiché.")
        page.get_by_label("Salarié (une partie du nom)").fill("")
        assert_axe_clean(page, axe)
        state.assert_clean()


def test_a_near_duplicate_is_merged_kept_after_reload_and_printed(
        real_site: BuiltSite, browser: Browser, tmp_path: Path) -> None:
    paths = dossier_equipe(tmp_path)
    faute = tmp_path / "faute.json"
    faute.write_text(json.dumps(export("outil-grille-evaluation-production", {
        "nom-salarie": "Karim Benalli", "date-evaluation": "2026-08-03", "activite-1": TRI,
        "niveau-encadrant-1": "maitrise"})), encoding="utf-8")
    grille_cip = tmp_path / "cip.json"
    grille_cip.write_text(json.dumps(export("competence-cp01-evaluateur", {
        "stagiaire": "Camille", "cp01-c1": "acquis"})), encoding="utf-8")
    # Sophie Martin's first evaluation in production, completed and exported again that day
    corrige = tmp_path / "corrige.json"
    corrige.write_text(json.dumps({**export("outil-grille-evaluation-production", {
        "nom-salarie": "Sophie Martin", "date-evaluation": "2026-03-02", "activite-1": TRI,
        "niveau-encadrant-1": "maitrise", "securite": NIV[1], "consignes": NIV[2]}),
        "enregistre_le": "2026-10-01T15:00:00.000Z"}), encoding="utf-8")
    for state in open_offline(browser):
        page = state.page
        page.set_viewport_size({"width": 1366, "height": 900})
        page.goto((real_site.site / "referentiel" / "suivi-equipe.html").as_uri())
        expect(page.locator("#equipe")).to_have_attribute("data-etat", "pret")
        page.get_by_label("Choisir les exports des outils").set_input_files(
            paths + [str(faute), str(grille_cip), str(corrige)])
        expect(page.locator("#equipe-rejets")).to_contain_text(
            "grille de compétence : elle se lit dans le suivi de la promotion")
        expect(page.locator("#equipe-rejets tr", has_text="production-02-1.json")).to_contain_text(
            "remplacé par « corrige.json », enregistré plus tard : « Sophie Martin », même outil "
            "et même date (2026-03-02)")
        sophie = page.locator('#equipe-tableau tbody[data-stagiaire="Sophie Martin"]')
        expect(sophie.locator("tr", has=page.locator("th", has_text=TRI)).locator(
            'td[data-moment="outil-grille-evaluation-production#1"]')).to_contain_text("Maîtrisé")
        expect(page.locator("#equipe-resume")).to_contain_text(f"pour {len(NOMS) + 1} salariés")
        proposition = page.locator("#equipe-identites li", has_text="Karim Benalli")
        expect(proposition).to_contain_text("une lettre d'écart")
        proposition.get_by_role("button", name="Fusionner sous « Karim Benali »").click()
        expect(page.locator("#equipe-resume")).to_contain_text(f"pour {len(NOMS)} salariés")
        page.reload()
        expect(page.locator("#equipe")).to_have_attribute("data-etat", "pret")
        expect(page.locator("#equipe-resume")).to_contain_text(f"pour {len(NOMS)} salariés")
        karim = page.locator('#equipe-tableau tbody[data-stagiaire="Karim Benali"]')
        expect(karim).to_have_count(1)
        # the misspelt sheet is Karim's fourth evaluation in production
        expect(page.locator("#equipe-tableau thead th")).to_contain_text(
            ["Évaluation en situation de production n° 4"])
        quatrieme = karim.locator("tr", has=page.locator("th", has_text=TRI)).locator(
            'td[data-moment="outil-grille-evaluation-production#4"]')
        expect(quatrieme).to_contain_text("Maîtrisé")
        # on paper: A4 landscape, every salarié, the moments as columns
        page.set_viewport_size({"width": 390, "height": 844})
        expect(page.locator("#equipe-cartes .promo-carte").first).to_be_visible()
        pdf = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
        sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
                 for p in pdf.pages}
        assert sizes == {(842, 595)}, sizes
        assert len(pdf.pages) <= 8, len(pdf.pages)
        text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
        for nom in ("Awa N'Diaye", "Karim Benali", "Yves Garnier", "Positionnement à l'entrée",
                    "Attestation de compétences", TRI):
            assert nom in text, nom
        state.assert_clean()


def test_the_team_page_is_beside_the_tools(real_site: BuiltSite) -> None:
    outils = (real_site.site / "referentiel" / "outils" / "index.html").read_text(encoding="utf-8")
    assert 'href="../suivi-equipe/"' in outils or 'href="../suivi-equipe.html"' in outils
    nav = outils[outils.index("Outils de l'encadrant"):]
    assert nav.index("Suivi de l'équipe") < nav.index("Grille de positionnement")


def test_renaming_a_team_never_overwrites_another_saved_team_unasked(
        real_site: BuiltSite, browser: Browser, tmp_path: Path) -> None:
    """Two teams saved in this browser: giving the open one the other's name asks first, and
    « Annuler » keeps both (the name goes back)."""
    paths = dossier_equipe(tmp_path)
    for state in open_offline(browser):
        page = state.page
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto((real_site.site / "referentiel" / "suivi-equipe.html").as_uri())
        expect(page.locator("#equipe")).to_have_attribute("data-etat", "pret")
        page.get_by_label("Nom de l'équipe").fill("Halte-garderie du matin")
        page.get_by_label("Nom de l'équipe").press("Tab")
        page.get_by_label("Choisir les exports des outils").set_input_files(paths)
        expect(page.locator("#equipe-resume")).to_contain_text(f"pour {len(NOMS)} salariés")
        page.evaluate("""() => {
            const liste = CIP.site.espace + ':equipes';
            const noms = JSON.parse(localStorage.getItem(liste) || '[]');
            localStorage.setItem(liste, JSON.stringify(noms.concat(['Atelier du soir'])));
            localStorage.setItem(CIP.site.espace + ':equipe:Atelier du soir', '{"temoin": 1}');
        }""")
        # the page's question is answered « Annuler » (open_offline dismisses every dialog)
        page.get_by_label("Nom de l'équipe").fill("Atelier du soir")
        page.get_by_label("Nom de l'équipe").press("Tab")
        expect(page.get_by_label("Nom de l'équipe")).to_have_value("Halte-garderie du matin")
        assert state.dialogs == ["Une équipe « Atelier du soir » est déjà enregistrée dans ce "
                                 "navigateur. La remplacer par celle-ci ?"]
        state.dialogs.clear()
        assert page.evaluate("localStorage.getItem(CIP.site.espace + ':equipe:Atelier du soir')"
                             ) == '{"temoin": 1}'
        state.assert_clean()
