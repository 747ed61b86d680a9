"""Pages that speak only to users: no editors' material (research notes, confidence letters,
repository paths, file names, field names) outside the three pages made for it (« À vérifier »,
Sources, the author's guide); domain names kept whole in the notes readers see; an empty
observables column replaced by one sentence.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.confiance import CONFIANCE_LIBELLES
from generator.text import public_note

from .site_helpers import BuiltSite, Page

pytest_plugins = ["tests.conftest_site"]

# The pages where editors' material belongs (site-relative).
PAGES_EDITEURS = {"guide-auteur.html", "guide-autre-certification.html",
                  "referentiel/a-verifier.html", "referentiel/sources.html"}

# What an editor writes for editors, and how a reader would see it.
MATERIEL_EDITEUR = {
    "lettre de confiance": re.compile(
        r"\bconfiance\s*:?\s*(?:[ABC]\b|\?)|\((?:A|B|C|\?)\)", re.IGNORECASE),
    "fichier YAML": re.compile(r"\.ya?ml\b"),
    "fichier Markdown": re.compile(r"[\w/-]+\.md\b"),
    "dossier du dépôt": re.compile(r"\b(?:framework|generator|site_templates|content)/"),
    "nom de champ": re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b"),
    "note de recherche": re.compile(
        r"\bextraits? lus?\b|\bnon (?:re)?lue?s?\b|n['’](?:a|ont|était) pas été (?:re)?lue?s?"
        r"|\blue?s? seulement\b|\brelecture sur\b|\bjusqu['’]à la relecture\b"
        r"|\bdépôts? de code\b", re.IGNORECASE),
    "nom de domaine coupé": re.compile(r"\b[a-z]+\. (?:Fr|Gouv|Com|Org|Net)\b"),
}
_TITLES = re.compile(r'\b(?:title|aria-label)="([^"]*)"')


def materiel_editeur(text: str) -> list[str]:
    """« genre : extrait » for each piece of editors' material in ``text``."""
    found = []
    for genre, pattern in MATERIEL_EDITEUR.items():
        for match in pattern.finditer(text):
            start = max(0, match.start() - 60)
            found.append(f"{genre} : …{text[start:match.end() + 40]}…")
    return found


def _lecteur(page: Page) -> str:
    """What a reader sees: the article's text and the tooltips of the whole page."""
    titles = " ".join(_TITLES.findall(page.raw))
    return f"{page.text} {titles}"


@pytest.mark.parametrize("texte, genre", [
    ("Article lu seulement sur des reproductions : confiance B jusqu'à la relecture.",
     "lettre de confiance"),
    ("Confiance C : source unique non officielle", "lettre de confiance"),
    ("Les données sont écrites en YAML dans le dossier framework/.", "dossier du dépôt"),
    ("Voir titre.yml et guide-auteur.md", "fichier YAML"),
    ("Voir arrete/2012/annexe/article-.md", "fichier Markdown"),
    ("la clé dossier_professionnel du référentiel", "nom de champ"),
    ("L'extrait lu de l'arrêté s'arrête avant.", "note de recherche"),
    ("dans le référentiel d'évaluation, non lu.", "note de recherche"),
    ("sur des reproductions (doctrine. Fr, juriblio. Fr)", "nom de domaine coupé"),
])
def test_le_detecteur_reconnait_le_materiel_d_editeur(texte: str, genre: str) -> None:
    assert any(f.startswith(genre) for f in materiel_editeur(texte)), materiel_editeur(texte)


@pytest.mark.parametrize("texte", [
    "Relecture croisée : chaque binôme relit le déroulé d'un autre.",
    "Pôle emploi est devenu France Travail le 1er janvier 2024 (texte officiel).",
    "Le référentiel compte 106 critères selon certificat-clea.fr.",
])
def test_le_detecteur_laisse_le_texte_des_lecteurs(texte: str) -> None:
    assert materiel_editeur(texte) == []


def test_aucune_page_lecteur_ne_montre_de_materiel_d_editeur(real_site: BuiltSite) -> None:
    problems = []
    pages = [p for p in real_site.html_files()
             if not p.relative_to(real_site.site).as_posix().startswith(("assets/", "search/"))]
    assert len(pages) > 100
    for path in pages:
        relative = path.relative_to(real_site.site).as_posix()
        if relative in PAGES_EDITEURS:
            continue
        lu = _lecteur(real_site.page(relative))
        problems += [f"{relative} : {f}" for f in materiel_editeur(lu)]
    assert not problems, "\n".join(problems[:40])


def test_les_pages_d_editeurs_gardent_leurs_notes(real_site: BuiltSite) -> None:
    """The notes left out of the readers' pages are still there for editors."""
    a_verifier = real_site.page("referentiel/a-verifier.html").text
    assert "n'a pas été lu" in a_verifier
    sources = real_site.page("referentiel/sources.html")
    assert "transcription d'un texte officiel" in sources.text
    assert not re.search(r"[\w/-]+\.md\b", sources.text), "chemin de dépôt sur la page Sources"


# -- what a note keeps for readers ------------------------------------------------------------


@pytest.mark.parametrize("domaine", ["doctrine.fr", "juriblio.fr", "clea.fr", "vlex.fr",
                                     "circulaires.gouv.fr", "code.travail.gouv.fr"])
def test_un_nom_de_domaine_reste_entier(domaine: str) -> None:
    note = f"Selon {domaine}, la règle vaut depuis 2024. Elle est reprise par la presse."
    assert public_note(note, CONFIANCE_LIBELLES) == note


def test_une_note_de_recherche_est_retiree_et_les_phrases_restent_bien_coupees() -> None:
    note = ("Article L5132-15-1 lu seulement sur des reproductions (doctrine.fr, juriblio.fr) : "
            "confiance B jusqu'à la relecture sur Légifrance. Le décret initial prévoyait 6 mois.")
    assert public_note(note, CONFIANCE_LIBELLES) == "Le décret initial prévoyait 6 mois."
    assert public_note("L'extrait lu s'arrête avant. À vérifier.", CONFIANCE_LIBELLES) == ""


# -- observables ------------------------------------------------------------------------------


def test_colonne_des_observables_vide_remplacee_par_une_phrase(real_site: BuiltSite) -> None:
    pages = sorted((real_site.site / "referentiel" / "competences").glob("*.html"))
    assert pages
    for path in pages:
        page = real_site.page(path.relative_to(real_site.site).as_posix())
        criteres = next(t for t in page.tables if t and t[0][:2] == ["Critère", "Statut"])
        if len(criteres[0]) == 3:  # some criteria have observables: the others say so
            assert all(row[2] for row in criteres[1:]), f"{path.name} : case vide"
            if any(row[2] == "à compléter" for row in criteres[1:]):
                assert "est à ajouter par le formateur" in page.text, path.name
        else:
            assert "est à ajouter par le formateur" in page.text, path.name
    cp15 = real_site.page("referentiel/competences/" + Path(pages[-1]).name)
    assert "Ces critères sont proposés par l'équipe pédagogique et aucun texte officiel n'en " \
        "donne les observables" in cp15.text


# -- « à vérifier » ---------------------------------------------------------------------------

_MENTION = re.compile(r"<(\w+)([^>]*)>\s*à vérifier\s*</\1>")


def test_chaque_mention_a_verifier_ouvre_l_explication_de_sa_page(real_site: BuiltSite) -> None:
    """Every « à vérifier » is a button that opens the page's explanation (popover): tap and
    keyboard work without script; no confidence letter in a tooltip."""
    total = 0
    for path in real_site.html_files():
        raw = path.read_text(encoding="utf-8")
        mentions = _MENTION.findall(raw)
        if not mentions:
            continue
        total += len(mentions)
        relative = path.relative_to(real_site.site).as_posix()
        for tag, attrs in mentions:
            assert tag == "button" and 'popovertarget="cip-aide-a-verifier"' in attrs, (
                f"{relative} : <{tag}{attrs}>")
            assert "title=" not in attrs and "onclick" not in attrs and "style=" not in attrs
        assert raw.count('id="cip-aide-a-verifier"') == 1, relative
        aide = raw[raw.index('id="cip-aide-a-verifier"'):]
        assert "popover" in aide[:120] and "non trouvé dans les sources" in aide, relative
    assert total > 200
