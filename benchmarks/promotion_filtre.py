"""Suivi de la promotion à 100 stagiaires dans Chromium : chaque changement que fait le
formateur (filtre par nom, tri par écart ou par niveau, changement de CCP, source décochée),
mesuré de l'évènement à la mise en page puis à l'image suivante peinte, à 1366 × 900 (grand
tableau) et à 390 × 844 (cartes). Objectif : ≤ 200 ms par changement.

Module autonome, aussi rubrique 11 du banc (`banc/rubriques/promotion_cent.py`) :
`mesurer(site)` renvoie les mesures, `lignes(mesures)` les lignes du rapport ;
`python benchmarks/promotion_filtre.py SITE` les affiche. Le site doit être construit
(`python -m generator build --skip-pdf` suffit).
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
OBJECTIF_MS = 200.0
LARGEURS = {"ordinateur": (1366, 900), "téléphone": (390, 844)}

# Un changement tel que l'utilisateur le fait (évènement input ou change), jusqu'à l'image
# suivante : mise en page, travail demandé pour cette image (requestAnimationFrame) et
# peinture compris.
IMAGE_JS = """() => new Promise(fin => requestAnimationFrame(() => setTimeout(fin, 0)))"""
CHANGER_JS = """async ([id, valeur, evenement]) => {
  const champ = document.getElementById(id);
  const t0 = performance.now();
  champ.value = valeur;
  champ.dispatchEvent(new Event(evenement, {bubbles: true}));
  void document.body.offsetHeight;
  const t1 = performance.now();
  await (IMAGE)();
  return [t1 - t0, performance.now() - t0];
}""".replace("IMAGE", IMAGE_JS)
COCHER_JS = """async ([valeur, coche]) => {
  const champ = document.querySelector(`input[name=promo-source][value="${valeur}"]`);
  const t0 = performance.now();
  champ.checked = coche;
  champ.dispatchEvent(new Event('change', {bubbles: true}));
  void document.body.offsetHeight;
  const t1 = performance.now();
  await (IMAGE)();
  return [t1 - t0, performance.now() - t0];
}""".replace("IMAGE", IMAGE_JS)
ELEMENTS_JS = "document.getElementsByTagName('*').length"


def _labels(site: Path) -> dict:
    """The labels script of the site (« referentiel-<id>.js », one per site), with the prefix of
    its formats (« referentiel-cip ») under « espace »."""
    script, = (site / "referentiel" / "exports").glob("referentiel-*.js")
    text = script.read_text(encoding="utf-8")
    labels = json.loads(text[text.index(", {") + 2:text.rindex(");")])
    labels["espace"] = script.stem
    return labels


def promotion(site: Path, out: Path, stagiaires: int = 100) -> Path:
    """Un fichier promotion : chaque stagiaire évalué sur chaque CCP par l'évaluateur et par
    lui-même (toutes les compétences ont un niveau et un écart)."""
    labels = _labels(site)
    niveaux = [n["id"] for n in labels["niveaux"]]
    exports = []
    for i in range(stagiaires):
        nom = f"Stagiaire {i:03d} Nom-Composé"
        for ccp in labels["ccps"]:
            for source, decalage in (("evaluateur", 0), ("auto-evaluation", 1)):
                valeurs = {"stagiaire": nom, "date": "2026-03-01"}
                for k, comp in enumerate(ccp["competences"]):
                    valeurs[comp] = niveaux[(i * (1 + decalage) + k) % len(niveaux)]
                exports.append({"format": f"{labels['espace']}/grille",
                                "cle": f"ccp-{ccp['id']}-{source}", "version": labels["version"],
                                "enregistre_le": "2026-03-01T10:00:00.000Z", "valeurs": valeurs})
    path = out / "promotion-banc.json"
    path.write_text(json.dumps({"format": f"{labels['espace']}/promotion", "version_format": 1,
                                "nom": "Banc", "exports": exports}), encoding="utf-8")
    return path


def _une_largeur(browser, url: str, fichier: Path, taille: tuple[int, int], reps: int,
                 ccp: str, mesures: dict[str, list]) -> int:
    context = browser.new_context(locale="fr-FR",
                                  viewport={"width": taille[0], "height": taille[1]})
    context.set_default_timeout(300_000)  # machine partagée : la charge peut être forte
    page = context.new_page()
    page.goto(url)
    page.evaluate("localStorage.clear()")
    page.goto(url)
    page.wait_for_selector("#promotion[data-etat=pret]")
    page.evaluate("document.getElementById('promotion').dataset.etat = 'attente'")
    page.set_input_files("#promo-fichiers", str(fichier))
    page.wait_for_selector("#promotion[data-etat=pret]")
    # la liste à l'écran, comme quand on la lit
    page.evaluate("document.getElementById('stagiaires-competences').scrollIntoView()")
    elements = page.evaluate(ELEMENTS_JS)
    for r in range(reps):
        for valeur in (f"stagiaire {r % 10}", "nom-compo", ""):
            mesures["filtre par nom"].append(
                page.evaluate(CHANGER_JS, ["promo-filtre-nom", valeur, "input"]))
        mesures["tri par écart"].append(page.evaluate(CHANGER_JS, ["promo-tri", "ecart", "change"]))
        mesures["tri par niveau"].append(
            page.evaluate(CHANGER_JS, ["promo-tri", "niveau", "change"]))
        page.evaluate(CHANGER_JS, ["promo-tri", "nom", "change"])
        mesures["changement de CCP"].append(
            page.evaluate(CHANGER_JS, ["promo-filtre-ccp", ccp, "change"]))
        mesures["changement de CCP"].append(
            page.evaluate(CHANGER_JS, ["promo-filtre-ccp", "", "change"]))
        mesures["source décochée puis recochée"].append(page.evaluate(COCHER_JS, ["tuteur", False]))
        mesures["source décochée puis recochée"].append(page.evaluate(COCHER_JS, ["tuteur", True]))
    context.close()
    return elements


def mesurer(site: Path, stagiaires: int = 100, reps: int = 5,
            largeurs: dict[str, tuple[int, int]] | None = None) -> dict:
    """{largeur: {"mesures": {changement: [[ms jusqu'à la mise en page, ms jusqu'à l'image]]},
    "elements": éléments dans la page}}."""
    from playwright.sync_api import sync_playwright

    ccp = _labels(site)["ccps"][0]["id"]
    res: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        fichier = promotion(site, Path(tmp), stagiaires)
        url = (site / "referentiel" / "suivi-promotion.html").as_uri()
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                         args=["--no-sandbox", "--disable-gpu"])
            for nom, taille in (largeurs or LARGEURS).items():
                mesures: dict[str, list] = {
                    "filtre par nom": [], "tri par écart": [], "tri par niveau": [],
                    "changement de CCP": [], "source décochée puis recochée": []}
                elements = _une_largeur(browser, url, fichier, taille, reps, ccp, mesures)
                res[nom] = {"mesures": mesures, "elements": elements}
            browser.close()
    return res


ENTETE = ["changement (100 stagiaires)", "jusqu'à la mise en page : médiane", "pire",
          "jusqu'à l'image peinte : médiane", "pire", "objectif (image peinte, pire)", "atteint"]


def lignes(resultats: dict) -> list[list[str]]:
    """Une ligne par changement et par largeur ; chaque mesure est [mise en page, image]."""
    res = []
    for largeur, r in resultats.items():
        for nom, valeurs in r["mesures"].items():
            mise = [v[0] for v in valeurs]
            image = [v[1] for v in valeurs]
            res.append([f"{nom} ({largeur})", f"{statistics.median(mise):.0f} ms",
                        f"{max(mise):.0f} ms", f"{statistics.median(image):.0f} ms",
                        f"{max(image):.0f} ms", f"≤ {OBJECTIF_MS:.0f} ms",
                        "oui" if max(image) <= OBJECTIF_MS else "**non**"])
    return res


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage : python benchmarks/promotion_filtre.py DOSSIER_DU_SITE", file=sys.stderr)
        return 2
    resultats = mesurer(Path(argv[0]))
    print("| " + " | ".join(ENTETE) + " |")
    print("|" + "---|" * len(ENTETE))
    for ligne in lignes(resultats):
        print("| " + " | ".join(ligne) + " |")
    for largeur, r in resultats.items():
        print(f"- {largeur} : {r['elements']} éléments dans la page")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
