"""The search index made from the sections MkDocs parsed (generator/search.py): folded words,
common words left out, keywords (defined labels, sigles written out), weights, a script that
no title can break. Fast: no build, no browser."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.search import (
    INDEX_SCRIPT,
    MAX_SECTIONS,
    MERGE_MIN_PAGES,
    build_index,
    index_script,
    keywords,
    page_boost,
    sigles_json,
    words,
    written_out,
)

from .site_helpers import BASE_FRAMEWORK, build_project


def _stems(text: str) -> list[str]:
    return [w[:5] for w in words(text)]


def test_words_are_folded_without_common_words() -> None:
    assert words("L'Œuvre d'un CIP : l'évaluation des ÉCRITS") == [
        "oeuvre", "cip", "evaluation", "ecrits"]
    assert words("de la des du à aux") == []


def test_a_sigle_is_found_where_its_long_form_is_written_out() -> None:
    long_form = _stems("Évaluations passées en cours de formation")
    assert written_out(_stems("Évaluation en cours de formation : CCP 1"), long_form) == 1
    three = " ; ".join(f"Évaluation en cours de formation : CCP {i}" for i in (1, 2, 3))
    assert written_out(_stems(three), long_form) == 3
    assert written_out(_stems("une formation en cours de route"), long_form) == 0
    # One word of five may be missing; two may not.
    pmsmp = _stems("Période de mise en situation en milieu professionnel")
    assert written_out(_stems("la période de mise en situation professionnelle"), pmsmp) == 1
    assert written_out(_stems("une mise en situation"), pmsmp) == 0


def test_keywords_are_the_labels_a_section_defines_and_its_sigles() -> None:
    html = ("<ul> <li>Tuteur ou tutrice de PMSMP : Désigné par la structure d'accueil.</li> "
            "<li>Employeur : Recrute.</li></ul><p>Évaluation en cours de formation : CCP 1</p>")
    found = keywords(html, "Acteurs", {"ECF": _stems("Évaluations passées en cours de formation")})
    assert found == ["Tuteur ou tutrice de PMSMP", "Employeur", "ECF"]


def _material(*docs: tuple[str, str, str]) -> dict:
    return {"docs": [{"location": loc, "title": title, "text": text} for loc, title, text in docs]}


def _words(index: dict) -> list[list[str]]:
    found: list[list[str]] = [[] for _ in index["docs"]]
    for word, gaps in index["mots"].items():
        number = 0
        for gap in gaps.split("."):
            number += int(gap, 36)
            found[number].append(word)
    return found


def test_index_of_pages_and_sections() -> None:
    index = build_index(_material(
        ("referentiel/parcours/pmsmp.html", "PMSMP", "<p>Une immersion.</p>"),
        ("referentiel/parcours/pmsmp.html#acteurs", "Acteurs",
         "<ul><li>Tuteur ou tutrice : encadre.</li></ul>"),
        ("referentiel/sources.html", "Sources", "<p>Une immersion.</p>"),
        ("index.html#encadrant", "Vous êtes encadrant technique ou tuteur", "<p>Outils.</p>"),
    ), {"PMSMP": "Période de mise en situation en milieu professionnel"})
    assert index["pages"] == [["referentiel/parcours/pmsmp.html", "PMSMP", 1],
                              ["referentiel/sources.html", "Sources", 0.02],
                              ["index.html", "index.html", 0.25]]
    assert index["docs"][0] == [0, "", "", "", "Une immersion."]
    assert index["docs"][1] == [0, "acteurs", "Acteurs", "tuteur ou tutrice",
                                "Tuteur ou tutrice : encadre."]
    words = _words(index)
    assert words[0] == ["immersion"]  # the title's words are in the title only
    assert sorted(words[1]) == ["encadre", "ou", "tuteur", "tutrice"]
    assert index["mots"]["immersion"] == "0.2"  # documents 0 and 2, written as gaps


def test_template_sections_are_indexed_with_their_page() -> None:
    """« Grilles d'évaluation » on every compétence page is the template's: at 3,000
    compétences its sections go with their page, the index stays small."""
    docs = []
    for i in range(MERGE_MIN_PAGES):
        docs += [(f"c{i}.html", f"Compétence {i}", "<p>Intro.</p>"),
                 (f"c{i}.html#grilles", "Grilles d'évaluation", "<p>Grille du tuteur.</p>"),
                 (f"c{i}.html#propre-{i}", f"Section {i}", "<p>Texte.</p>")]
    index = build_index(_material(*docs), {})
    assert len(index["docs"]) == 2 * MERGE_MIN_PAGES
    assert {d[1] for d in index["docs"][:2]} == {"", "propre-0"}
    words = _words(index)
    assert {"grilles", "evaluation", "grille", "tuteur", "intro"} <= set(words[0])
    smaller = build_index(_material(*docs[:3 * (MERGE_MIN_PAGES - 1)]), {})
    assert len(smaller["docs"]) == 3 * (MERGE_MIN_PAGES - 1)


def test_a_page_of_too_many_sections_is_one_document() -> None:
    docs = [("titre.html", "Titre", "<p>Intro.</p>")]
    docs += [(f"titre.html#ccp-{i}", f"CCP {i}", f"<p>Bloc {i}.</p>")
             for i in range(MAX_SECTIONS + 1)]
    index = build_index(_material(*docs), {})
    assert [d[1] for d in index["docs"]] == [""]
    assert {"ccp", "bloc", "intro"} <= set(_words(index)[0])
    fewer = build_index(_material(*docs[:MAX_SECTIONS + 1]), {})
    assert len(fewer["docs"]) == MAX_SECTIONS + 1


def test_previews_are_short_and_cut_between_words() -> None:
    text = "<p>" + " ".join(["accompagnement"] * 40) + "</p>"
    preview = build_index(_material(("a.html", "A", text)), {})["docs"][0][4]
    assert len(preview) <= 122 and preview.endswith(" …")
    assert all(w == "accompagnement" for w in preview[:-2].split())


def test_weights() -> None:
    assert page_boost("guide-auteur.html#preparer") == 0.02
    assert page_boost("referentiel/programme/seances/s01.html") == 0.7
    assert page_boost("referentiel/competences/cp01.html") is None
    assert page_boost("referentiel/programme/index.html") is None  # the certification steps


def test_the_script_cannot_be_closed_by_a_title() -> None:
    hostile = "Repérer </script><script>alert(1)</script> <!-- les & freins"
    # Material's titles are HTML text: the markup typed in a libellé arrives escaped.
    script = index_script(build_index(_material(("a.html", html.escape(hostile), "<p>x</p>")),
                                      {}))
    assert "</script" not in script and "<!--" not in script
    data = script[script.index("indexRecherche = ") + len("indexRecherche = "):].rstrip(";\n")
    assert json.loads(data)["pages"][0][1] == hostile


def test_sigles_of_the_glossary() -> None:
    entries = [("RC / RE", "Référent  de parcours"), ("CIP", None), ("ECF", "Évaluations")]
    assert json.loads(sigles_json(entries)) == {
        "RC": "Référent de parcours", "RE": "Référent de parcours", "ECF": "Évaluations"}


@pytest.mark.site  # builds a site, then rebuilds it with MkDocs --dirty
def test_a_dirty_rebuild_keeps_every_page_in_the_index(tmp_path: Path) -> None:
    """Under ``serve``, MkDocs --dirty rebuilds only the saved pages, and Material indexes only
    those: the search of the preview still finds every page (the others kept from before)."""
    proc, project = build_project(tmp_path / "projet", BASE_FRAMEWORK,
                                   extra_args=["--skip-pdf"])
    assert proc.returncode == 0, proc.stderr
    command = [sys.executable, "-m", "mkdocs", "build", "--dirty", "-d", "apercu"]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")

    def pages() -> list[str]:
        done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True,
                              timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        script = (project / "apercu" / INDEX_SCRIPT).read_text(encoding="utf-8")
        return [page[0] for page in json.loads(script[script.index("= {") + 2:].rstrip(";\n"))
                ["pages"]]

    every = pages()  # a first dirty build: every page is new
    assert len(every) > 10
    saved = project / "content" / "referentiel" / "competences" / "cp01.md"
    saved.write_text(saved.read_text(encoding="utf-8") + "\nAjout enregistré.\n", "utf-8")
    assert pages() == every  # one page rebuilt, every page indexed, in the same order
