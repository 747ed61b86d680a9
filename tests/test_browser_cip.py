"""The shared browser modules (content/javascripts/cip*.js), called directly in Chromium: a blank
page, the scripts added in their load order, then their functions — no built site needed.
The référentiel's generated script is checked here too: loaded after cip.js, it must give the
labels back, and no label can break out of the script.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

from generator import assemblage
from generator.export import script
from generator.pipeline import validate_framework

from .browser_helpers import TIMEOUT_MS, BlankTab, add_referentiel_meta
from .conftest import ROOT
from .site_helpers import REAL_FRAMEWORK, FrameworkData

pytest_plugins = ["tests.conftest_browser"]
pytestmark = pytest.mark.browser

JS = ROOT / "content" / "javascripts"
ORDER = ["cip.js", "cip-storage.js", "cip-files.js", "cip-form.js", "cip-collection.js"]
FORMAT = "referentiel-cip/grille"


def add_modules(page: Page) -> None:
    add_referentiel_meta(page)
    for name in ORDER:
        page.add_script_tag(path=str(JS / name))


@pytest.fixture
def blank(blank_tab: BlankTab) -> Iterator[Page]:
    page = blank_tab.fresh()
    add_modules(page)
    yield page
    assert not blank_tab.errors, blank_tab.errors


@pytest.fixture
def stored(browser: Browser, tmp_path: Path) -> Iterator[Page]:
    """A page from file:// (it has a localStorage, about:blank has none)."""
    html = tmp_path / "vide.html"
    html.write_text("<!doctype html><html lang=fr><title>t</title><body></body></html>",
                    encoding="utf-8")
    context = browser.new_context(locale="fr-FR")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(html.as_uri())
    add_modules(page)
    yield page
    context.close()


def test_the_site_loads_the_shared_modules_first_in_order() -> None:
    order = list(assemblage.SCRIPTS)
    assert order[:len(ORDER)] == ORDER
    assert order.index("grilles.js") >= len(ORDER)
    # every source is published, each once
    assert sorted(order) == sorted(p.name for p in JS.glob("*.js"))
    assert sorted(assemblage.STYLES) == sorted(
        p.name for p in (ROOT / "content" / "stylesheets").glob("*.css"))


# -- CIP.storage ------------------------------------------------------------------------------

def check(page: Page, doc: object, expected: dict) -> dict:
    return page.evaluate("([d, e]) => CIP.storage.check(d, e, 'x.json')", [doc, expected])


def test_envelope_round_trips_through_its_check(blank: Page) -> None:
    doc = blank.evaluate(
        "CIP.storage.envelope('referentiel-cip/grille', 'competence-a-tuteur', '2023',"
        " {c1: 'b', c2: true}, {titre: 'T', version: 'pas ici'})")
    assert set(doc) == {"format", "cle", "version", "enregistre_le", "valeurs", "titre"}
    assert doc["version"] == "2023"  # extras never overwrite the envelope
    assert re.match(r"\d{4}-\d\d-\d\dT", doc["enregistre_le"])
    verdict = check(blank, doc, {"format": FORMAT, "cle": "competence-a-tuteur",
                                 "version": "2023"})
    assert verdict == {"ok": True, "valeurs": {"c1": "b", "c2": True}, "vide": False,
                       "avertissement": None}


def test_check_refuses_what_is_not_an_export(blank: Page) -> None:
    expected = {"format": FORMAT, "cle": "g", "version": "2023"}
    base = {"format": FORMAT, "cle": "g", "version": "2023"}
    for doc in (None, [], "texte", 3, {"format": "autre"}, {**base, "valeurs": None},
                {**base, "valeurs": []}, {**base, "valeurs": "x"}):
        verdict = check(blank, doc, expected)
        assert verdict["ok"] is False, doc
        assert verdict["message"].startswith("Import impossible"), verdict
    other = check(blank, {**base, "cle": "h", "valeurs": {}}, expected)
    assert "d'une autre grille (« h »)" in other["message"]
    old = check(blank, {"format": FORMAT, "grille": "g", "version": "2023", "valeurs": {"a": "1"}},
                expected)
    assert old["ok"] is True  # exports written before the envelope had « cle »


def test_check_asks_about_another_version_or_an_empty_file(blank: Page) -> None:
    expected = {"format": FORMAT, "cle": "g", "version": "2023"}
    foreign = check(blank, {"format": FORMAT, "cle": "g", "version": "2016",
                            "valeurs": {"c1": "a", "x": {"objet": 1}, "n": None}}, expected)
    assert foreign["ok"] is True
    assert foreign["valeurs"] == {"c1": "a"}  # only strings and booleans are kept
    assert "autre version du référentiel (« 2016 »" in foreign["avertissement"]
    empty = check(blank, {"format": FORMAT, "cle": "g", "version": "2023", "valeurs": {}},
                  expected)
    assert empty["vide"] is True
    assert empty["avertissement"] == "Ce fichier ne contient aucune réponse."


def test_storage_failures_are_french_messages_not_exceptions(blank: Page) -> None:
    # about:blank has no usable localStorage: every call must come back with a message.
    result = blank.evaluate("""() => ({
        read: CIP.storage.read('k'), write: CIP.storage.write('k', 'v'),
        remove: CIP.storage.remove('k'), json: CIP.storage.readJSON('k')})""")
    assert result["read"]["ok"] is False
    for message in (result["read"]["message"], result["write"], result["remove"],
                    result["json"]["message"]):
        assert "impossible dans ce navigateur" in message
        assert "Exportez vos réponses" in message


def test_storage_round_trip_and_full_quota(stored: Page) -> None:
    result = stored.evaluate("""() => {
        const key = CIP.storage.prefix('referentiel-cip', '2023') + 'grille:x';
        const ok = CIP.storage.writeJSON(key, {a: 1});
        const back = CIP.storage.readJSON(key);
        localStorage.setItem('abime', '{pas du json');
        const broken = CIP.storage.readJSON('abime');
        const setItem = Storage.prototype.setItem;
        Storage.prototype.setItem = function () {
          throw new DOMException('plein', 'QuotaExceededError'); };
        const full = CIP.storage.write(key, 'x');
        Storage.prototype.setItem = setItem;
        return {key, ok, back, broken, full};
    }""")
    assert result["key"] == "referentiel-cip:v2023:grille:x"
    assert result["ok"] is None
    assert result["back"] == {"ok": True, "value": {"a": 1}, "text": "{\"a\":1}"}
    assert result["broken"]["message"].startswith("Les réponses enregistrées sont illisibles")
    assert "l'espace de ce navigateur réservé au site est plein" in result["full"]


# -- CIP.files --------------------------------------------------------------------------------

def test_read_all_reports_each_bad_file_and_reads_the_others(blank: Page) -> None:
    results = blank.evaluate("""() => {
        const f = (texte, nom) => new File([texte], nom, {type: 'application/json'});
        const gros = new File([new Uint8Array(2048)], 'gros.json');
        return CIP.files.readAll([f('{"a": 1}', 'un.json'), f('{pas du json', 'casse.json'),
                                  f('\\uFEFF{"b": [2]}', 'bom.json'), gros], 1024);
    }""")
    assert results[0] == {"name": "un.json", "data": {"a": 1}}
    assert results[1] == {"name": "casse.json",
                          "error": "« casse.json » n'est pas un fichier JSON valide."}
    assert results[2] == {"name": "bom.json", "data": {"b": [2]}}
    assert results[3]["name"] == "gros.json"
    assert "est trop gros (2 ko, au plus 1 ko)" in results[3]["error"]
    assert blank.evaluate("CIP.files.readAll([])") == []
    nothing = blank.evaluate("CIP.files.readJSON(null)")
    assert nothing["error"].endswith("n'est pas un fichier lisible.")


def test_read_all_keeps_a_progress_bar_and_hides_it_at_the_end(blank: Page) -> None:
    """The « Lecture des fichiers » bar of the promotion and team pages: shown from 2 files,
    at most ~20 steps (each a redraw), full and hidden once every file is read."""
    result = blank.evaluate("""async () => {
        const barre = document.body.appendChild(document.createElement('progress'));
        const fichiers = Array.from({length: 45}, (_, i) =>
            new File(['{"i": ' + i + '}'], 'f' + i + '.json'));
        const attente = CIP.files.readAll(fichiers, undefined, barre);
        const pendant = {max: barre.max, cache: barre.hidden};
        const lus = await attente;
        const seul = document.body.appendChild(document.createElement('progress'));
        await CIP.files.readAll([fichiers[0]], undefined, seul);
        return {pendant, lus: lus.length, dernier: lus[44], max: barre.max,
                valeur: barre.value, cache: barre.hidden, seulCache: seul.hidden};
    }""")
    assert result["pendant"] == {"max": 45, "cache": False}
    assert result["lus"] == 45 and result["dernier"] == {"name": "f44.json", "data": {"i": 44}}
    assert (result["max"], result["valeur"], result["cache"]) == (45, 45, True)
    assert result["seulCache"] is True


def test_csv_is_for_a_french_spreadsheet_and_neutralises_formulas(blank: Page) -> None:
    rows = [["Nom", "Critère", "Note"],
            ["Martin; Camille", 'Dit "bonjour"', 3],
            ["=HYPERLINK(\"http://x\")", "+33 6", "-1"],
            ["@SUM(A1)", "\tcache", "ligne 1\nligne 2"],
            ["\rretour", None, True]]
    text = blank.evaluate("rows => CIP.files.toCSV(rows)", rows)
    assert text.startswith("\ufeffNom;Critère;Note\r\n")
    lines = text[1:].split("\r\n")
    assert lines[1] == '"Martin; Camille";"Dit ""bonjour""";3'
    assert lines[2] == '"\'=HYPERLINK(""http://x"")";\'+33 6;\'-1'
    assert lines[3] == "'@SUM(A1);'\tcache;\"ligne 1\nligne 2\""
    assert text.endswith('"\'\rretour";;true\r\n')
    assert blank.evaluate("CIP.files.csvCell(-5)") == "-5"  # a number stays a number


def test_file_names_are_safe_and_readable(blank: Page) -> None:
    name = "parts => CIP.files.fileName(parts, '.json')"
    assert blank.evaluate(name, ["competence-cp01-tuteur", "Élodie N'Diaye", "2027-03-06"]) == \
        "competence-cp01-tuteur-elodie-n-diaye-2027-03-06.json"
    assert blank.evaluate(name, ["grille", "  Œuvre / Cœur : ../..\\x  ", None, ""]) == \
        "grille-oeuvre-coeur-x.json"  # no folder, no dot-dot, no empty part
    assert blank.evaluate(name, ["a", "b" * 80]) == "a-" + "b" * 60 + ".json"


def test_download_is_a_real_download(browser: Browser, tmp_path: Path) -> None:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    html = tmp_path / "p.html"
    html.write_text("<!doctype html><title>t</title><body></body>", encoding="utf-8")
    page.goto(html.as_uri())
    add_modules(page)
    with page.expect_download() as info:
        page.evaluate("CIP.files.downloadJSON({a: 'é'}, 'reponses.json')")
    saved = tmp_path / "out.json"
    info.value.save_as(saved)
    assert info.value.suggested_filename == "reponses.json"
    assert json.loads(saved.read_text(encoding="utf-8")) == {"a": "é"}
    assert page.url == html.as_uri()  # the page was not replaced by raw JSON
    context.close()


# -- CIP.form ---------------------------------------------------------------------------------

FORM = """<form id="f"><input name="nom"><input type="radio" name="c1" value="a">
<input type="radio" name="c1" value="b"><input type="checkbox" name="ok">
<textarea name="obs" rows="1"></textarea><input type="file" name="fichier">
<button type="button" name="b">x</button></form>"""


def test_form_read_and_fill(blank: Page) -> None:
    blank.set_content(FORM)
    add_modules(blank)
    values = {"nom": "Camille", "c1": "b", "ok": True, "obs": "ligne 1\nligne 2"}
    back = blank.evaluate("""v => { const f = document.getElementById('f');
        CIP.form.fill(f, v); return CIP.form.read(f); }""", values)
    assert back == values
    # A value that is neither text nor boolean is ignored; a field absent from values is emptied.
    back = blank.evaluate("""() => { const f = document.getElementById('f');
        CIP.form.fill(f, {nom: {x: 1}, c1: 'a', obs: null}); return CIP.form.read(f); }""")
    assert back == {"c1": "a"}
    assert blank.evaluate("CIP.form.isEmpty({}) && !CIP.form.isEmpty({a: 'x'})")
    names = blank.evaluate("CIP.form.fields(document.getElementById('f')).map(e => e.name)")
    assert names == ["nom", "c1", "c1", "ok", "obs"]


def test_textarea_is_mirrored_for_print(blank: Page) -> None:
    blank.set_content(FORM)
    add_modules(blank)
    long = "Observation " * 200
    blank.evaluate("t => CIP.form.fill(document.getElementById('f'), {obs: t})", long)
    mirror = blank.locator("textarea + .cip-impression")
    assert mirror.text_content() == long
    blank.locator("textarea").fill("autre")
    assert mirror.text_content() == "autre"


def test_a_line_of_text_and_a_date_are_mirrored_for_print(blank: Page) -> None:
    """A single-line field prints cut to its width, a date in the browser's language: both are
    printed from a mirror, the date written jj/mm/aaaa. The site's search box is left alone."""
    blank.set_content(f'{FORM}<form class="md-search__form"><input name="query"></form>'
                      '<form id="d"><input type="date" name="le"></form>')
    add_modules(blank)
    long = "Entretien des espaces verts, tonte et taille de haies " * 3
    blank.evaluate("t => CIP.form.fill(document.getElementById('f'), {nom: t})", long)
    assert blank.locator("input[name=nom] + .cip-impression").text_content() == long
    blank.locator("input[name=le]").fill("2026-03-06")
    assert blank.locator("input[name=le] + .cip-impression").text_content() == "06/03/2026"
    blank.locator("input[name=query]").fill("pmsmp")
    blank.evaluate("CIP.form.printMirrors(document)")
    assert blank.locator("input[name=query] + .cip-impression").count() == 0
    assert blank.locator("input[type=radio] + .cip-impression").count() == 0


def test_referentiel_script_loads_in_either_order(browser: Browser) -> None:
    text = script.export_script(validate_framework(REAL_FRAMEWORK).framework)
    real = FrameworkData(REAL_FRAMEWORK)
    comp = real.competences[0]
    for before in (True, False):
        context = browser.new_context()
        page = context.new_page()
        page.goto("about:blank")
        if before:
            page.add_script_tag(content=text)
        add_modules(page)
        if not before:
            page.add_script_tag(content=text)
        got = page.evaluate("""id => ({
            c: CIP.referentiel.competence(id), version: CIP.referentiel.donnees.version})""",
                            comp["id"])
        assert got["c"]["intitule"] == comp["intitule"]
        assert [c["libelle"] for c in got["c"]["criteres"]] == [
            c["libelle"] for c in comp["criteres"]]
        assert got["c"]["page"] == f"referentiel/competences/{comp['id']}.html"
        context.close()


def test_no_label_can_leave_the_script() -> None:
    hostile = {"a": "</script><script>alert(1)</script>", "b": "x\u2028y\u2029z", "c": "<!--"}
    text = script.script_json(hostile)
    for bad in ("</", "<!--", "\u2028", "\u2029"):
        assert bad not in text
    assert json.loads(text) == hostile


def test_print_mirror_is_what_makes_a_long_textarea_print_in_full(browser: Browser) -> None:
    words = [f"repere{i:03d}" for i in range(300)]
    found = {}
    for with_modules in (False, True):
        context = browser.new_context()
        page = context.new_page()
        page.set_content(f"<!doctype html><html lang=fr><body>{FORM}</body></html>")
        page.add_style_tag(path=str(ROOT / "content" / "stylesheets" / "cip.css"))
        if with_modules:
            add_modules(page)
        page.locator("textarea").fill(" ".join(words))
        pdf = pypdf.PdfReader(io.BytesIO(page.pdf()))
        text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
        found[with_modules] = sum(w in text for w in words)
        context.close()
    assert found[False] < len(words)  # a bare textarea is cut on paper
    assert found[True] == len(words)


def test_attached_form_saves_restores_and_clears_only_after_asking(stored: Page) -> None:
    stored.set_content(f'{FORM}<p id="etat" role="status"></p>')
    add_modules(stored)
    attach = """answer => { window.questions = [];
        window.c = CIP.form.attach(document.getElementById('f'), {
          format: 'referentiel-cip/grille', cle: 'g', version: '2023',
          status: document.getElementById('etat'), legacyKey: 'ancien:g',
          confirm: q => { window.questions.push(q); return answer; } }); }"""
    old = {"format": FORMAT, "grille": "g", "version": "2023",
           "enregistre_le": "2025-03-12T09:30:00Z", "valeurs": {"nom": "Ancien"}}
    stored.evaluate("d => localStorage.setItem('ancien:g', JSON.stringify(d))", old)
    stored.evaluate(attach, False)
    assert stored.locator("input[name=nom]").input_value() == "Ancien"  # older key, read once
    assert "Réponses retrouvées (enregistrées le 12/03/2025" in stored.inner_text("#etat")

    stored.locator("input[name=nom]").fill("Camille")
    key = "referentiel-cip:v2023:grille:g"
    saved = stored.evaluate("k => JSON.parse(localStorage.getItem(k))", key)
    assert saved["valeurs"] == {"nom": "Camille"} and saved["cle"] == "g"

    stored.evaluate("c.clear()")
    assert stored.locator("input[name=nom]").input_value() == "Camille"
    assert stored.evaluate("window.questions.length") == 1
    assert stored.evaluate("k => localStorage.getItem(k) !== null", key)

    stored.evaluate(attach, True)
    stored.evaluate("c.clear()")
    assert stored.locator("input[name=nom]").input_value() == ""
    assert stored.inner_text("#etat") == "Réponses effacées."
    assert stored.evaluate("k => localStorage.getItem(k) === null && "
                           "localStorage.getItem('ancien:g') === null", key)


# -- CIP.collection ---------------------------------------------------------------------------

COLLECTION = """<label for="nom">Nom de l'équipe</label><input id="nom">
<label for="liste">Équipes enregistrées</label><select id="liste"></select>
<input type="file" id="fichiers" multiple><div id="depot"></div>
<div id="zone"><button type="button" data-equipe="effacer">Effacer</button></div>
<p id="vue"></p><p id="etat" role="status"></p>"""

# A page's collection: a name and the files' names; what is open is written in #vue.
ATTACH = """() => { window.c = CIP.collection.attach({
    type: 'equipe', mots: {nom: 'équipe', le: "l'équipe", un: 'une équipe'},
    creer: nom => ({nom: String(nom).trim().slice(0, 20) || 'Équipe', fichiers: []}),
    enJSON: x => ({nom: x.nom, fichiers: x.fichiers}),
    lire: (x, doc) => { x.fichiers = doc.fichiers; },
    afficher: x => { document.getElementById('vue').textContent = x.nom + ' : ' +
                     (x.fichiers.join(', ') || 'vide'); },
    dire: t => CIP.announce('#etat', t),
    choix: document.getElementById('liste'), champ: document.getElementById('nom'),
    entree: document.getElementById('fichiers'), depot: document.getElementById('depot'),
    charger: liste => Promise.resolve().then(() => {
      c.aJour();
      c.actuelle().fichiers.push(...liste.map(f => f.name));
      const res = {ajoutes: liste, rejetes: []};
      CIP.announce('#etat', c.bilan(res, c.enregistrer()));
      c.ouvrir(c.actuelle().nom); }),
    boutons: document.getElementById('zone'), attribut: 'equipe'}); }"""
KEY, LIST, OPEN = ("referentiel-cip:equipe:", "referentiel-cip:equipes",
                   "referentiel-cip:equipe-ouverte")


def collection_page(page: Page, saved: dict[str, list[str]] | None = None) -> None:
    """The page above, opened with ``saved`` collections already in this browser (the last one
    open at the previous visit)."""
    page.set_content(COLLECTION)
    add_modules(page)
    for nom, fichiers in (saved or {}).items():
        page.evaluate("([k, d]) => localStorage.setItem(k, JSON.stringify(d))",
                      [KEY + nom, {"nom": nom, "fichiers": fichiers}])
    if saved:
        page.evaluate("([l, o, noms]) => { localStorage.setItem(l, JSON.stringify(noms));"
                      " localStorage.setItem(o, noms[noms.length - 1]); }",
                      [LIST, OPEN, list(saved)])
    page.evaluate(ATTACH)
    page.evaluate("c.rouvrir()")


class Confirms:
    """Each confirm() of the page, answered « OK » while ``accept`` is true, else « Annuler »."""

    def __init__(self, page: Page) -> None:
        self.questions: list[str] = []
        self.accept = False
        page.on("dialog", self._reply)

    def _reply(self, dialog: Dialog) -> None:
        self.questions.append(dialog.message)
        if self.accept:
            dialog.accept()
        else:
            dialog.dismiss()


def listed(page: Page) -> list[str]:
    return page.locator("#liste option").all_inner_texts()


def stored_doc(page: Page, key: str) -> object:
    return page.evaluate("k => JSON.parse(localStorage.getItem(k))", key)


def test_a_collection_is_saved_listed_and_reopened_at_the_next_visit(stored: Page) -> None:
    collection_page(stored)
    assert stored.inner_text("#vue") == "Équipe : vide"  # nothing saved yet: a new one
    assert listed(stored) == []
    stored.locator("#fichiers").set_input_files(files=[
        {"name": n, "mimeType": "application/json", "buffer": b"{}"} for n in ("a.json", "b.json")])
    expect(stored.locator("#etat")).to_have_text("2 exports ajoutés.")
    assert stored.inner_text("#vue") == "Équipe : a.json, b.json"
    assert stored.locator("#fichiers").input_value() == ""  # the same files can be chosen again
    assert listed(stored) == ["Équipe"]
    assert stored_doc(stored, KEY + "Équipe") == {"nom": "Équipe",
                                                  "fichiers": ["a.json", "b.json"]}
    stored.get_by_label("Nom de l'équipe").fill("  Atelier   du soir ")
    stored.get_by_label("Nom de l'équipe").press("Tab")
    assert stored.inner_text("#etat") == "Équipe enregistrée sous le nom « Atelier du soir »."
    assert listed(stored) == ["Atelier du soir"]
    assert stored.evaluate("k => localStorage.getItem(k)", KEY + "Équipe") is None
    assert stored.evaluate("k => localStorage.getItem(k)", OPEN) == "Atelier du soir"

    collection_page(stored)  # the next visit opens the last one open
    assert stored.inner_text("#vue") == "Atelier du soir : a.json, b.json"
    assert stored.get_by_label("Équipes enregistrées").input_value() == "Atelier du soir"


def test_choosing_a_saved_collection_opens_it(stored: Page) -> None:
    collection_page(stored, {"Matin": ["m.json"], "Soir": ["s.json"]})
    assert stored.inner_text("#vue") == "Soir : s.json"
    assert listed(stored) == ["Matin", "Soir"]
    stored.get_by_label("Équipes enregistrées").select_option("Matin")
    assert stored.inner_text("#vue") == "Matin : m.json"
    assert stored.evaluate("k => localStorage.getItem(k)", OPEN) == "Matin"
    assert stored.evaluate("c.noms()") == ["Matin", "Soir"]


def test_renaming_onto_a_saved_name_replaces_it_only_if_accepted(stored: Page) -> None:
    confirms = Confirms(stored)
    collection_page(stored, {"Soir": ["s.json"], "Matin": ["m.json"]})
    champ = stored.get_by_label("Nom de l'équipe")
    champ.fill("Soir")
    champ.press("Tab")
    assert confirms.questions == ["Une équipe « Soir » est déjà enregistrée dans ce navigateur. "
                                  "La remplacer par celle-ci ?"]
    assert champ.input_value() == "Matin"  # nothing changed
    assert stored.inner_text("#vue") == "Matin : m.json"
    assert listed(stored) == ["Soir", "Matin"]
    assert stored_doc(stored, KEY + "Soir") == {"nom": "Soir", "fichiers": ["s.json"]}

    confirms.accept = True
    champ.fill("Soir")
    champ.press("Tab")
    assert len(confirms.questions) == 2
    assert stored.inner_text("#etat") == "Équipe enregistrée sous le nom « Soir »."
    assert listed(stored) == ["Soir"]
    assert stored_doc(stored, KEY + "Soir") == {"nom": "Soir", "fichiers": ["m.json"]}
    assert stored.evaluate("k => localStorage.getItem(k)", KEY + "Matin") is None


def test_an_empty_or_unchanged_name_changes_nothing_and_asks_nothing(stored: Page) -> None:
    confirms = Confirms(stored)
    confirms.accept = True
    collection_page(stored, {"Matin": ["m.json"]})
    champ = stored.get_by_label("Nom de l'équipe")
    for typed in ("   ", " Matin "):
        champ.fill(typed)
        champ.press("Tab")
        assert champ.input_value() == "Matin"
    assert confirms.questions == []
    assert listed(stored) == ["Matin"]


def test_a_name_shortened_back_to_the_current_one_keeps_the_collection(stored: Page) -> None:
    """The page keeps 20 characters of a name here: a longer name typed over the current one
    is the same collection (it once was saved under the new name, then erased as the old)."""
    current = "Équipe du matin ABCD"  # 20 characters
    collection_page(stored, {current: ["m.json"]})
    champ = stored.get_by_label("Nom de l'équipe")
    champ.fill(current + "EFG")
    champ.press("Tab")
    assert champ.input_value() == current
    assert listed(stored) == [current]
    assert stored_doc(stored, KEY + current) == {"nom": current, "fichiers": ["m.json"]}


def test_erasing_asks_first_and_keeps_the_collection_if_refused(stored: Page) -> None:
    confirms = Confirms(stored)
    collection_page(stored, {"Matin": ["m.json"], "Soir": ["s.json"]})
    stored.get_by_role("button", name="Effacer").click()
    assert confirms.questions == ["Effacer l'équipe « Soir » de ce navigateur ? Les fichiers "
                                  "exportés ne sont pas touchés."]
    assert stored.inner_text("#etat") == "Rien n'a été effacé."
    assert listed(stored) == ["Matin", "Soir"]
    assert stored_doc(stored, KEY + "Soir") == {"nom": "Soir", "fichiers": ["s.json"]}

    confirms.accept = True
    stored.get_by_role("button", name="Effacer").click()
    assert stored.inner_text("#etat") == "Équipe « Soir » effacée de ce navigateur."
    assert stored.inner_text("#vue") == "Équipe : vide"  # a new one, not saved until it changes
    assert listed(stored) == ["Matin"]
    assert stored.evaluate("([k, o]) => [localStorage.getItem(k), localStorage.getItem(o)]",
                           [KEY + "Soir", OPEN]) == [None, None]
    collection_page(stored)
    assert stored.inner_text("#vue") == "Équipe : vide"


def test_a_refused_collection_stays_saved_and_an_empty_one_opens(stored: Page) -> None:
    collection_page(stored, {"Grande": ["g.json"]})
    stored.evaluate(ATTACH.replace("attribut: 'equipe'",
                                   "attribut: 'equipe', refus: (nom, doc) => ({nom: 'Autre', "
                                   "message: nom + ' : ' + doc.fichiers.length + ' fichier'})"))
    stored.evaluate("c.rouvrir()")
    assert stored.inner_text("#etat") == "Grande : 1 fichier"
    assert stored.inner_text("#vue") == "Autre : vide"
    assert stored.evaluate("k => localStorage.getItem(k)", OPEN) == "Grande"
    assert stored_doc(stored, KEY + "Grande") == {"nom": "Grande", "fichiers": ["g.json"]}


def test_a_collection_saved_in_another_tab_is_read_again(stored: Page) -> None:
    with_tabs = ATTACH.replace("attribut: 'equipe'", "attribut: 'equipe', autresOnglets: true")
    other = stored.context.new_page()
    other.goto(stored.url)
    for page in (stored, other):
        page.set_content(COLLECTION)
        add_modules(page)
        page.evaluate(with_tabs)
        page.evaluate("c.rouvrir()")
    other.locator("#fichiers").set_input_files(files=[
        {"name": "autre.json", "mimeType": "application/json", "buffer": b"{}"}])
    expect(stored.locator("#etat")).to_have_text(
        "L'équipe a été modifiée dans un autre onglet : elle a été relue.")
    assert stored.inner_text("#vue") == "Équipe : autre.json"


def test_files_added_before_another_tab_is_heard_keep_what_it_saved(stored: Page) -> None:
    """Another tab saved the open collection and its « storage » event has not arrived yet (a
    write from this tab stands for it: a tab hears no event of its own). Files added now go
    with what the other tab saved; they do not write over it."""
    collection_page(stored)
    stored.evaluate("([k, d]) => localStorage.setItem(k, JSON.stringify(d))",
                    [KEY + "Équipe", {"nom": "Équipe", "fichiers": ["autre.json"]}])
    stored.locator("#fichiers").set_input_files(files=[
        {"name": "a.json", "mimeType": "application/json", "buffer": b"{}"}])
    expect(stored.locator("#vue")).to_have_text("Équipe : autre.json, a.json")
    assert stored_doc(stored, KEY + "Équipe") == {"nom": "Équipe",
                                                  "fichiers": ["autre.json", "a.json"]}
    # nothing changed elsewhere since: the next files are simply added
    stored.locator("#fichiers").set_input_files(files=[
        {"name": "b.json", "mimeType": "application/json", "buffer": b"{}"}])
    expect(stored.locator("#etat")).to_have_text("1 export ajouté.")
    assert stored_doc(stored, KEY + "Équipe")["fichiers"] == ["autre.json", "a.json", "b.json"]


def test_a_collection_says_why_it_was_not_saved(stored: Page) -> None:
    collection_page(stored)
    stored.evaluate("() => { Storage.prototype.setItem = () => { "
                    "throw new DOMException('plein', 'QuotaExceededError'); }; }")
    erreur = stored.evaluate("c.enregistrer()")
    assert "Exportez vos réponses" in erreur  # CIP.storage's message, given back as it is
    assert stored.inner_text("#etat") == erreur.replace("vos réponses", "l'équipe")
    assert stored.evaluate("e => c.bilan({ajoutes: [1], rejetes: [1, 2]}, e)", erreur) == (
        "1 export ajouté, 2 fichiers écartés (voir « Fichiers » plus bas). "
        + erreur.replace("vos réponses", "l'équipe"))


def test_the_build_ships_the_referentiel_script_beside_the_exports() -> None:
    from generator.export import EXPORT_DIR, export_files, fichiers

    fw = validate_framework(REAL_FRAMEWORK).framework
    files = export_files(fw, "{}")
    text = files[EXPORT_DIR / fichiers(fw)["script"]]
    assert "CIP.referentiel.charger(donnees)" in text
    assert str(EXPORT_DIR / fichiers(fw)["script"]) == "exports/referentiel-cip.js"
