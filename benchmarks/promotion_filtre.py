"""Rubrique « Suivi de la promotion : filtre et tri avec 100 stagiaires » (objectif : ≤ 200 ms
par changement, mise en page comprise). Module autonome : `mesurer(site)` renvoie les mesures,
`lignes(mesures)` les lignes du rapport ; `python benchmarks/promotion_filtre.py SITE` les
affiche. Le site doit être construit (`python -m generator build --skip-pdf` suffit).
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
OBJECTIF_MS = 200.0

# Un changement tel que l'utilisateur le fait (évènement input ou change), jusqu'à la mise en
# page du tableau.
CHANGER_JS = """([id, valeur, evenement]) => {
  const champ = document.getElementById(id);
  const t0 = performance.now();
  champ.value = valeur;
  champ.dispatchEvent(new Event(evenement, {bubbles: true}));
  void document.body.offsetHeight;
  return performance.now() - t0;
}"""


def _labels(site: Path) -> dict:
    text = (site / "referentiel" / "exports" / "referentiel-cip.js").read_text(encoding="utf-8")
    return json.loads(text[text.index(", {") + 2:text.rindex(");")])


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
                exports.append({"format": "referentiel-cip/grille",
                                "cle": f"ccp-{ccp['id']}-{source}", "version": labels["version"],
                                "enregistre_le": "2026-03-01T10:00:00.000Z", "valeurs": valeurs})
    path = out / "promotion-banc.json"
    path.write_text(json.dumps({"format": "referentiel-cip/promotion", "version_format": 1,
                                "nom": "Banc", "exports": exports}), encoding="utf-8")
    return path


def mesurer(site: Path, stagiaires: int = 100, reps: int = 5) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        fichier = promotion(site, Path(tmp), stagiaires)
        url = (site / "referentiel" / "suivi-promotion.html").as_uri()
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                         args=["--no-sandbox", "--disable-gpu"])
            context = browser.new_context(locale="fr-FR", viewport={"width": 1366, "height": 900})
            context.set_default_timeout(300_000)
            page = context.new_page()
            page.goto(url)
            page.wait_for_selector("#promotion[data-etat=pret]")
            page.evaluate("document.getElementById('promotion').dataset.etat = 'attente'")
            page.set_input_files("#promo-fichiers", str(fichier))
            page.wait_for_selector("#promotion[data-etat=pret]")
            mesures: dict[str, list[float]] = {"filtre par nom": [], "tri par écart": [],
                                               "tri par niveau": []}
            for r in range(reps):
                for valeur in (f"stagiaire {r % 10}", "nom-compo", ""):
                    mesures["filtre par nom"].append(
                        page.evaluate(CHANGER_JS, ["promo-filtre-nom", valeur, "input"]))
                mesures["tri par écart"].append(
                    page.evaluate(CHANGER_JS, ["promo-tri", "ecart", "change"]))
                mesures["tri par niveau"].append(
                    page.evaluate(CHANGER_JS, ["promo-tri", "niveau", "change"]))
                page.evaluate(CHANGER_JS, ["promo-tri", "nom", "change"])
            context.close()
            browser.close()
    return mesures


def lignes(mesures: dict[str, list[float]]) -> list[list[str]]:
    res = []
    for nom, valeurs in mesures.items():
        med, pire = statistics.median(valeurs), max(valeurs)
        res.append([nom, f"{med:.0f} ms", f"{pire:.0f} ms", f"≤ {OBJECTIF_MS:.0f} ms",
                    "oui" if pire <= OBJECTIF_MS else "non"])
    return res


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage : python benchmarks/promotion_filtre.py DOSSIER_DU_SITE", file=sys.stderr)
        return 2
    print("| changement (100 stagiaires) | médiane | pire | objectif | atteint |")
    print("|---|---|---|---|---|")
    for ligne in lignes(mesurer(Path(argv[0]))):
        print("| " + " | ".join(ligne) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
