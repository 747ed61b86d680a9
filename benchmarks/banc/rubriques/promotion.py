"""6. Suivi de la promotion dans Chromium : chargement et rendu de 12 stagiaires × 19 grilles
× 6 exports datés, contre la simple lecture des mêmes fichiers (FileReader) dans la page."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

from ..contexte import Contexte
from ..rapport import Report, s, verdict

NUMERO = 6
BESOINS = (2,)  # the real site built by the generator

CHROMIUM = "/usr/bin/chromium"
SOURCES = ("evaluateur", "tuteur", "auto-evaluation")

# Lecture seule des fichiers, comme la page les lit (FileReader, tous en parallèle) : le plancher.
FLOOR_JS = """async () => {
  const files = Array.from(document.getElementById('banc-fichiers').files);
  const t0 = performance.now();
  await Promise.all(files.map(f => new Promise(resolve => {
    const r = new FileReader(); r.onload = () => resolve(r.result.length); r.readAsText(f, 'utf-8');
  })));
  return performance.now() - t0;
}"""
WARM_JS = """() => CIP.files.readAll(Array.from(document.getElementById('banc-fichiers').files))
  .then(lus => lus.length)"""
# Ce que fait la page quand l'utilisateur choisit les fichiers (CIP.promotionPage.charger, appelé
# par l'évènement « change ») jusqu'au tableau rendu et mis en page ; mêmes objets File.
LOAD_JS = """async () => {
  const files = Array.from(document.getElementById('banc-fichiers').files);
  const t0 = performance.now();
  const res = await CIP.promotionPage.charger(files);
  void document.body.offsetHeight;
  return [performance.now() - t0, res.ajoutes.length,
          document.getElementById('promotion').dataset.durees];
}"""


def _labels(site: Path) -> dict:
    """The labels script of the site (« referentiel-<id>.js », one per site), with the prefix of
    its formats (« referentiel-cip ») under « espace »."""
    script, = (site / "referentiel" / "exports").glob("referentiel-*.js")
    text = script.read_text(encoding="utf-8")
    labels = json.loads(text[text.index(", {") + 2:text.rindex(");")])
    labels["espace"] = script.stem
    return labels


def _grid_keys(labels: dict, count: int) -> list[tuple[str, list[str]]]:
    """``count`` grids of one stagiaire at one date: compétence grids (sources in turn), then CCP
    grids, then other variants; with the ids of their rows."""
    keys = []
    for i, c in enumerate(labels["competences"]):
        keys.append((f"competence-{c['id']}-{SOURCES[i % 3]}", [cr["id"] for cr in c["criteres"]]))
    for ccp in labels["ccps"]:
        keys.append((f"ccp-{ccp['id']}-evaluateur", list(ccp["competences"])))
    for i, c in enumerate(labels["competences"]):
        keys.append((f"competence-{c['id']}-{SOURCES[(i + 1) % 3]}",
                     [cr["id"] for cr in c["criteres"]]))
    return keys[:count]


def write_exports(site: Path, out: Path, stagiaires: int, grids: int, dates: int) -> list[Path]:
    """Exports shaped as the grid pages write them (CIP.storage.envelope + grilles.js extras):
    format, cle, version, enregistre_le, valeurs (identification, one level per row,
    observations), grille, titre."""
    labels = _labels(site)
    niveaux = [n["id"] for n in labels["niveaux"]]
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for s_i in range(stagiaires):
        nom = f"Stagiaire {s_i + 1:02d} Nom-Composé"
        for d_i in range(dates):
            date = f"2026-{1 + d_i % 12:02d}-{10 + s_i % 15:02d}"
            for g_i, (cle, rows) in enumerate(_grid_keys(labels, grids)):
                valeurs: dict[str, object] = {"stagiaire": nom, "promotion": "Promo banc",
                                              "structure": "ACI du banc", "date": date}
                for r_i, row in enumerate(rows):
                    rang = (d_i + r_i + s_i) % (len(niveaux) + 1)
                    valeurs[row] = niveaux[min(len(niveaux) - 1, rang)]
                    valeurs[f"{row}-observations"] = f"Observation {r_i} du {date}."
                doc = {"format": f"{labels['espace']}/grille", "cle": cle,
                       "version": labels["version"],
                       "enregistre_le": f"{date}T10:{g_i % 60:02d}:00.000Z", "valeurs": valeurs,
                       "grille": cle, "titre": f"Grille {cle}"}
                path = out / f"{s_i:02d}-{d_i}-{cle}.json"
                path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n",
                                encoding="utf-8")
                paths.append(path)
    return paths


def _one_round(browser, page_url: str, paths: list[str]) -> tuple[float, float, int, str]:
    """Floor (mean of a read before and after) and load + render, on the same File objects."""
    context = browser.new_context(locale="fr-FR")
    context.set_default_timeout(300_000)  # machine partagée : la charge peut être forte
    page = context.new_page()
    page.goto(page_url)
    page.evaluate("localStorage.clear()")
    page.goto(page_url)
    page.wait_for_selector("#promotion[data-etat=pret]")
    page.evaluate("""() => { const i = document.createElement('input'); i.type = 'file';
        i.multiple = true; i.id = 'banc-fichiers'; document.body.appendChild(i); }""")
    page.set_input_files("#banc-fichiers", paths)
    # lectures à blanc, une par chaque chemin de code : fichiers dans le cache du système et code
    # de lecture déjà compilé, des deux côtés
    page.evaluate(FLOOR_JS)
    page.evaluate(WARM_JS)
    before = page.evaluate(FLOOR_JS)
    load, added, phases = page.evaluate(LOAD_JS)
    after = page.evaluate(FLOOR_JS)
    context.close()
    return (before + after) / 2000, load / 1000, added, phases


def lignes_chargement(site: Path, dossier: Path, size: tuple[int, int, int], reps: int,
                      chargement: str) -> list[list[str]]:
    """The load measured against the floor (rubrics 6 and 11): exports written in ``dossier``,
    ``reps`` rounds in one Chromium; ``chargement`` names the load row (« {added} »: the
    exports the page added). Playwright's errors are the caller's to report."""
    from playwright.sync_api import sync_playwright

    paths = [str(p) for p in write_exports(site, dossier, *size)]
    url = (site / "referentiel" / "suivi-promotion.html").as_uri()
    floors, loads, phases = [], [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox", "--disable-gpu"])
        for _ in range(reps):
            floor, load, added, phase = _one_round(browser, url, paths)
            floors.append(floor)
            loads.append(load)
            phases.append(phase)
        browser.close()
    floor_m, load_m = statistics.median(floors), statistics.median(loads)
    ratio = load_m / floor_m
    return [
        [f"lecture seule des {len(paths)} fichiers (FileReader, plancher)", s(floor_m), "", ""],
        [chargement.format(added=added), s(load_m), f"≤ 2 × plancher = {s(2 * floor_m)}",
         verdict(ratio <= 2)],
        ["rapport", f"{ratio:.2f}×", "≤ 2×", verdict(ratio <= 2)],
        ["dont lecture + JSON / rapprochement / tableaux / enregistrement (ms, par essai)",
         " ; ".join(phases), "", ""],
    ]


def bench_promotion(report: Report, site: Path, work: Path, size: tuple[int, int, int],
                    reps: int) -> None:
    title = "6. Suivi de la promotion dans Chromium (chargement et rendu des exports)"
    stagiaires, grids, dates = size
    try:
        import playwright.sync_api  # noqa: F401 — only whether it is installed
    except ImportError:
        report.add(title, ["mesure", "valeur"], [["chargement", "non mesurable"]],
                   ["Playwright n'est pas installé (extra « test »)."])
        return
    if not Path(CHROMIUM).exists():
        report.add(title, ["mesure", "valeur"], [["chargement", "non mesurable"]],
                   [f"{CHROMIUM} introuvable (paquet Debian « chromium »)."])
        return
    try:
        rows = lignes_chargement(site, work / "exports-promotion", size, reps,
                                 "chargement + rendu de la page ({added} exports ajoutés)")
    except Exception as exc:  # noqa: BLE001 — Playwright's errors: the section says why
        report.add(title, ["mesure", "valeur"], [["chargement", "échec"]],
                   [f"Non mesurable : {str(exc).splitlines()[0][:300]}"])
        return
    report.add(title, ["mesure", "médiane", "objectif", "atteint"], rows, [
        f"{stagiaires} stagiaires × {grids} grilles × {dates} exports datés, au format écrit "
        "par les grilles à remplir ; médiane de {reps} essai(s), chacun dans un contexte "
        "Chromium neuf (/usr/bin/chromium), page ouverte depuis le disque. Plancher : lecture "
        "de tous les fichiers par FileReader, moyenne d'une lecture avant et d'une après le "
        "chargement ; avant les deux mesures, une lecture à blanc par chacun des deux chemins "
        "(plancher et CIP.files.readAll), sans quoi la première lecture, plus lente, "
        "pénaliserait l'un ou l'autre. Chargement : ce que fait la page quand on "
        "choisit les fichiers (lecture, JSON, rapprochement, enregistrement dans le "
        "navigateur, tableaux) jusqu'à la mise en page, sur les mêmes fichiers."
        .replace("{reps}", str(reps))])



def mesurer(ctx: Contexte) -> None:
    bench_promotion(ctx.report, ctx.site_reel, ctx.work, (3, 19, 2) if ctx.quick else (12, 19, 6),
                    ctx.reps)
