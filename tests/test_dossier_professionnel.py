"""The Dossier professionnel as built: its page (rubrics of the model in order, sourced
guidance, per-CCP summary with links), its place in the navigation and on the stagiaire's path,
and the blank fillable PDF in the model's order."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import yaml

from generator.load import load_framework
from generator.model import build_model
from generator.render import HOME_FILE, render_site
from generator.views import SiteView

from .site_helpers import REAL_FRAMEWORK, BuiltSite, FrameworkData, copy_real_framework

pytest_plugins = ["tests.conftest_site"]

BASE = Path(__file__).parent / "cases" / "base" / "framework"
DP = yaml.safe_load((REAL_FRAMEWORK / "dossier_professionnel.yml").read_text(encoding="utf-8"))
REAL = FrameworkData(REAL_FRAMEWORK)
CCPS = sorted(REAL.ccps, key=lambda c: c["numero"])


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_model_keeps_the_rubrics_in_the_model_order() -> None:
    fw = build_model(load_framework(REAL_FRAMEWORK).docs)
    dp = fw.dossier_professionnel
    assert dp is not None and dp.rubriques is not None
    assert [name for name, _ in dp.rubriques.dans_l_ordre()] == [
        "page_de_garde", "sommaire", "exemples", "titres", "declaration", "documents", "annexes"]
    assert [q.numero for q in dp.rubriques.exemples.questions] == [1, 2, 3, 4, 5]
    assert [a.ccp for a in dp.activites] == [c["id"] for c in CCPS]
    assert all(a.exemples == (1, 2, 3) for a in dp.activites)


def test_guidance_not_confirmed_by_a_guide_is_listed_a_verifier() -> None:
    fw = build_model(load_framework(REAL_FRAMEWORK).docs)
    rows = [r for r in SiteView(fw).a_verifier_liste
            if r.page.as_posix() == "referentiel/dossier-professionnel.md"]
    elements = [r.element for r in rows]
    for q in DP["rubriques"]["exemples"]["questions"][:3]:
        assert f"Conseil : {q['numero']}. {q['libelle']}" in elements
    assert "Conseil : Annexes" in elements
    # The model was read only in copies: its rubrics are « à vérifier » too; what the arrêté
    # of 22 December 2015 states (the jury's elements of decision) is not.
    assert "Déclaration sur l'honneur" in elements
    assert "Place dans la décision du jury" not in elements


def test_stagiaire_link_only_when_the_framework_has_a_dossier() -> None:
    real = render_site(build_model(load_framework(REAL_FRAMEWORK).docs), [], skip_pdf=True)
    assert "[dossier professionnel](referentiel/dossier-professionnel.md)" in \
        real.support[HOME_FILE]
    base = render_site(build_model(load_framework(BASE).docs), [], skip_pdf=True)
    assert "dossier professionnel" not in base.support[HOME_FILE].lower()
    assert not any("dossier-professionnel" in p.as_posix() for p in base.pages)
    assert not any(i.path.name.startswith("dossier-professionnel") for i in base.impressions)


def test_page_has_every_rubric_question_and_ccp(real_site: BuiltSite) -> None:
    page = real_site.page("referentiel/dossier-professionnel.html")
    assert page.h1 == "Dossier professionnel (DP)"
    r = DP["rubriques"]
    h2 = [text for tag, text in page.headings if tag == "h2"]
    expected = ["Compétences illustrées, CCP par CCP", r["page_de_garde"]["intitule"],
                r["sommaire"]["intitule"], r["exemples"]["intitule"],
                r["titres"]["intitule"] + " (facultatif)", r["declaration"]["intitule"],
                r["documents"]["intitule"] + " (facultatif)",
                f"{r['annexes']['intitule']} ({r['annexes']['condition']})"]
    assert [h for h in h2 if h in expected] == expected
    h3 = [text for tag, text in page.headings if tag == "h3"]
    for ccp in CCPS:
        assert f"Activité-type {ccp['numero']} : {' '.join(ccp['intitule'].split())}" in h3
        assert f"CCP {ccp['numero']} : {' '.join(ccp['intitule'].split())}" in h3
    html = (real_site.site / "referentiel" / "dossier-professionnel.html").read_text("utf-8")
    for q in r["exemples"]["questions"]:
        assert f"{q['numero']}. {q['libelle']}".replace("'", "&#39;") in html or \
            f"{q['numero']}. {q['libelle']}" in html
    # Guidance beside each question, with its sources; team guidance shown « à vérifier ».
    assert html.count('class="dp-conseil"') >= 5 * 3 * len(CCPS)
    assert "à vérifier" in html
    # Summary: one link per compétence to its page and to its self-assessment grid.
    for comp in REAL.competences:
        assert f'href="competences/{comp["id"]}.html"' in html
        assert f'href="grilles/competence-{comp["id"]}-auto-evaluation.html"' in html


def test_page_is_in_the_nav_and_on_the_stagiaire_path(real_site: BuiltSite) -> None:
    index = real_site.page("index.html")
    links = [(href, h2) for href, h2, _ in index.links
             if href.endswith("referentiel/dossier-professionnel.html")]
    assert any(h2 == "Vous êtes stagiaire" for _, h2 in links), links
    nav = (real_site.site / "referentiel" / "titre.html").read_text("utf-8")
    assert 'href="dossier-professionnel.html"' in nav


def test_blank_pdf_is_fillable_a4_in_the_model_order(real_site: BuiltSite) -> None:
    path = real_site.site / "referentiel" / "dossier-professionnel-a-remplir.pdf"
    reader = pypdf.PdfReader(path)
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
             for p in reader.pages}
    assert sizes == {(595, 842)}
    examples = sum(len(a["exemples"]) for a in DP["activites"])
    # Cover, contents, two pages per example, then the four last rubrics.
    assert len(reader.pages) == 2 + 2 * examples + 4
    fields = reader.get_fields() or {}
    for ccp in CCPS:
        for n in (1, 2, 3):
            for name in ("intitule", "taches", "moyens", "avec-qui", "structure", "service",
                         "periode-du", "periode-au", "informations"):
                assert f"{ccp['id']}-ex{n}-{name}" in fields, (ccp["id"], n, name)
    assert {"garde-nom-naissance", "garde-modalite-formation", "garde-modalite-vae",
            "decl-soussigne", "titres-1-intitule", "documents-1-intitule"} <= set(fields)
    text = _flat(" ".join(p.extract_text() for p in reader.pages))
    r = DP["rubriques"]
    ordre = ["DOSSIERPROFESSIONNEL(DP)", _flat(r["sommaire"]["intitule"])]
    for ccp in CCPS:
        ordre += [_flat(f"Activité-type {ccp['numero']} : {ccp['intitule']}")]
    for ccp in CCPS:
        for n in (1, 2, 3):
            ordre += [_flat(f"Activité-type {ccp['numero']} : {ccp['intitule']}"),
                      _flat(f"Exemple n°{n}")]
            ordre += [_flat(f"{q['numero']}. {q['libelle']}") for q in r["exemples"]["questions"]]
    ordre += [_flat(r["titres"]["intitule"]), _flat(r["declaration"]["intitule"]),
              _flat(r["declaration"]["engagement"]), _flat(r["documents"]["intitule"]),
              _flat(r["annexes"]["intitule"].upper())]
    position = 0
    for heading in ordre:
        found = text.find(heading, position)
        assert found >= 0, f"« {heading} » absent ou hors de l'ordre du modèle"
        position = found + len(heading)


def test_diff_names_the_changed_question(tmp_path, capsys) -> None:

    from generator.cli import main

    after = tmp_path / "apres"
    copy_real_framework(after)
    dp_file = after / "dossier_professionnel.yml"
    text = dp_file.read_text(encoding="utf-8")
    dp_file.write_text(text.replace('"Avec qui avez-vous travaillé ?"',
                                    '"Avec qui avez-vous travaillé ? (modifié)"'),
                       encoding="utf-8")
    assert main(["diff", "--from", str(REAL_FRAMEWORK), "--to", str(after)]) == 0
    out = capsys.readouterr().out
    assert "Questions du dossier professionnel :" in out
    assert "modification avec-qui « Avec qui avez-vous travaillé ? (modifié) »" in out
    assert out.rstrip().endswith("0 ajout, 0 suppression, 1 modification.")
